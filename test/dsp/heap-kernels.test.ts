/**
 * Centring and moduli in PFFFT's own memory (src/dsp/simd/heap-kernels.ts), where the FFTs read
 * and write: against plain float64 arithmetic, in place.
 */
import { describe, expect, it } from 'vitest';
import type { FftPlan, InMemoryPlan } from '../../src/dsp/fft/fft-plan.js';
import { createPffftBackend } from '../../src/dsp/fft/pffft-backend.js';
import { HeapArray } from '../../src/dsp/simd/shared-heap.js';
import { uniformNoise } from '../support/signals.js';

describe('kernels in PFFFT memory', async () => {
  const backend = await createPffftBackend();
  const kernels = backend.heapKernels;

  it('are available in Node (else the copying kernels would run unnoticed)', () => {
    expect(kernels).toBeDefined();
  });

  it('centre a block where the forward transform reads it', () => {
    for (const n of [32, 4096, 1 << 16]) {
      const plan = backend.plan(n) as FftPlan & InMemoryPlan;
      const block = uniformNoise(n, n, 1000);
      plan.realInput().set(block);
      const mean = kernels!.centre(plan.realInputAt(), n);
      const want = block.reduce((sum, v) => sum + v, 0) / n;
      expect(Math.abs(mean - want)).toBeLessThan(1e-6 * want);
      expect(Math.fround(mean)).toBe(mean);
      const centred = plan.realInput();
      for (let i = 0; i < n; i += 97) expect(centred[i]).toBe(Math.fround(block[i]! - mean));
    }
  });

  it('take the moduli where the inverse transform wrote them', () => {
    const size = 256;
    const plan = backend.plan(size) as FftPlan & InMemoryPlan;
    plan.complexInput().set(uniformNoise(2 * size, 5).map((v) => v - 0.5));
    const z = Float32Array.from(plan.complexTransform());
    for (const [first, count] of [
      [0, 1],
      [3, 5],
      [10, 200],
    ] as const) {
      const areas = backend.workAreas!;
      const out = new HeapArray(areas, areas.get(`test ${String(count)}`, 4 * 256), count);
      kernels!.modulus(plan.complexOutputAt() + 8 * first, count, 0.25, out.at);
      const values = out.get();
      expect(values.length).toBe(count);
      for (let i = 0; i < count; i++) {
        const want = Math.hypot(z[2 * (first + i)]! + 0.25, z[2 * (first + i) + 1]!);
        expect(Math.abs(values[i]! - want)).toBeLessThan(3e-7 * want);
      }
    }
  });
});
