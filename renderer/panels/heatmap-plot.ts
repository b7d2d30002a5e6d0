/**
 * A scrolling heatmap on uPlot: uPlot owns the axes (time in seconds, frequency in Hz on a log
 * scale), the scales and the cursor; the pixels come from a `HeatmapRing`, drawn in uPlot's draw
 * hook band by band (each band between its edges on the log axis, so uneven bands stay honest).
 * `render` is called at most once per animation frame and does one `setData`.
 */
import uPlot from 'uplot';
import type { BandAxis } from '../model/band-axis.js';
import { bandAt } from '../model/band-axis.js';
import type { FrameHistory } from '../model/frame-history.js';
import type { BandDb, HeatmapRing } from './heatmap-ring.js';
import { axis, followWidth, hzAxis, LOG_DISTRIBUTION, sizeIn } from './plot-theme.js';

/** Narrowest time axis, in seconds (while the history fills). */
const MIN_SPAN_SECONDS = 4;

export interface HeatmapSource {
  readonly history: FrameHistory;
  readonly axis: BandAxis;
  readonly ring: HeatmapRing;
  readonly bandDb: BandDb;
}

/** What is under the cursor: the column's centre time (s), the band's centre (Hz), its level. */
export interface HeatmapPoint {
  readonly seconds: number;
  readonly hz: number;
  readonly db: number;
  readonly band: number;
}

export interface HeatmapPlotOptions {
  readonly height: number;
  readonly frequencyLabel: string;
  readonly onCursor: (point: HeatmapPoint | null) => void;
  /** A click on band `band` (an index into the source's axis). */
  readonly onClick?: (band: number) => void;
}

export class HeatmapPlot {
  readonly plot: uPlot;
  private source: HeatmapSource | null = null;
  private markerHz: number | null = null;
  /** The frequency range last given to uPlot's y scale (it has no series to range it by). */
  private shownRange: readonly [number, number] = [0, 0];

  constructor(
    container: HTMLElement,
    private readonly options: HeatmapPlotOptions,
  ) {
    const plotOptions: uPlot.Options = {
      ...sizeIn(container, options.height),
      legend: { show: false },
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
      scales: {
        x: { time: false, auto: false, range: () => this.timeRange() },
        y: { distr: LOG_DISTRIBUTION, log: 10, auto: false, range: () => this.frequencyRange() },
      },
      axes: [axis('time (s)', { grid: { show: false } }), hzAxis(options.frequencyLabel)],
      series: [{}],
      hooks: {
        draw: [(plot) => this.drawHeatmap(plot)],
        setCursor: [
          (plot) => this.options.onCursor(this.pointAt(plot.cursor.left, plot.cursor.top)),
        ],
      },
    };
    this.plot = new uPlot(plotOptions, [[0, 1]], container);
    followWidth(this.plot, container, options.height);
    const onClick = options.onClick;
    if (onClick !== undefined) {
      // A click picks a band wherever it falls in time (history not yet filled included).
      this.plot.over.addEventListener('click', (event) => {
        const band = this.bandAtY(event.offsetY);
        if (band !== null) onClick(band);
      });
    }
  }

  setSource(source: HeatmapSource | null): void {
    this.source = source;
  }

  /** Marks one frequency (the band picked for the second-order panel) with a line. */
  setMarker(hz: number | null): void {
    this.markerHz = hz;
  }

  /** Viewport coordinates (CSS px) of frequency `hz` halfway along the time axis. */
  viewportPoint(hz: number): { x: number; y: number } | null {
    if (this.source === null) return null;
    const rect = this.plot.over.getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + this.plot.valToPos(hz, 'y') };
  }

  /** Paints new columns and redraws (one setData). */
  render(): void {
    this.source?.ring.update();
    const [low, high] = this.frequencyRange();
    if (low !== this.shownRange[0] || high !== this.shownRange[1]) {
      this.shownRange = [low, high];
      this.plot.setScale('y', { min: low, max: high });
    }
    const [min, max] = this.timeRange();
    this.plot.setData([[min, max]], true);
  }

  /**
   * The time axis: the columns held, at least `MIN_SPAN_SECONDS` wide, so that a short file
   * fills the plot; once the history is full, its whole span scrolls.
   */
  private timeRange(): [number, number] {
    const history = this.source?.history;
    if (history === undefined || history.written === 0) return [-MIN_SPAN_SECONDS, 0];
    const { columnSeconds } = history;
    const span = Math.min(
      history.capacity,
      Math.max(history.size, Math.ceil(MIN_SPAN_SECONDS / columnSeconds)),
    );
    const newest = history.newestTime;
    return [newest - (span - 0.5) * columnSeconds, newest + columnSeconds / 2];
  }

  private frequencyRange(): [number, number] {
    const edges = this.source?.axis.edges ?? [];
    return [edges[0] ?? 1, edges[edges.length - 1] ?? 10];
  }

  /** The band at CSS pixel row `top` of the plotting area, or null off the axis. */
  bandAtY(top: number): number | null {
    if (this.source === null) return null;
    const band = bandAt(this.source.axis, this.plot.posToVal(top, 'y'));
    return band < 0 ? null : band;
  }

  /** The point under CSS pixel (left, top) of the plotting area, or null off the data. */
  pointAt(left: number | undefined, top: number | undefined): HeatmapPoint | null {
    const source = this.source;
    if (source === null || left === undefined || top === undefined || left < 0 || top < 0)
      return null;
    const { history } = source;
    if (history.written === 0) return null;
    const seconds = this.plot.posToVal(left, 'x');
    const age = Math.round((history.newestTime - seconds) / history.columnSeconds);
    if (age < 0 || age >= history.size) return null;
    const band = bandAt(source.axis, this.plot.posToVal(top, 'y'));
    if (band < 0) return null;
    const slot = history.slotOfAge(age);
    return {
      seconds: history.times[slot] ?? 0,
      hz: source.axis.hz[band] ?? 0,
      db: source.bandDb(history.column(slot), band),
      band,
    };
  }

  private drawHeatmap(plot: uPlot): void {
    const source = this.source;
    if (source === null || source.history.written === 0) return;
    const { history, axis: bands, ring } = source;
    const { ctx, bbox } = plot;
    const newest = history.newestTime;
    const halfWidth = history.columnSeconds / 2;
    /** Canvas x of the left or right edge of the column `age` columns old. */
    const edgeX = (age: number, side: -1 | 1): number =>
      plot.valToPos(newest - age * history.columnSeconds + side * halfWidth, 'x', true);
    const newestSlot = history.slotOfAge(0);
    // The ring in at most two runs of slots: [0, newestSlot] and, once full, (newestSlot, end).
    const runs: { from: number; to: number }[] = [{ from: 0, to: newestSlot + 1 }];
    if (history.written > history.capacity && newestSlot + 1 < history.capacity)
      runs.push({ from: newestSlot + 1, to: history.capacity });
    ctx.save();
    ctx.beginPath();
    ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
    ctx.clip();
    ctx.imageSmoothingEnabled = false;
    for (const run of runs) {
      const oldestAge = (newestSlot - run.from + history.capacity) % history.capacity;
      const newestAge = (newestSlot - (run.to - 1) + history.capacity) % history.capacity;
      const left = edgeX(oldestAge, -1);
      const width = edgeX(newestAge, 1) - left;
      for (let band = 0; band < ring.bands; band++) {
        const top = plot.valToPos(bands.edges[band + 1] ?? 1, 'y', true);
        const bottom = plot.valToPos(bands.edges[band] ?? 1, 'y', true);
        ctx.drawImage(
          ring.canvas,
          run.from,
          ring.bands - 1 - band,
          run.to - run.from,
          1,
          left,
          top,
          width,
          bottom - top,
        );
      }
    }
    if (this.markerHz !== null) {
      const y = Math.round(plot.valToPos(this.markerHz, 'y', true)) + 0.5;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.lineWidth = 1;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(bbox.left, y);
      ctx.lineTo(bbox.left + bbox.width, y);
      ctx.stroke();
    }
    ctx.restore();
  }
}
