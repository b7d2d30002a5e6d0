/**
 * The first-order scalogram |x ⋆ ψλ1| ⋆ φ: one band per first-order filter, frequency on a log
 * axis, 32 s of history scrolling right to left. Clicking a band picks λ1 for the second-order
 * panel.
 */
import type { AnalysisView } from '../model/analysis-view.js';
import { formatDb, formatHz, toDb } from '../model/decibels.js';
import { HeatmapPlot, type HeatmapPoint } from './heatmap-plot.js';
import { HeatmapRing, type BandDb, type HeatmapColours } from './heatmap-ring.js';

/** The displayed matrix: columns oldest to newest, each with one dB value per band. */
export interface DisplayedHeatmap {
  readonly bandsHz: readonly number[];
  readonly seconds: readonly number[];
  readonly db: readonly (readonly number[])[];
}

export function cursorText(point: HeatmapPoint | null, what: string): string {
  return point === null
    ? ''
    : `${point.seconds.toFixed(2)} s · ${what} ${formatHz(point.hz)} · ${formatDb(point.db)}`;
}

/** The history's columns through `bandDb`, oldest first (tests and exports read this). */
export function displayedColumns(
  view: AnalysisView,
  bandsHz: readonly number[],
  bandDb: BandDb,
): DisplayedHeatmap {
  const { history } = view;
  const seconds: number[] = [];
  const db: number[][] = [];
  for (let age = history.size - 1; age >= 0; age--) {
    const slot = history.slotOfAge(age);
    const column = history.column(slot);
    seconds.push(history.times[slot] ?? 0);
    db.push(bandsHz.map((_hz, band) => bandDb(column, band)));
  }
  return { bandsHz, seconds, db };
}

export class ScalogramPanel {
  private readonly heatmap: HeatmapPlot;
  private view: AnalysisView | null = null;
  private ring: HeatmapRing | null = null;

  constructor(
    container: HTMLElement,
    readout: HTMLElement,
    private colours: HeatmapColours,
    onPick: (band: number) => void,
  ) {
    this.heatmap = new HeatmapPlot(container, {
      height: 300,
      frequencyLabel: 'λ1 frequency',
      onCursor: (point) => {
        readout.textContent = cursorText(point, 'λ1');
      },
      onClick: onPick,
    });
  }

  get canvas(): HTMLCanvasElement {
    return this.heatmap.plot.ctx.canvas;
  }

  private readonly bandDb: BandDb = (column, band) => {
    const row = this.view?.firstOrder.rows[band];
    return row === undefined ? -Infinity : toDb(column[row] ?? 0);
  };

  setView(view: AnalysisView | null): void {
    this.view = view;
    this.ring =
      view === null
        ? null
        : new HeatmapRing(view.history, view.firstOrder.hz.length, this.bandDb, this.colours);
    this.heatmap.setSource(
      view === null || this.ring === null
        ? null
        : { history: view.history, axis: view.firstOrder, ring: this.ring, bandDb: this.bandDb },
    );
  }

  setColours(colours: HeatmapColours): void {
    this.colours = colours;
    this.ring?.setColours(colours);
  }

  /** Marks the band picked for the second-order panel. */
  setPicked(band: number | null): void {
    this.heatmap.setMarker(band === null ? null : (this.view?.firstOrder.hz[band] ?? null));
  }

  render(): void {
    this.heatmap.render();
  }

  viewportPoint(hz: number): { x: number; y: number } | null {
    return this.heatmap.viewportPoint(hz);
  }

  displayed(): DisplayedHeatmap | null {
    const view = this.view;
    return view === null ? null : displayedColumns(view, view.firstOrder.hz, this.bandDb);
  }
}
