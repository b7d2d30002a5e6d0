/**
 * Second order for one carrier band λ1: S2(λ1, λ2, t) over time with the modulation frequency
 * λ2 in Hz, beside the latest frame's whole λ1 × λ2 matrix. λ1 is the band clicked in the
 * scalogram, or else the most energetic of the last 2 s. Normalised shows S2/S1(λ1), the depth
 * of modulation, independent of the carrier's level.
 */
import type { AnalysisView } from '../model/analysis-view.js';
import { secondOrderAxis, type BandAxis } from '../model/band-axis.js';
import { formatHz, toDb } from '../model/decibels.js';
import { HeatmapPlot } from './heatmap-plot.js';
import { HeatmapRing, type BandDb, type HeatmapColours } from './heatmap-ring.js';
import { ModulationMatrix } from './modulation-matrix.js';
import { cursorText, displayedColumns, type DisplayedHeatmap } from './scalogram-panel.js';

export interface SecondOrderElements {
  readonly heatmap: HTMLElement;
  readonly heatmapReadout: HTMLElement;
  readonly matrix: HTMLElement;
  readonly matrixReadout: HTMLElement;
  /** Names the band shown ("λ1 = 1.00 kHz (most energetic)"). */
  readonly title: HTMLElement;
}

export class SecondOrderPanel {
  private readonly heatmap: HeatmapPlot;
  readonly matrix: ModulationMatrix;
  private view: AnalysisView | null = null;
  private band: number | null = null;
  private axis: BandAxis | null = null;
  private firstRow = -1;
  private normalised = false;

  constructor(
    private readonly elements: SecondOrderElements,
    private colours: HeatmapColours,
  ) {
    this.heatmap = new HeatmapPlot(elements.heatmap, {
      height: 220,
      frequencyLabel: 'λ2 modulation',
      onCursor: (point) => {
        elements.heatmapReadout.textContent = cursorText(point, 'λ2');
      },
    });
    this.matrix = new ModulationMatrix(elements.matrix, colours, {
      height: 220,
      onCursor: (text) => {
        elements.matrixReadout.textContent = text;
      },
    });
  }

  get canvases(): HTMLCanvasElement[] {
    return [this.heatmap.plot.ctx.canvas, this.matrix.plot.ctx.canvas];
  }

  /** S2 of band `band` of the current axis in a column, in dB (over S1 when normalised). */
  private readonly bandDb: BandDb = (column, band) => {
    const row = this.axis?.rows[band];
    if (row === undefined) return -Infinity;
    const s2 = column[row] ?? 0;
    if (!this.normalised) return toDb(s2);
    const s1 = column[this.firstRow] ?? 0;
    return s1 > 0 ? toDb(s2 / s1) : -Infinity;
  };

  setView(view: AnalysisView | null): void {
    this.view = view;
    this.band = null;
    this.matrix.setView(view);
    this.rebuild();
  }

  /** Shows first-order band `band` (an index into the view's first-order axis). */
  setBand(band: number, picked: boolean): void {
    const view = this.view;
    if (view === null) return;
    if (band !== this.band) {
      this.band = band;
      this.matrix.setPicked(band);
      this.rebuild();
    }
    const hz = view.firstOrder.hz[band];
    // The slowest bands have no second order: no modulation filter is slower than their φ.
    const none = this.axis?.rows.length === 0 ? ' — no second-order paths for this band' : '';
    this.elements.title.textContent =
      hz === undefined ? '' : `λ1 = ${formatHz(hz)}${picked ? '' : ' (most energetic)'}${none}`;
  }

  setNormalised(normalised: boolean): void {
    this.normalised = normalised;
    this.matrix.setNormalised(normalised);
    this.rebuild();
  }

  setColours(colours: HeatmapColours): void {
    this.colours = colours;
    this.matrix.setColours(colours);
    this.rebuild();
  }

  private rebuild(): void {
    const view = this.view;
    const n1 = view === null || this.band === null ? null : view.n1OfBand(this.band);
    if (view === null || n1 === null || this.band === null) {
      this.axis = null;
      this.heatmap.setSource(null);
      return;
    }
    this.firstRow = view.firstOrder.rows[this.band] ?? -1;
    const axis = secondOrderAxis(view.paths, n1);
    this.axis = axis;
    this.heatmap.setSource(
      axis.rows.length === 0
        ? null
        : {
            history: view.history,
            axis,
            ring: new HeatmapRing(view.history, axis.rows.length, this.bandDb, this.colours),
            bandDb: this.bandDb,
          },
    );
  }

  render(): void {
    this.heatmap.render();
    this.matrix.render();
  }

  /** The heatmap as displayed, with the band it is for (tests read this). */
  displayed(): (DisplayedHeatmap & { readonly lambda1Hz: number }) | null {
    const { view, axis, band } = this;
    if (view === null || axis === null || band === null) return null;
    return {
      lambda1Hz: view.firstOrder.hz[band] ?? 0,
      ...displayedColumns(view, axis.hz, this.bandDb),
    };
  }
}
