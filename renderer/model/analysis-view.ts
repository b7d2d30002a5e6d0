/**
 * Everything the panels derive from one analysis layout: the history of frames and the
 * frequency axes. A new layout (another engine setting, another sample rate) makes a new view;
 * frames of another row count are ignored until it arrives.
 */
import type { PathMetaHz } from '../../src/protocol/layout.js';
import type { AnalysisLayout } from '../../src/protocol/ui-messages.js';
import { firstOrderAxis, modulationAxis, type BandAxis } from './band-axis.js';
import { FrameHistory } from './frame-history.js';

/** Seconds of history the heatmaps scroll through. */
export const HISTORY_SECONDS = 32;
/** Upper bound on history columns (frames are merged beyond it): about 2 columns per pixel. */
const MAX_COLUMNS = 2400;

export class AnalysisView {
  readonly history: FrameHistory;
  readonly firstOrder: BandAxis;
  readonly modulations: BandAxis;

  constructor(readonly layout: AnalysisLayout) {
    this.history = new FrameHistory(
      layout.paths.length,
      layout.hop / layout.sampleRate,
      HISTORY_SECONDS,
      MAX_COLUMNS,
    );
    this.firstOrder = firstOrderAxis(layout.paths);
    this.modulations = modulationAxis(layout.paths);
  }

  get paths(): readonly PathMetaHz[] {
    return this.layout.paths;
  }

  /** The n1 of first-order band `band` (its filter index). */
  n1OfBand(band: number): number | null {
    const row = this.firstOrder.rows[band];
    return row === undefined ? null : (this.paths[row]?.n1 ?? null);
  }

  /** The first-order band with the most energy over the newest `columns` columns. */
  loudestBand(columns: number): number {
    const { history, firstOrder } = this;
    let best = 0;
    let bestEnergy = -1;
    const span = Math.min(columns, history.size);
    firstOrder.rows.forEach((row, band) => {
      let energy = 0;
      for (let age = 0; age < span; age++) {
        const value = history.values[history.slotOfAge(age) * history.rows + row] ?? 0;
        energy += value * value;
      }
      if (energy > bestEnergy) {
        bestEnergy = energy;
        best = band;
      }
    });
    return best;
  }
}

/** Whether two layouts describe the same rows at the same rate (frames stay comparable). */
export function sameLayout(a: AnalysisLayout | null, b: AnalysisLayout | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.sampleRate === b.sampleRate &&
    a.hop === b.hop &&
    a.paths.length === b.paths.length &&
    a.engine.J === b.engine.J &&
    a.engine.Q1 === b.engine.Q1 &&
    a.engine.Q2 === b.engine.Q2 &&
    a.engine.maxOrder === b.engine.maxOrder
  );
}
