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

  it('take the moduli where the inverse transform wrote them, in its own order', () => {
    const areas = backend.workAreas!;
    for (const size of [32, 256, 4096]) {
      const plan = backend.plan(size) as FftPlan & InMemoryPlan;
      plan.complexInput().set(uniformNoise(2 * size, size).map((v) => v - 0.5));
      const z = Float32Array.from(plan.complexTransform());
      plan.complexTransformUnordered();
      for (const [first, count] of [
        [0, 1],
        [3, 5],
        [10, 17],
        [size / 2 - 1, size / 2 + 1],
      ] as const) {
        // Sentinels around the outputs: the kernel may write 3 values on either side, no more.
        const area = areas.get(`test ${String(size)}`, 4 * (size + 16));
        const heap = new HeapArray(areas, area, size + 16).get();
        heap.fill(-1);
        const out = new HeapArray(areas, area + 4 * 8, count);
        kernels!.modulusUnordered(plan.complexOutputAt(), size, first, count, 0.25, out.at);
        const values = out.get();
        for (let i = 0; i < count; i++) {
          const want = Math.hypot(z[2 * (first + i)]! + 0.25, z[2 * (first + i) + 1]!);
          expect(Math.abs(values[i]! - want)).toBeLessThan(3e-7 * want);
        }
        expect(heap.subarray(0, 5).every((v) => v === -1)).toBe(true);
        expect(heap.subarray(8 + count + 3).every((v) => v === -1)).toBe(true);
      }
    }
  });
});
