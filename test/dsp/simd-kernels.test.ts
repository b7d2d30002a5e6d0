/**
 * The WebAssembly SIMD kernels against plain float64 arithmetic, on sizes that are and are not
 * multiples of their vector widths, and across memory growth.
 */
import { describe, expect, it } from 'vitest';
import { SimdKernels } from '../../src/dsp/simd/simd-kernels.js';
import { uniformNoise } from '../support/signals.js';

const kernels = SimdKernels.create();

describe('SIMD kernels', () => {
  it('are available in Node, with relaxed SIMD for the dot products', () => {
    expect(kernels).toBeDefined();
    // Node 24's WebAssembly has relaxed SIMD: without it the slower dot products would run
    // unnoticed.
    expect(kernels!.fusedDots).toBe(true);
  });

  it.each([true, false])(
    'compute symmetric dot products in place to float32 precision (multiply-add: %s)',
    (fusedDots) => {
      const own = SimdKernels.create({ fusedDots })!.forStream();
      expect(own.fusedDots).toBe(fusedDots);
      for (const h of [0, 1, 3, 4, 7, 8, 33, 1000, 70_000]) {
        const side = new Float64Array(h + 1).map((_, k) => Math.exp(-((k / (h / 3 + 1)) ** 2)));
        const sideAt = own.storeSide(side);
        expect(own.storeSide(side)).toBe(sideAt);
        const data = uniformNoise(2 * h + 11, h + 1);
        const dataAt = own.allocate(data.length);
        own.view().set(data, dataAt >> 2);
        const outAt = own.allocate(4);
        const from = 5;
        let want = 0;
        let scale = 0;
        for (let k = -h; k <= h; k++) {
          want += Math.fround(side[Math.abs(k)]!) * data[from + h + k]!;
          scale += Math.abs(side[Math.abs(k)]! * data[from + h + k]!);
        }
        own.symmetricDotsAt(sideAt, dataAt + 4 * (from + h), h, 0, 1, outAt);
        expect(Math.abs(own.view()[outAt >> 2]! - want)).toBeLessThan(1e-6 * scale);
      }
    },
  );

  it('centres a block on its mean', () => {
    for (const n of [32, 36, 4096, 1 << 18]) {
      const block = uniformNoise(n, n, 1000);
      const out = new Float32Array(n);
      const mean = kernels!.centre(block, out);
      const want = block.reduce((sum, v) => sum + v, 0) / n;
      expect(Math.abs(mean - want)).toBeLessThan(1e-6 * want);
      expect(Math.fround(mean)).toBe(mean);
      for (let i = 0; i < n; i += 97) expect(out[i]).toBe(Math.fround(block[i]! - mean));
    }
  });

  it('takes the modulus of interleaved complex values, writing only `count` of them', () => {
    for (const count of [1, 3, 4, 5, 100, 1001]) {
      const z = uniformNoise(2 * (count + 10), count).map((v) => v - 0.5);
      const values = new Float32Array(count + 3).fill(-1);
      kernels!.modulus(z, 7, count, 0.25, values);
      for (let i = 0; i < count; i++) {
        const want = Math.hypot(z[2 * (7 + i)]! + 0.25, z[2 * (7 + i) + 1]!);
        expect(Math.abs(values[i]! - want)).toBeLessThan(3e-7 * want);
      }
      expect(values[count]).toBe(-1);
    }
  });

  it('run dot products in place on buffers of their memory, which stay put as it grows', () => {
    const own = kernels!.forStream();
    const side = new Float64Array(65).map((_, k) => Math.exp(-((k / 20) ** 2)));
    const sideAt = own.storeSide(side);
    const data = uniformNoise(300, 9);
    const at = own.allocate(data.length);
    own.view().set(data, at >> 2);
    // Far more than the first page: the memory grows and its old views are gone.
    const later = own.allocate(1 << 20);
    expect(later).toBeGreaterThan(at);
    expect(own.view().subarray(at >> 2, (at >> 2) + data.length)).toEqual(data);
    // Outputs 3 samples apart, rounded to float32 once, and nothing written past the last.
    const outAt = own.allocate(6);
    own.view().fill(-1, outAt >> 2, (outAt >> 2) + 6);
    const from = 17;
    own.symmetricDotsAt(sideAt, at + 4 * (from + 64), 64, 4 * 3, 5, outAt);
    const got = own.view().subarray(outAt >> 2, (outAt >> 2) + 6);
    for (let j = 0; j < 5; j++) {
      let want = 0;
      for (let k = -64; k <= 64; k++) {
        want += Math.fround(side[Math.abs(k)]!) * data[from + 3 * j + 64 + k]!;
      }
      expect(Math.abs(got[j]! - want)).toBeLessThan(1e-6 * Math.abs(want));
    }
    expect(got[5]).toBe(-1);
    // Another stream's instance has a memory of its own.
    expect(kernels!.forStream().view().buffer).not.toBe(own.view().buffer);
  });
});
