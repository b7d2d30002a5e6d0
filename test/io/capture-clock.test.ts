/**
 * Capture times from buffer arrivals: late buffers do not move them, and a device clock slower
 * than the system's is followed.
 */
import { describe, expect, it } from 'vitest';
import { CaptureClock } from '../../src/io/mic/capture-clock.js';

const RATE = 48_000;
const BUFFER = 480; // 10 ms

describe('CaptureClock', () => {
  it('gives the capture time of the earliest arrivals, whatever the later delays', () => {
    const clock = new CaptureClock(RATE);
    // Buffer k is captured by t = 100 + 10·(k + 1) ms and seen 2 ms later, or 40 ms later
    // every seventh (a stalled thread).
    for (let k = 0; k < 100; k++) {
      const late = k % 7 === 3 ? 40 : 2;
      clock.observe(100 + 10 * (k + 1) + late, (k + 1) * BUFFER);
      // Sample 0 of this buffer: captured at 100 + 10·k (+ the 2 ms of the quickest delivery).
      expect(clock.timeOf(k * BUFFER)).toBeCloseTo(100 + 10 * k + 2, 6);
    }
  });

  it('follows a device clock slower than the system clock', () => {
    const clock = new CaptureClock(RATE);
    // The device runs 1000 ppm slow: each 10 ms buffer takes 10.01 ms of system time.
    let arrival = 0;
    for (let k = 0; k < 3000; k++) {
      arrival = 10.01 * (k + 1) + 1;
      clock.observe(arrival, (k + 1) * BUFFER);
    }
    // 30 s in: the estimate lags the truth by at most the window's drift (10 s × 1000 ppm).
    const truth = arrival - 1 - 10.01;
    expect(Math.abs(clock.timeOf(2999 * BUFFER) - truth)).toBeLessThan(10.5);
    expect(clock.timeOf(2999 * BUFFER)).toBeLessThanOrEqual(truth + 1e-9);
  });
});
