/**
 * Float32 loops of the engine in WebAssembly SIMD (kernel-functions.ts): the direct low-pass's
 * dot products, and the centring and modulus around each overlap-save block's FFTs.
 *
 * JavaScript does one multiply-add (or square root) at a time; these kernels four. The kernels
 * have their own memory. Data may be copied in and out (centre, modulus: a memcpy each), or
 * kept there: a caller may take a buffer in this memory for as long as the memory lives
 * (allocate) and run symmetricDotsAt on it in place. Each stream makes its own instance
 * (forStream) for its buffers, so that they go with the stream.
 */
import { dotsCalling, MODULUS, SUBTRACT, SUM, symmetricDot } from './kernel-functions.js';
import type { FloatMemory } from './shared-heap.js';
import { instantiateKernels, type WasmMemory } from './wasm-api.js';
import { encodeModule } from './wasm-encoding.js';

interface KernelExports {
  readonly dots: (
    side: number,
    centre: number,
    h: number,
    stride: number,
    count: number,
    out: number,
  ) => void;
  readonly sum: (a: number, n: number) => number;
  readonly subtract: (src: number, dst: number, n: number, c: number) => void;
  readonly modulus: (src: number, dst: number, n: number, c: number) => void;
  readonly memory: WasmMemory;
}

const PAGE_BYTES = 65536;

const kernelModule = (fused: boolean): Uint8Array =>
  encodeModule([symmetricDot(fused), SUM, SUBTRACT, MODULUS, dotsCalling(0)]);
const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

export class SimdKernels implements FloatMemory {
  private readonly kernels: KernelExports;
  private heap: Float32Array;
  /** Bytes of memory taken by tap sets; the work area starts after them. */
  private used = 0;
  private workAt = 0;
  private workFloats = 0;
  private readonly tapSets = new WeakMap<Float64Array, number>();

  private constructor(
    exports: Record<string, unknown>,
    /** Whether the dot products add with relaxed SIMD's multiply-add (symmetricDot). */
    readonly fusedDots: boolean,
  ) {
    this.kernels = exports as unknown as KernelExports;
    this.heap = new Float32Array(this.kernels.memory.buffer);
  }

  /**
   * The kernels, or undefined where WebAssembly SIMD is not available. The dot products use
   * relaxed SIMD's multiply-add where the runtime has it (about 1.2 times as fast), unless
   * `fusedDots` is false.
   */
  static create(options: { fusedDots?: boolean } = {}): SimdKernels | undefined {
    if (options.fusedDots !== false) {
      const fused = instantiateKernels(kernelModule(true));
      if (fused !== undefined) return new SimdKernels(fused, true);
    }
    const plain = instantiateKernels(kernelModule(false));
    return plain === undefined ? undefined : new SimdKernels(plain, false);
  }

  /** A new instance with a memory of its own, for one stream's buffers (see allocate). */
  forStream(): SimdKernels {
    const kernels = SimdKernels.create({ fusedDots: this.fusedDots });
    if (kernels === undefined) throw new Error('internal error: the SIMD kernels failed twice');
    return kernels;
  }

  /**
   * `floats` zeroed float32 values of this memory, 16-byte aligned, kept for the memory's
   * lifetime; returns their byte address (read and write them through view()).
   */
  allocate(floats: number): number {
    const at = roundUp(this.used, 16);
    this.used = at + 4 * floats;
    this.workFloats = 0; // the work area moves past the new buffer
    this.ensureBytes(this.used);
    // The work area may have been here.
    this.heap.fill(0, at >> 2, (at >> 2) + floats);
    return at;
  }

  /** A float32 view of the whole memory: remade when the memory grows, so fetch it for each use. */
  view(): Float32Array {
    return this.heap;
  }

  /**
   * Σ_{|k|≤h} side[|k|]·u[k] rounded to float32 into the `count` values at byte address
   * `outAt`, for the centres u = data at byte address `centreAt` + j·strideBytes, j < count, in
   * one call: a symmetric filter stored by storeSide at `sideAt`.
   */
  symmetricDotsAt(
    sideAt: number,
    centreAt: number,
    h: number,
    strideBytes: number,
    count: number,
    outAt: number,
  ): void {
    this.kernels.dots(sideAt, centreAt, h, strideBytes, count, outAt);
  }

  /**
   * Stores one side of a symmetric filter (side[k] = f[±k], k = 0..h), once per tap set;
   * returns its address for symmetricDotsAt().
   */
  storeSide(side: Float64Array): number {
    const known = this.tapSets.get(side);
    if (known !== undefined) return known;
    const at = this.allocate(side.length);
    this.heap.set(side, at >> 2);
    this.tapSets.set(side, at);
    return at;
  }

  /**
   * Writes block - mean(block) into `output` and returns the mean (block.length a multiple
   * of 4).
   */
  centre(block: Float32Array, output: Float32Array): number {
    const n = block.length;
    const at = this.work(n);
    this.heap.set(block, at >> 2);
    // The value subtracted is float32: return that one, so that adding its response back is exact.
    const mean = Math.fround(this.kernels.sum(at, n) / n);
    this.kernels.subtract(at, at, n, mean);
    output.set(this.heap.subarray(at >> 2, (at >> 2) + n));
    return mean;
  }

  /**
   * values[i] = |(z[2(first + i)] + offset) + i·z[2(first + i) + 1]| for i < count.
   */
  modulus(
    z: Float32Array,
    first: number,
    count: number,
    offset: number,
    values: Float32Array,
  ): void {
    const padded = roundUp(count, 4);
    const at = this.work(3 * padded);
    const inputAt = at >> 2;
    const outputAt = inputAt + 2 * padded;
    this.heap.set(z.subarray(2 * first, 2 * (first + count)), inputAt);
    this.kernels.modulus(at, 4 * outputAt, padded, offset);
    values.set(this.heap.subarray(outputAt, outputAt + count));
  }

  /** Byte address of a work area of at least `floats` values (after every tap set). */
  private work(floats: number): number {
    if (floats > this.workFloats) {
      this.workAt = roundUp(this.used, 16);
      this.workFloats = Math.max(floats, 2 * this.workFloats);
      this.ensureBytes(this.workAt + 4 * this.workFloats);
    }
    return this.workAt;
  }

  private ensureBytes(bytes: number): void {
    const memory = this.kernels.memory;
    const needed = Math.ceil(bytes / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
    if (needed > 0) memory.grow(needed);
    if (this.heap.buffer !== memory.buffer) this.heap = new Float32Array(memory.buffer);
  }
}
