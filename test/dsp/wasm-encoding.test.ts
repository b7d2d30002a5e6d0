/**
 * The hand-written WebAssembly encoder (src/dsp/simd/wasm-encoding.ts): constants round-trip
 * through a real module, so a wrong LEB128 byte fails here, not as a kernel that will not load.
 */
import { describe, expect, it } from 'vitest';
import { instantiateKernels } from '../../src/dsp/simd/wasm-api.js';
import { encodeModule, I32, i32Const } from '../../src/dsp/simd/wasm-encoding.js';

describe('WebAssembly encoding', () => {
  it('encodes i32.const of any 32-bit integer (signed LEB128)', () => {
    const values = [0, 1, 63, 64, -1, -8, -16, -64, -65, 8191, 8192, 2 ** 31 - 1, -(2 ** 31)];
    const module = encodeModule(
      values.map((value, k) => ({
        name: `c${String(k)}`,
        params: [],
        results: [I32],
        body: [0, ...i32Const(value)],
      })),
    );
    const exports = instantiateKernels(module);
    expect(exports).toBeDefined();
    values.forEach((value, k) => {
      expect((exports![`c${String(k)}`] as () => number)()).toBe(value);
    });
  });

  it('refuses what is not a 32-bit integer', () => {
    expect(() => i32Const(2 ** 31)).toThrow(/32-bit/);
    expect(() => i32Const(0.5)).toThrow(/32-bit/);
  });
});
