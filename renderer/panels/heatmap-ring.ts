/**
 * A heatmap's pixels: an offscreen canvas with one pixel column per history slot and one pixel
 * row per band (row 0: the lowest band), coloured through a lookup table. New history columns
 * are painted as they arrive; a change of colours or bands repaints the whole ring once.
 */
import type { FrameHistory } from '../model/frame-history.js';

/** dB value of band `band` in a history column (all layout rows, linear amplitude). */
export type BandDb = (column: Float32Array, band: number) => number;

export interface HeatmapColours {
  readonly table: Uint32Array;
  readonly floorDb: number;
  readonly ceilingDb: number;
}

export class HeatmapRing {
  readonly canvas: OffscreenCanvas;
  private readonly context: OffscreenCanvasRenderingContext2D;
  private painted = 0;
  private stale = true;

  constructor(
    private readonly history: FrameHistory,
    readonly bands: number,
    private readonly bandDb: BandDb,
    private colours: HeatmapColours,
  ) {
    this.canvas = new OffscreenCanvas(history.capacity, Math.max(1, bands));
    const context = this.canvas.getContext('2d');
    if (context === null) throw new Error('this browser cannot draw on an offscreen canvas');
    this.context = context;
  }

  setColours(colours: HeatmapColours): void {
    this.colours = colours;
    this.stale = true;
  }

  /** Brings the pixels up to the history's newest column. */
  update(): void {
    const { history } = this;
    const fresh = history.written - this.painted;
    if (this.stale || fresh > history.capacity / 2) {
      this.paintSlots(0, history.capacity);
      this.stale = false;
    } else if (fresh > 0) {
      const first = this.painted % history.capacity;
      const end = first + fresh;
      this.paintSlots(first, Math.min(end, history.capacity));
      if (end > history.capacity) this.paintSlots(0, end - history.capacity);
    }
    this.painted = history.written;
  }

  /** Paints slots [from, to) in one putImageData. */
  private paintSlots(from: number, to: number): void {
    const width = to - from;
    if (width <= 0 || this.bands === 0) return;
    const { history, bands, bandDb } = this;
    const { table, floorDb, ceilingDb } = this.colours;
    const image = new ImageData(width, bands);
    const pixels = new Uint32Array(image.data.buffer);
    const scale = 255 / Math.max(1e-6, ceilingDb - floorDb);
    const held = history.size;
    for (let x = 0; x < width; x++) {
      const slot = from + x;
      const filled = history.written >= history.capacity || slot < held;
      const column = history.column(slot);
      for (let band = 0; band < bands; band++) {
        const pixel = (bands - 1 - band) * width + x;
        if (!filled) {
          pixels[pixel] = 0;
          continue;
        }
        const db = bandDb(column, band);
        const level = Number.isFinite(db) ? (db - floorDb) * scale : 0;
        pixels[pixel] = table[level <= 0 ? 0 : level >= 255 ? 255 : Math.round(level)] ?? 0;
      }
    }
    this.context.putImageData(image, from, 0);
  }
}
