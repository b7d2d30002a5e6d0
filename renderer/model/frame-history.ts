/**
 * The displayed history: a ring of columns, each the mean of `framesPerColumn` consecutive
 * frames (all rows of the layout, linear amplitude). The heatmaps paint from it, the cursor
 * reads it, exports copy it. Capacity is fixed at construction: `historySeconds` of columns, with
 * frames merged into a column when more than `maxColumns` would be needed.
 */
import type { FramePacket } from '../../src/protocol/frame-packet.js';

export class FrameHistory {
  readonly capacity: number;
  readonly framesPerColumn: number;
  /** Seconds between column centres. */
  readonly columnSeconds: number;
  /** [capacity, rows]: column slot s holds rows at [s·rows, (s+1)·rows). */
  readonly values: Float32Array;
  /** Centre of each slot's column, in seconds of the stream. */
  readonly times: Float64Array;
  /** Columns ever committed; the newest is in slot (written − 1) mod capacity. */
  written = 0;

  private readonly sum: Float64Array;
  private summed = 0;
  private sumFirstTime = 0;

  constructor(
    readonly rows: number,
    readonly frameSeconds: number,
    historySeconds: number,
    maxColumns: number,
  ) {
    const framesNeeded = Math.ceil(historySeconds / frameSeconds);
    this.framesPerColumn = Math.max(1, Math.ceil(framesNeeded / maxColumns));
    this.capacity = Math.ceil(framesNeeded / this.framesPerColumn);
    this.columnSeconds = frameSeconds * this.framesPerColumn;
    this.values = new Float32Array(this.capacity * rows);
    this.times = new Float64Array(this.capacity);
    this.sum = new Float64Array(rows);
  }

  /** Columns held (at most the capacity). */
  get size(): number {
    return Math.min(this.written, this.capacity);
  }

  /** Slot of the column `age` columns before the newest (0: the newest). */
  slotOfAge(age: number): number {
    return (((this.written - 1 - age) % this.capacity) + this.capacity) % this.capacity;
  }

  column(slot: number): Float32Array {
    return this.values.subarray(slot * this.rows, (slot + 1) * this.rows);
  }

  /** Centre time of the newest column (0 before any). */
  get newestTime(): number {
    return this.written === 0 ? 0 : (this.times[this.slotOfAge(0)] ?? 0);
  }

  /** Adds a packet's frames; returns false (and ignores it) when its rows do not match. */
  push(packet: FramePacket): boolean {
    if (packet.rows !== this.rows) return false;
    const { rows, data } = packet;
    for (let frame = 0; frame < packet.count; frame++) {
      if (this.summed === 0)
        this.sumFirstTime = packet.firstFrameSeconds + frame * packet.frameSeconds;
      const offset = frame * rows;
      for (let row = 0; row < rows; row++)
        this.sum[row] = (this.sum[row] ?? 0) + (data[offset + row] ?? 0);
      this.summed++;
      if (this.summed === this.framesPerColumn) this.commit();
    }
    return true;
  }

  private commit(): void {
    const slot = this.written % this.capacity;
    const base = slot * this.rows;
    for (let row = 0; row < this.rows; row++) {
      this.values[base + row] = (this.sum[row] ?? 0) / this.summed;
      this.sum[row] = 0;
    }
    this.times[slot] = this.sumFirstTime + ((this.summed - 1) * this.frameSeconds) / 2;
    this.summed = 0;
    this.written++;
  }
}
