/**
 * Streaming equals batch for any chunking (fast-check, seeded; the seed is printed on failure).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScatteringEngine, type ScatteringEngine } from '../../src/dsp/index.js';
import { collectStream, testSignal } from '../support/signals.js';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261125);

/** Splits `length` samples into chunks drawn from sizes that stress block boundaries. */
function chunking(hop: number, largest: number): fc.Arbitrary<number[]> {
  const size = fc.oneof(
    fc.constant(1),
    fc.constantFrom(2, 3, 5, 7, 13, 31, 97, 251, 1021),
    fc.constant(hop),
    fc.integer({ min: 1, max: 4 * hop }),
    fc.constant(largest),
  );
  return fc.array(size, { minLength: 1, maxLength: 64 });
}

function chunked(signal: Float64Array, sizes: readonly number[]): Float64Array[] {
  const chunks: Float64Array[] = [];
  let at = 0;
  for (let i = 0; at < signal.length; i++) {
    const size = sizes[i % sizes.length]!;
    chunks.push(signal.subarray(at, Math.min(signal.length, at + size)));
    at += size;
  }
  return chunks;
}

describe.each(['float64', 'float32'] as const)('streaming in %s', (precision) => {
  let engine: ScatteringEngine;
  const signal = testSignal(6000, 7);

  it('gives the batch result exactly for random chunkings', async () => {
    engine = await createScatteringEngine({ J: 6, Q: [4, 2], T: 32 }, precision);
    const batch = engine.transform(signal);
    // Larger than any FFT block of this bank, so one push spans several blocks.
    const largest = 5000;
    fc.assert(
      fc.property(chunking(engine.params.hop, largest), (sizes) => {
        const streamed = collectStream(engine, chunked(signal, sizes), {
          signalLength: signal.length,
        });
        expect(streamed.frames).toBe(batch.frames);
        expect(streamed.data).toEqual(Float64Array.from(batch.data));
      }),
      { seed: SEED, numRuns: 25, verbose: fc.VerbosityLevel.Verbose },
    );
  });

  it('gives the same frames from an unknown past whatever the chunking', async () => {
    engine = await createScatteringEngine({ J: 6, Q: [4, 2], T: 32 }, precision, 'latency');
    const whole = collectStream(engine, [signal]);
    fc.assert(
      fc.property(chunking(engine.params.hop, 4000), (sizes) => {
        const streamed = collectStream(engine, chunked(signal, sizes));
        expect(streamed.firstFrame).toBe(whole.firstFrame);
        expect(streamed.data).toEqual(whole.data);
      }),
      { seed: SEED, numRuns: 25, verbose: fc.VerbosityLevel.Verbose },
    );
  });
});
