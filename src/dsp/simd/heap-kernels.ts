/**
 * The centring and modulus around each overlap-save block's FFTs (kernel-functions.ts), run in
 * the FFT library's own memory (PFFFT's): the block is centred where the forward transform
 * reads it, and moduli are taken where the inverse transform wrote them, in its own order, so
 * nothing is copied into another memory and back (as SimdKernels must) or reordered.
 */
import { MODULUS_UNORDERED, SUBTRACT, SUM } from './kernel-functions.js';
import type { SharedHeap } from './shared-heap.js';
import { instantiateKernels } from './wasm-api.js';
import { encodeModule } from './wasm-encoding.js';

interface HeapKernelExports {
  readonly sum: (a: number, n: number) => number;
  readonly subtract: (src: number, dst: number, n: number, c: number) => void;
  readonly modulusUnordered: (
    src: number,
    dst: number,
    firstGroup: number,
    groups: number,
    log2Quarter: number,
    c: number,
  ) => void;
}

export class HeapKernels {
  private constructor(private readonly kernels: HeapKernelExports) {}

  /** The kernels on `shared`, or undefined where WebAssembly SIMD is not available. */
  static create(shared: SharedHeap): HeapKernels | undefined {
    const exports = instantiateKernels(
      encodeModule([SUM, SUBTRACT, MODULUS_UNORDERED], { importMemory: true }),
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
   * out[i] = |z[first + i] + offset| for i < count (offset real), z being a complex transform
   * of `size` bins left in PFFFT's own order at `zAt` (InMemoryPlan.complexTransformUnordered),
   * first + count ≤ size. Outputs go four at a time from bin 4·⌊first/4⌋: up to 3 values
   * before `outAt` and up to 3 after the last are written too (there must be room for them).
   */
  modulusUnordered(
    zAt: number,
    size: number,
    first: number,
    count: number,
    offset: number,
    outAt: number,
  ): void {
    const firstGroup = first >> 2;
    const groups = ((first + count + 3) >> 2) - firstGroup;
    const lead = first - 4 * firstGroup;
    this.kernels.modulusUnordered(
      zAt,
      outAt - 4 * lead,
      firstGroup,
      groups,
      Math.log2(size) - 4,
      offset,
    );
  }
}
