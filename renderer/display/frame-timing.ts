/**
 * Timing of the display loop, for the page's own diagnostics and its end-to-end tests: the
 * interval between animation frames and the main-thread time the page spends per frame
 * (both in ms), over the last `capacity` frames.
 */
export class FrameTiming {
  private readonly intervals: Float64Array;
  private readonly work: Float64Array;
  private count = 0;
  private last = -1;

  constructor(private readonly capacity = 1200) {
    this.intervals = new Float64Array(capacity);
    this.work = new Float64Array(capacity);
  }

  record(frameTime: number, workMs: number): void {
    const slot = this.count % this.capacity;
    this.intervals[slot] = this.last < 0 ? Number.NaN : frameTime - this.last;
    this.work[slot] = workMs;
    this.last = frameTime;
    this.count++;
  }

  reset(): void {
    this.count = 0;
    this.last = -1;
  }

  /** The recorded frames, oldest first. */
  snapshot(): { intervalsMs: number[]; workMs: number[] } {
    const held = Math.min(this.count, this.capacity);
    const intervalsMs: number[] = [];
    const workMs: number[] = [];
    for (let i = this.count - held; i < this.count; i++) {
      const interval = this.intervals[i % this.capacity] ?? Number.NaN;
      if (!Number.isNaN(interval)) intervalsMs.push(interval);
      workMs.push(this.work[i % this.capacity] ?? 0);
    }
    return { intervalsMs, workMs };
  }
}
