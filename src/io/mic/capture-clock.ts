/**
 * When a captured sample was taken, on this process's performance.now() clock (ms).
 *
 * The driver captures at the device's steady pace, but this thread sees each buffer late by a
 * varying amount (its own work, a garbage collection, the binding's queue and thread pool). The
 * earliest arrival relative to the sample count is the best estimate of the device's timeline:
 *
 *   time(n) = offset + 1000·n / rate,   offset = min over buffers of (arrival − 1000·end / rate)
 *
 * where `end` is the index just after a buffer's last sample. A buffer that arrives late then
 * moves nothing, so captureTime says when the sound was captured, not when it was read. The
 * minimum is taken over a sliding window of two WINDOW_MS halves, so that the estimate follows
 * a device clock that runs slower than the system's (drift of a few ppm: well under 1 ms per
 * window) instead of keeping an ever older minimum.
 */

/** One half of the sliding window, ms. */
const WINDOW_MS = 5000;

export class CaptureClock {
  private current = Number.POSITIVE_INFINITY;
  private previous = Number.POSITIVE_INFINITY;
  private windowStart = Number.NEGATIVE_INFINITY;

  /** `rate` in Hz. */
  constructor(private readonly rate: number) {}

  /** A buffer whose last sample has index `end − 1` arrived at `arrival` (ms). */
  observe(arrival: number, end: number): void {
    if (arrival - this.windowStart >= WINDOW_MS) {
      this.previous = this.current;
      this.current = Number.POSITIVE_INFINITY;
      this.windowStart = arrival;
    }
    this.current = Math.min(this.current, arrival - (1000 * end) / this.rate);
  }

  /** When sample `index` was captured (ms); meaningful after the first observe(). */
  timeOf(index: number): number {
    return Math.min(this.current, this.previous) + (1000 * index) / this.rate;
  }
}
