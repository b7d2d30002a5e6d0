/**
 * The SIMD multiply-and-fold working in PFFFT's memory against the JavaScript fold, on real FFT
 * output: runs through bins 0 and B/2, runs above B/2 (read mirrored), runs that wrap on the
 * folded grid (stored, then added to), folded bins no run reaches (zeroed), odd and even lengths.
 */
import { describe, expect, it } from 'vitest';
import type { FftPlan, InMemoryPlan } from '../../src/dsp/fft/fft-plan.js';
import { createPffftBackend } from '../../src/dsp/fft/pffft-backend.js';
import { foldSpectrum } from '../../src/dsp/overlap-save-stage.js';
import type { SparseSpectrum } from '../../src/dsp/sparse-spectrum.js';
import { uniformNoise } from '../support/signals.js';

/** A response kept on [lo, hi] (bins, either side of B/2 allowed), split at B/2 as the engine's are. */
function response(blockSize: number, lo: number, hi: number, seed: number): SparseSpectrum {
  const half = blockSize / 2;
  const runs: [number, number][] =
    lo <= half && hi > half
      ? [
          [lo, half],
          [half + 1, hi],
        ]
      : [[lo, hi]];
  const count = hi - lo + 1;
  return {
    size: blockSize,
    runStarts: Int32Array.from(runs.map(([start]) => start)),
    runOffsets: Int32Array.from([...runs.map(([start]) => start - lo), count]),
    values: uniformNoise(count, seed, -0.5).map((v) => v + 1),
  };
}

describe('SIMD spectrum fold in PFFFT memory', async () => {
  const backend = await createPffftBackend();
  const fold = backend.fold;

  it('is available in Node (else the JavaScript fold would run unnoticed)', () => {
    expect(fold).toBeDefined();
  });

  it.each([
    // [block, log2 decimation, lo, hi]
    [64, 0, 0, 32],
    [64, 0, 0, 63],
    [64, 1, 3, 40],
    [256, 2, 1, 128],
    [256, 3, 100, 200],
    [1024, 4, 0, 1023],
    [1024, 0, 511, 513],
    [4096, 5, 17, 2100],
  ])(
    'block %i decimated by 2^%i, bins %i to %i: equal to the JavaScript fold',
    (block, d, lo, hi) => {
      const size = block >> d;
      const plan = backend.plan(block) as FftPlan & InMemoryPlan;
      const out = backend.plan(size) as FftPlan & InMemoryPlan;
      const signal = uniformNoise(block, block + lo, -0.5);
      const spectrum = response(block, lo, hi, hi);

      // JavaScript: the unpacked spectrum folded into a plain array.
      plan.realInput().set(signal);
      const unpacked = new Float32Array(2 * block);
      plan.realTransform(unpacked);
      const expected = new Float32Array(2 * size);
      foldSpectrum(unpacked, block, spectrum, expected, size);

      // SIMD: the packed spectrum in PFFFT's memory folded into the complex plan's input,
      // which holds garbage: the fold must write every bin, zeros included.
      const program = fold!.program(spectrum, size);
      const packedAt = backend.workAreas!.get('test: packed spectrum', 4 * block);
      plan.realInput().set(signal);
      plan.realTransformTo(packedAt);
      out.complexInput().fill(Number.NaN);
      fold!.fold(program, packedAt, out.complexInputAt());
      const actual = out.complexInput();

      const scale = Math.max(...Array.from(expected, Math.abs));
      for (let i = 0; i < 2 * size; i++) {
        expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(1e-6 * scale);
      }
    },
  );
});

describe('work areas in PFFFT memory', () => {
  it('are reused by every new stream, not allocated again (memory that is never freed)', async () => {
    const { createScatteringEngine } = await import('../../src/dsp/index.js');
    const backend = await createPffftBackend();
    const memory = (backend.workAreas as unknown as { shared: { memory: { buffer: ArrayBuffer } } })
      .shared.memory;
    const engine = await createScatteringEngine({ J: 8, Q: [8, 1] }, 'float32', 'latency');
    const signal = uniformNoise(20_000, 3, -0.5);
    const runStream = (): void => {
      const stream = engine.createStream(() => undefined);
      stream.push(signal);
      stream.flush();
    };
    runStream();
    const before = memory.buffer.byteLength;
    for (let i = 0; i < 30; i++) runStream();
    expect(memory.buffer.byteLength).toBe(before);
  });
});
