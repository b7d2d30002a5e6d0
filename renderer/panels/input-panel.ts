/**
 * The input's last ~100 ms as a min/max waveform (one vertical span per display column, so
 * nothing between samples is hidden), with the level meter beside it.
 */
import uPlot from 'uplot';
import type { InputView } from '../../src/protocol/ui-messages.js';
import { formatDb, toDb } from '../model/decibels.js';
import { LevelMeter, type LevelMeterElements } from './level-meter.js';
import { axis, followWidth, sizeIn } from './plot-theme.js';

const WAVE_COLOUR = '#7fd1ff';
const HEIGHT = 140;

export class InputPanel {
  readonly plot: uPlot;
  private readonly meter: LevelMeter;
  private latest: InputView | null = null;
  private shown: InputView | null = null;

  constructor(container: HTMLElement, readout: HTMLElement, meter: LevelMeterElements) {
    this.meter = new LevelMeter(meter);
    this.plot = new uPlot(
      {
        ...sizeIn(container, HEIGHT),
        legend: { show: false },
        cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
        scales: { x: { time: false }, y: { auto: false, range: [-1, 1] } },
        axes: [
          axis('time (ms)'),
          axis('amplitude', { size: 48, splits: () => [-1, -0.5, 0, 0.5, 1] }),
        ],
        series: [{}, { stroke: WAVE_COLOUR, width: 1 }, { stroke: WAVE_COLOUR, width: 1 }],
        bands: [{ series: [2, 1], fill: 'rgba(127, 209, 255, 0.45)' }],
        hooks: {
          setCursor: [
            (plot) => {
              readout.textContent = this.describe(plot.cursor.idx);
            },
          ],
        },
      },
      [[], [], []],
      container,
    );
    followWidth(this.plot, container, HEIGHT);
  }

  get canvas(): HTMLCanvasElement {
    return this.plot.ctx.canvas;
  }

  /** Keeps the newest view; it is drawn at the next animation frame (latest wins). */
  offer(view: InputView): void {
    this.latest = view;
  }

  render(now: number): void {
    const view = this.latest;
    if (view === null || view === this.shown) return;
    this.shown = view;
    const columns = Math.floor(view.minMax.length / 2);
    const times = new Float64Array(columns);
    const mins = new Float64Array(columns);
    const maxs = new Float64Array(columns);
    const msPerColumn = (view.seconds * 1000) / Math.max(1, columns);
    for (let c = 0; c < columns; c++) {
      times[c] = (c - columns + 1) * msPerColumn;
      mins[c] = view.minMax[2 * c] ?? 0;
      maxs[c] = view.minMax[2 * c + 1] ?? 0;
    }
    this.plot.setData([times, mins, maxs]);
    this.meter.show(view.peakDb, view.rmsDb, view.clipped, now);
  }

  private describe(index: number | null | undefined): string {
    if (index === null || index === undefined) return '';
    const [times, mins, maxs] = this.plot.data;
    const ms = times[index];
    const low = mins?.[index];
    const high = maxs?.[index];
    if (
      ms === undefined ||
      low === undefined ||
      high === undefined ||
      low === null ||
      high === null
    )
      return '';
    return `${ms.toFixed(1)} ms · ${formatDb(toDb(Math.max(Math.abs(low), Math.abs(high))))}FS`;
  }
}
