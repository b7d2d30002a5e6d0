/**
 * Collects each row's values as its own stage produces them and emits whole frames in order.
 *
 * Rows finish a given frame at different times (each path has its own filters, blocks and
 * decimations), so pending frames wait in a ring with a count of rows written. A frame is emitted
 * when its count reaches the number of rows. The ring grows only during warm-up: the spread
 * between the fastest and the slowest row is bounded by the stages' block sizes, never by the
 * stream's length.
 */
import type { FrameSink, Sample } from './engine-types.js';

export class FrameAssembler {
  private capacity = 64;
  private values: Float64Array;
  private counts: Int32Array;
  private nextEmit: number;
  private readonly frame: Sample;

  /**
   * @param rows values per frame
   * @param firstFrame the first frame every row produces (earlier values are dropped)
   * @param frameLimit frames at or beyond this index are dropped (the end of a finite signal)
   */
  constructor(
    private readonly rows: number,
    firstFrame: number,
    private frameLimit: number,
    allocate: (n: number) => Sample,
    private readonly sink: FrameSink,
  ) {
    this.values = new Float64Array(rows * this.capacity);
    this.counts = new Int32Array(this.capacity);
    this.nextEmit = firstFrame;
    this.frame = allocate(rows);
  }

  /** Index of the next frame to be emitted. */
  get pendingFrame(): number {
    return this.nextEmit;
  }

  /** Frames at or beyond `limit` are dropped; lowering it never drops a frame already emitted. */
  setFrameLimit(limit: number): void {
    this.frameLimit = limit;
  }

  reset(firstFrame: number): void {
    this.nextEmit = firstFrame;
    this.counts.fill(0);
  }

  /** Writes `count` consecutive frames of `row`, the first at frame index `first`. */
  write(row: number, values: ArrayLike<number>, count: number, first: number): void {
    for (let i = 0; i < count; i++) this.writeValue(row, values[i], first + i);
  }

  private writeValue(row: number, value: number, frame: number): void {
    if (frame < this.nextEmit || frame >= this.frameLimit) return;
    while (frame - this.nextEmit >= this.capacity) this.grow();
    const slot = frame % this.capacity;
    this.values[slot * this.rows + row] = value;
    this.counts[slot]++;
    if (frame === this.nextEmit && this.counts[slot] === this.rows) this.emitReady();
  }

  private emitReady(): void {
    const rows = this.rows;
    for (;;) {
      const slot = this.nextEmit % this.capacity;
      if (this.counts[slot] !== rows || this.nextEmit >= this.frameLimit) return;
      const base = slot * rows;
      const frame = this.frame;
      for (let r = 0; r < rows; r++) frame[r] = this.values[base + r];
      this.counts[slot] = 0;
      const index = this.nextEmit++;
      this.sink(frame, index);
    }
  }

  /** Doubles the ring, keeping every pending frame at its slot for the new capacity. */
  private grow(): void {
    const oldCapacity = this.capacity;
    const capacity = oldCapacity * 2;
    const values = new Float64Array(this.rows * capacity);
    const counts = new Int32Array(capacity);
    for (let f = this.nextEmit; f < this.nextEmit + oldCapacity; f++) {
      const from = f % oldCapacity;
      const to = f % capacity;
      counts[to] = this.counts[from];
      values.set(this.values.subarray(from * this.rows, (from + 1) * this.rows), to * this.rows);
    }
    this.capacity = capacity;
    this.values = values;
    this.counts = counts;
  }
}
