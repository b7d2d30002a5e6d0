/**
 * The last stage of a second-order path: U2 low-passed by φ and sampled at frame centres,
 * computed directly in time.
 *
 * Only one output per 2^(s-l) inputs is needed, so a direct symmetric dot product costs about
 * as much as an FFT per output, needs no block, and emits each frame as soon as the U2 samples
 * within its half-width have arrived (the lowest latency possible for this stage).
 */
import type { Sample } from './engine-types.js';
import type { SimdKernels } from './simd/simd-kernels.js';

/** Receives the frame value centred at output position `position` (in the stage's units). */
export type FrameValueSink = (value: number, position: number) => void;

export class DirectLowpass {
  private readonly halfWidth: number;
  private readonly step: number;
  private readonly buffer: Sample;
  /** Position of buffer[0]. */
  private bufferStart: number;
  private filled = 0;
  /** Centre position of the next output. */
  private nextCentre: number;
  /** The output centred on buffer[c]. */
  private readonly evaluate: (buffer: Sample, c: number) => number;

  /**
   * @param taps one side of the symmetric filter: taps[k] = φ_l[k] = φ_l[-k], k = 0..h
   * @param step distance between outputs, a power of two (2^(s - l))
   * @param startPosition position of the first input sample that will be pushed
   * @param allocate array factory of the engine's precision
   * @param simd float32 kernels in WebAssembly SIMD (used when the buffers are float32)
   */
  constructor(
    taps: Float64Array,
    step: number,
    startPosition: number,
    allocate: (n: number) => Sample,
    private readonly sink: FrameValueSink,
    simd?: SimdKernels,
  ) {
    const h = taps.length - 1;
    this.halfWidth = h;
    this.step = step;
    this.buffer = allocate(4 * h + 2 * step + 2);
    this.bufferStart = startPosition;
    this.nextCentre = this.firstCentreFrom(startPosition);
    if (simd !== undefined && this.buffer instanceof Float32Array) {
      const tapsAt = simd.storeSymmetric(taps);
      this.evaluate = (buffer, c) => simd.dot(tapsAt, buffer as Float32Array, c - h, 2 * h + 1);
    } else {
      this.evaluate = (buffer, c) => symmetricDot(taps, buffer, c, h);
    }
  }

  private firstCentreFrom(start: number): number {
    const earliest = start + this.halfWidth;
    return Math.ceil(earliest / this.step) * this.step;
  }

  reset(startPosition: number): void {
    this.bufferStart = startPosition;
    this.filled = 0;
    this.nextCentre = this.firstCentreFrom(startPosition);
  }

  push(input: Sample, count: number): void {
    const buffer = this.buffer;
    const h = this.halfWidth;
    let read = 0;
    while (read < count) {
      if (this.filled === buffer.length) this.compact();
      const take = Math.min(count - read, buffer.length - this.filled);
      buffer.set(input.subarray(read, read + take), this.filled);
      this.filled += take;
      read += take;
      // The newest sample is at position bufferStart + filled - 1.
      while (this.bufferStart + this.filled - 1 >= this.nextCentre + h) {
        this.sink(this.evaluate(buffer, this.nextCentre - this.bufferStart), this.nextCentre);
        this.nextCentre += this.step;
      }
    }
  }

  /** Drops samples no future output needs (those before nextCentre - h). */
  private compact(): void {
    const keepFrom = this.nextCentre - this.halfWidth - this.bufferStart;
    this.buffer.copyWithin(0, keepFrom, this.filled);
    this.filled -= keepFrom;
    this.bufferStart += keepFrom;
  }
}

/** Σ_{|k|≤h} taps[|k|]·u[c + k], four taps at a time (independent sums pipeline better). */
function symmetricDot(taps: Float64Array, u: Sample, c: number, h: number): number {
  let a0 = taps[0] * u[c];
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let k = 1;
  for (; k + 3 <= h; k += 4) {
    a0 += taps[k] * (u[c - k] + u[c + k]);
    a1 += taps[k + 1] * (u[c - k - 1] + u[c + k + 1]);
    a2 += taps[k + 2] * (u[c - k - 2] + u[c + k + 2]);
    a3 += taps[k + 3] * (u[c - k - 3] + u[c + k + 3]);
  }
  for (; k <= h; k++) a0 += taps[k] * (u[c - k] + u[c + k]);
  return a0 + a1 + a2 + a3;
}
