/**
 * A live stream told that its past is silence (a file replayed from its first sample) emits
 * from frame 0, and those frames are the scattering of the signal preceded by silence.
 */
import { describe, expect, it } from 'vitest';
import { createScatteringEngine } from '../../src/dsp/index.js';
import { collectStream, testSignal, type StreamedFrames } from '../support/signals.js';

/** Largest |a - b| over a row, relative to the row's largest |b|, worst row. */
function worstRowError(
  a: StreamedFrames,
  aFrom: number,
  b: StreamedFrames,
  bFrom: number,
  count: number,
): number {
  let worst = 0;
  for (let r = 0; r < a.rows; r++) {
    let peak = 0;
    let error = 0;
    for (let k = 0; k < count; k++) {
      const expected = b.data[r * b.frames + bFrom + k]!;
      peak = Math.max(peak, Math.abs(expected));
      error = Math.max(error, Math.abs(a.data[r * a.frames + aFrom + k]! - expected));
    }
    if (peak > 0) worst = Math.max(worst, error / peak);
  }
  return worst;
}

describe.each([
  ['float64', 1e-12],
  // float32: the tolerance for float32 against Kymatio, 1e-4 of the row's maximum.
  ['float32', 1e-4],
] as const)('a silent past, in %s', (precision, tolerance) => {
  it('emits from the frame centred on the first sample, equal to the signal after silence', async () => {
    const engine = await createScatteringEngine({ J: 7, Q: [4, 2] }, precision, 'latency');
    const signal = testSignal(30_000, 11);
    const silent = collectStream(engine, [signal], { silentPast: true });
    const unknown = collectStream(engine, [signal]);
    expect(silent.firstFrame).toBe(0);
    expect(silent.firstCentre).toBe(0);
    expect(unknown.firstFrame).toBeGreaterThan(5);

    // The same signal after 2^17 samples of real silence, in a stream with an unknown past:
    // frame k of the silent-past stream is its frame 2^17/hop + k, settled long before.
    const lead = 1 << 17;
    const padded = new Float64Array(lead + signal.length);
    padded.set(signal, lead);
    const reference = collectStream(engine, [padded]);
    const offset = lead / silent.hop - reference.firstFrame;
    expect(offset).toBeGreaterThan(0);
    const count = Math.min(silent.frames, reference.frames - offset);
    expect(count).toBeGreaterThan(unknown.firstFrame + 10);
    expect(worstRowError(silent, 0, reference, offset, count)).toBeLessThan(tolerance);

    // From the first settled frame on, the two live streams are the same stream.
    const settled = unknown.firstFrame;
    expect(worstRowError(silent, settled, unknown, 0, unknown.frames)).toBe(0);
  });
});
