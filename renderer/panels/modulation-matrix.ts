/**
 * The latest frame's whole second order as a λ1 × λ2 matrix: carrier frequency λ1 across, and
 * modulation frequency λ2 up, both in Hz on log axes; each cell is one path S2(λ1, λ2), coloured
 * in dB (or S2/S1 in dB when normalised). The picked λ1 is outlined.
 */
import uPlot from 'uplot';
import { bandAt } from '../model/band-axis.js';
import type { AnalysisView } from '../model/analysis-view.js';
import { cssColours } from '../model/colour-maps.js';
import { formatDb, formatHz, toDb } from '../model/decibels.js';
import type { HeatmapColours } from './heatmap-ring.js';
import { followWidth, hzAxis, LOG_DISTRIBUTION, sizeIn } from './plot-theme.js';

interface Cell {
  /** Layout rows of S2(λ1, λ2) and of S1(λ1). */
  readonly row: number;
  readonly firstRow: number;
  readonly firstBand: number;
  readonly modulationBand: number;
}

export interface MatrixOptions {
  readonly height: number;
  readonly onCursor: (text: string) => void;
}

export class ModulationMatrix {
  readonly plot: uPlot;
  private view: AnalysisView | null = null;
  private cells: Cell[] = [];
  /** cellAt[firstBand · modulations + modulationBand]: index into cells, or -1. */
  private cellAt = new Int32Array(0);
  private picked: number | null = null;
  private normalised = false;
  /** The frequency range last given to uPlot's y scale (it has no series to range it by). */
  private shownRange: readonly [number, number] = [0, 0];

  constructor(
    container: HTMLElement,
    private colours: HeatmapColours,
    options: MatrixOptions,
  ) {
    this.plot = new uPlot(
      {
        ...sizeIn(container, options.height),
        legend: { show: false },
        cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
        scales: {
          x: {
            time: false,
            distr: LOG_DISTRIBUTION,
            log: 10,
            auto: false,
            range: () => this.range('x'),
          },
          y: { distr: LOG_DISTRIBUTION, log: 10, auto: false, range: () => this.range('y') },
        },
        axes: [hzAxis('λ1 frequency'), hzAxis('λ2 modulation')],
        series: [{}],
        hooks: {
          draw: [(plot) => this.draw(plot)],
          setCursor: [(plot) => options.onCursor(this.describe(plot.cursor.left, plot.cursor.top))],
        },
      },
      [[1, 10]],
      container,
    );
    followWidth(this.plot, container, options.height);
  }

  setView(view: AnalysisView | null): void {
    this.view = view;
    this.cells = [];
    if (view === null) return;
    const firstBandOfN1 = new Map<number, number>();
    view.firstOrder.rows.forEach((row, band) => {
      const n1 = view.paths[row]?.n1;
      if (n1 !== null && n1 !== undefined) firstBandOfN1.set(n1, band);
    });
    const modulationBandOfN2 = new Map<number, number>();
    view.modulations.rows.forEach((n2, band) => modulationBandOfN2.set(n2, band));
    const modulations = view.modulations.hz.length;
    this.cellAt = new Int32Array(view.firstOrder.hz.length * modulations).fill(-1);
    for (const path of view.paths) {
      if (path.order !== 2 || path.n1 === null || path.n2 === null) continue;
      const firstBand = firstBandOfN1.get(path.n1);
      const modulationBand = modulationBandOfN2.get(path.n2);
      const firstRow = firstBand === undefined ? undefined : view.firstOrder.rows[firstBand];
      if (firstBand === undefined || modulationBand === undefined || firstRow === undefined)
        continue;
      this.cellAt[firstBand * modulations + modulationBand] = this.cells.length;
      this.cells.push({ row: path.row, firstRow, firstBand, modulationBand });
    }
  }

  setColours(colours: HeatmapColours): void {
    this.colours = colours;
  }

  setPicked(band: number | null): void {
    this.picked = band;
  }

  setNormalised(normalised: boolean): void {
    this.normalised = normalised;
  }

  render(): void {
    const [low, high] = this.range('y');
    if (low !== this.shownRange[0] || high !== this.shownRange[1]) {
      this.shownRange = [low, high];
      this.plot.setScale('y', { min: low, max: high });
    }
    this.plot.setData([[...this.range('x')]], true);
  }

  /** The latest frame's matrix in dB: [λ1 band][λ2 band], NaN where no path exists. */
  displayed(): {
    firstHz: readonly number[];
    modulationHz: readonly number[];
    db: number[][];
  } | null {
    const view = this.view;
    if (view === null || view.history.written === 0) return null;
    const column = view.history.column(view.history.slotOfAge(0));
    const db = view.firstOrder.hz.map(() => view.modulations.hz.map(() => Number.NaN));
    for (const cell of this.cells) {
      const row = db[cell.firstBand];
      if (row !== undefined) row[cell.modulationBand] = this.cellDb(column, cell);
    }
    return { firstHz: view.firstOrder.hz, modulationHz: view.modulations.hz, db };
  }

  private cellDb(column: Float32Array, cell: Cell): number {
    const s2 = column[cell.row] ?? 0;
    if (!this.normalised) return toDb(s2);
    const s1 = column[cell.firstRow] ?? 0;
    return s1 > 0 ? toDb(s2 / s1) : -Infinity;
  }

  private range(scale: 'x' | 'y'): [number, number] {
    const edges = (scale === 'x' ? this.view?.firstOrder : this.view?.modulations)?.edges ?? [];
    return [edges[0] ?? 1, edges[edges.length - 1] ?? 10];
  }

  private describe(left: number | undefined, top: number | undefined): string {
    const view = this.view;
    if (view === null || left === undefined || top === undefined || left < 0 || top < 0) return '';
    if (view.history.written === 0) return '';
    const firstBand = bandAt(view.firstOrder, this.plot.posToVal(left, 'x'));
    const modulationBand = bandAt(view.modulations, this.plot.posToVal(top, 'y'));
    if (firstBand < 0 || modulationBand < 0) return '';
    const cell =
      this.cells[this.cellAt[firstBand * view.modulations.hz.length + modulationBand] ?? -1];
    if (cell === undefined) return '';
    const column = view.history.column(view.history.slotOfAge(0));
    return `λ1 ${formatHz(view.firstOrder.hz[firstBand] ?? 0)} · λ2 ${formatHz(view.modulations.hz[modulationBand] ?? 0)} · ${formatDb(this.cellDb(column, cell))}`;
  }

  private draw(plot: uPlot): void {
    const view = this.view;
    if (view === null || view.history.written === 0) return;
    const { ctx } = plot;
    const column = view.history.column(view.history.slotOfAge(0));
    const { table, floorDb, ceilingDb } = this.colours;
    const fills = cssColours(table);
    const scale = 255 / Math.max(1e-6, ceilingDb - floorDb);
    const x = (hz: number | undefined): number => plot.valToPos(hz ?? 1, 'x', true);
    const y = (hz: number | undefined): number => plot.valToPos(hz ?? 1, 'y', true);
    const { edges: firstEdges } = view.firstOrder;
    const { edges: modulationEdges } = view.modulations;
    for (const cell of this.cells) {
      const db = this.cellDb(column, cell);
      const level = Number.isFinite(db) ? (db - floorDb) * scale : 0;
      ctx.fillStyle = fills[level <= 0 ? 0 : level >= 255 ? 255 : Math.round(level)] ?? 'black';
      const left = x(firstEdges[cell.firstBand]);
      const top = y(modulationEdges[cell.modulationBand + 1]);
      ctx.fillRect(
        left,
        top,
        x(firstEdges[cell.firstBand + 1]) - left,
        y(modulationEdges[cell.modulationBand]) - top,
      );
    }
    if (this.picked !== null) {
      const left = x(firstEdges[this.picked]);
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(left, plot.bbox.top, x(firstEdges[this.picked + 1]) - left, plot.bbox.height);
    }
  }
}
