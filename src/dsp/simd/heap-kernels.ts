/**
 * The centring and modulus around each overlap-save block's FFTs (kernel-functions.ts), run in
 * the FFT library's own memory (PFFFT's): the block is centred where the forward transform
 * reads it, and moduli are taken where the inverse transform wrote them, so neither is copied
 * into another memory and back (as SimdKernels must).
 */
import { MODULUS, SUBTRACT, SUM } from './kernel-functions.js';
import type { SharedHeap } from './shared-heap.js';
import { instantiateKernels } from './wasm-api.js';
import { encodeModule } from './wasm-encoding.js';

interface HeapKernelExports {
  readonly sum: (a: number, n: number) => number;
  readonly subtract: (src: number, dst: number, n: number, c: number) => void;
  readonly modulus: (src: number, dst: number, n: number, c: number) => void;
}

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

export class HeapKernels {
  private constructor(private readonly kernels: HeapKernelExports) {}

  /** The kernels on `shared`, or undefined where WebAssembly SIMD is not available. */
  static create(shared: SharedHeap): HeapKernels | undefined {
    const exports = instantiateKernels(
      encodeModule([SUM, SUBTRACT, MODULUS], { importMemory: true }),
      { env: { memory: shared.memory } },
    );
    return exports === undefined
      ? undefined
      : new HeapKernels(exports as unknown as HeapKernelExports);
  }

  /**
   * Subtracts from the `n` float32 values at byte address `at` (n a multiple of 4) their mean,
   * in place; returns that mean as the float32 that was subtracted, so that adding its response
   * back is exact.
   */
  centre(at: number, n: number): number {
    const mean = Math.fround(this.kernels.sum(at, n) / n);
    this.kernels.subtract(at, at, n, mean);
    return mean;
  }

  /**
   * out[i] = |(z[2i] + offset) + i·z[2i+1]| for interleaved complex z at byte address `zAt`:
   * `count` outputs rounded up to a multiple of 4 (`out` must have room for them; the extra
   * ones are whatever follows z).
   */
  modulus(zAt: number, count: number, offset: number, outAt: number): void {
    this.kernels.modulus(zAt, outAt, roundUp(count, 4), offset);
  }
}
