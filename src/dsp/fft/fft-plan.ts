/**
 * The two FFTs the engine needs, behind one interface so each precision can use the fastest
 * library measured for it (bench/fft-bench.ts): fft.js in float64, PFFFT (WASM SIMD) in float32.
 *
 * Both transforms are forward and unscaled. The engine never needs an inverse: it wants the
 * modulus or the real part of an inverse DFT, and IDFT(Z) = conj(DFT(conj Z)) / n, so it
 * conjugates while folding and applies 1/n inside the filter gains.
 */
import type { Precision } from '../params.js';
import type { Sample } from '../engine-types.js';
import type { HeapKernels } from '../simd/heap-kernels.js';
import type { HeapWorkAreas } from '../simd/shared-heap.js';
import type { SimdKernels } from '../simd/simd-kernels.js';
import type { SpectrumFold } from '../simd/spectrum-fold.js';

export interface FftPlan {
  /** Transform length (a power of two). */
  readonly size: number;
  /**
   * Spectrum of a real signal: `input` has `size` samples; `spectrum` (2·size values long)
   * receives interleaved (re, im) for bins 0..size/2. The other bins are the conjugates of these;
   * what is beyond bin size/2 in `spectrum` is left undefined.
   */
  realForward(input: Sample, spectrum: Sample): void;
  /** Complex DFT of `2·size` interleaved values into `output` (a different array). */
  complexForward(input: Sample, output: Sample): void;
  /**
   * In place of realForward's copy in: the plan's own input array (`size` values), to be filled
   * before realTransform(). Valid until another plan is made: fetch it for each transform.
   */
  realInput(): Sample;
  /** realForward of what was written to realInput(). */
  realTransform(spectrum: Sample): void;
  /** The plan's own complex input array (2·size values), as realInput() for complexTransform(). */
  complexInput(): Sample;
  /**
   * Complex DFT of what was written to complexInput(). Returns the plan's own output array
   * (2·size values), valid until this plan's next transform or another plan is made.
   */
  complexTransform(): Sample;
}

/**
 * A plan whose buffers sit in a WebAssembly memory that SIMD kernels share (PFFFT's), so that
 * they read and write them in place (simd/spectrum-fold.ts). Addresses are in bytes.
 */
export interface InMemoryPlan {
  /**
   * realTransform() without the unpacking, into `size` floats at `outputAt` (an address in the
   * shared memory, owned by the caller: the plan's own output would be overwritten by the next
   * stage using a plan of this size, while this spectrum is still being folded). The layout is
   * the library's ordered one, [X0, X(n/2), Re X1, Im X1, …, Re X(n/2−1), Im X(n/2−1)].
   */
  realTransformTo(outputAt: number): void;
  /** Byte address of realInput(). */
  realInputAt(): number;
  /** Byte address of complexInput(). */
  complexInputAt(): number;
  /** Byte address of the array complexTransform() returns. */
  complexOutputAt(): number;
  /**
   * complexTransform() without its last pass, the reordering (about a tenth of the transform's
   * time): the output at complexOutputAt() is left in the library's own order, n/4 vectors of
   * 32 bytes, each the four real then the four imaginary parts of four consecutive bins;
   * vector v holds bins 4g … 4g + 3 for g = ⌊v/4⌋ + (v mod 4)·n/16
   * (HeapKernels.modulusUnordered reads it).
   */
  complexTransformUnordered(): void;
  /**
   * Where the library computes the values the engine takes itself: out[i] = |X[first + i] +
   * offset| (`modulus` true: a band-pass output) or Re X[first + i] + offset (a low-pass one)
   * for i < count (offset real, first + count ≤ size) of the complex DFT X of what was written
   * to complexInput(), written to exactly `count` floats at `outAt` (an address in the shared
   * memory), without the spectrum being written out and read back.
   */
  readonly complexValuesTo:
    | ((first: number, count: number, offset: number, outAt: number, modulus: boolean) => void)
    | undefined;
  /**
   * Where the library reads a real block in place: realTransformTo(outputAt) of block[j] − c
   * (`block` the caller's array of `size` values, not copied into realInput() first), c the
   * block's mean rounded to float32 when `centre`, else 0; returns c.
   */
  readonly realTransformFrom:
    ((block: Float32Array, outputAt: number, centre: boolean) => number) | undefined;
}

export interface FftBackend {
  readonly precision: Precision;
  /** A plan for `size` (a power of two ≥ minSize), cached: plans are shared by every stage. */
  plan(size: number): FftPlan;
  /** The smallest transform size its plans accept. */
  readonly minSize: number;
  /** A zeroed array of the backend's precision (a plain function: stages keep it). */
  readonly allocate: (length: number) => Sample;
  /** Float32 loops in WebAssembly SIMD (absent: JavaScript), see simd/simd-kernels.ts. */
  readonly simd?: SimdKernels;
  /**
   * Work areas in the plans' own memory, where it could be reached: every plan is then an
   * InMemoryPlan, and the kernels below may work there.
   */
  readonly workAreas?: HeapWorkAreas;
  /** The multiply-and-fold in SIMD on the plans' own memory (with `workAreas`). */
  readonly fold?: SpectrumFold;
  /** Centring and moduli in SIMD on the plans' own memory (with `workAreas`). */
  readonly heapKernels?: HeapKernels;
}

export function assertPowerOfTwo(size: number, minimum: number): void {
  if (!Number.isInteger(size) || size < minimum || (size & (size - 1)) !== 0) {
    throw new RangeError(
      `FFT size must be a power of two ≥ ${String(minimum)} (got ${String(size)})`,
    );
  }
}
