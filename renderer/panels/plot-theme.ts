/** Shared uPlot styling for the dark panels, and the size a plot takes in its container. */
import type uPlot from 'uplot';
import { formatHz } from '../model/decibels.js';

export const AXIS_COLOUR = '#b8c0cc';
export const GRID_COLOUR = 'rgba(184, 192, 204, 0.12)';
export const FONT = '11px system-ui, sans-serif';

/** uPlot's `Scale.Distr.Logarithmic`: a const enum, which isolated modules cannot import. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the enum's documented value
export const LOG_DISTRIBUTION = 3 as uPlot.Scale.Distr;

export function axis(label: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    label,
    stroke: AXIS_COLOUR,
    font: FONT,
    labelFont: FONT,
    labelSize: 16,
    grid: { stroke: GRID_COLOUR, width: 1 },
    ticks: { stroke: GRID_COLOUR, width: 1 },
    ...extra,
  };
}

/** A log-frequency axis labelled in Hz / kHz. */
export function hzAxis(label: string): uPlot.Axis {
  return axis(label, {
    size: 56,
    space: 18,
    // uPlot passes null for log-scale splits it leaves unlabelled.
    values: (_plot, splits) =>
      (splits as (number | null)[]).map((hz) => (hz === null ? '' : formatHz(hz))),
    grid: { show: false },
  });
}

/** Plot size for a container: its width, and `height` CSS pixels. */
export function sizeIn(container: HTMLElement, height: number): { width: number; height: number } {
  return { width: Math.max(200, Math.floor(container.clientWidth)), height };
}

/** Keeps a plot as wide as its container. */
export function followWidth(plot: uPlot, container: HTMLElement, height: number): void {
  new ResizeObserver(() => {
    const size = sizeIn(container, height);
    if (size.width !== plot.width) plot.setSize(size);
  }).observe(container);
}
