/**
 * A low-pass (φ) sampled at frame centres, computed directly in time: the last stage of a
 * second-order path (U2 low-passed into S2), or φ in any stage where the cost model finds it
 * cheaper than in blocks (most of all in a decimated child stage, where few taps remain).
 *
 * Only one output per 2^(s-l) inputs is needed, so a direct symmetric dot product costs about
 * as much as an FFT per output, needs no block, and emits each frame as soon as the input
 * within its half-width has arrived (the lowest latency possible for the filter).
 */
import type { Sample } from './engine-types.js';
import type { StageSink } from './overlap-save-stage.js';
import { HeapArray } from './simd/shared-heap.js';
import type { SimdKernels } from './simd/simd-kernels.js';
import { firstDirectOutput } from './stage-plan.js';

export class DirectLowpass {
  private readonly halfWidth: number;
  private readonly step: number;
  private readonly length: number;
  /** The input buffer (a view of the kernels' memory, refetched for each push, or an array). */
  private readonly buffer: () => Sample;
  /** Position of buffer[0]. */
  private bufferStart: number;
  private filled = 0;
  /** Centre position of the next output. */
  private nextCentre: number;
  /**
   * Writes the `count` outputs centred on buffer[c], buffer[c + step], … and returns them (an
   * array of at least `count` values, reused by the next call).
   */
  private readonly evaluate: (buffer: Sample, c: number, count: number) => Sample;

  /**
   * @param taps one side of the symmetric filter: taps[k] = φ_l[k] = φ_l[-k], k = 0..h
   * @param step distance between outputs, a power of two (2^(s - l))
   * @param startPosition position of the first input sample that will be pushed
   * @param allocate array factory of the engine's precision
   * @param sink receives the outputs of each push, positioned on the output grid (centre / step)
   * @param kernels float32 kernels in WebAssembly SIMD (used when the engine is float32): the
   *   stream's own instance, whose memory then holds the buffer and the outputs, so that the
   *   dot products run on them in place, all those of a push in one call
   */
  constructor(
    taps: Float64Array,
    step: number,
    startPosition: number,
    allocate: (n: number) => Sample,
    private readonly sink: StageSink,
    kernels?: SimdKernels,
  ) {
    const h = taps.length - 1;
    this.halfWidth = h;
    this.step = step;
    this.length = 4 * h + 2 * step + 2;
    this.bufferStart = startPosition;
    this.nextCentre = this.firstCentreFrom(startPosition);
    // The most outputs one pass of push() can emit: those of a full buffer.
    const most = Math.floor(this.length / step) + 1;
    if (kernels !== undefined) {
      const sideAt = kernels.storeSide(taps);
      const bufferAt = kernels.allocate(this.length);
      const outputsAt = kernels.allocate(most);
      // The memory grows when another buffer of the stream is made: the views are then remade.
      const buffer = new HeapArray(kernels, bufferAt, this.length);
      const outputs = new HeapArray(kernels, outputsAt, most);
      this.buffer = () => buffer.get();
      this.evaluate = (_, c, count) => {
        kernels.symmetricDotsAt(sideAt, bufferAt + 4 * c, h, 4 * step, count, outputsAt);
        return outputs.get();
      };
    } else {
      const buffer = allocate(this.length);
      const outputs = allocate(most);
      this.buffer = () => buffer;
      this.evaluate = (values, c, count) => {
        for (let i = 0; i < count; i++) outputs[i] = symmetricDot(taps, values, c + i * step, h);
        return outputs;
      };
    }
  }

  private firstCentreFrom(start: number): number {
    return firstDirectOutput(this.halfWidth, this.step, start);
  }

  reset(startPosition: number): void {
    this.bufferStart = startPosition;
    this.filled = 0;
    this.nextCentre = this.firstCentreFrom(startPosition);
  }

  /** Appends `count` input samples from `input[from]`; emits every output whose reach is in. */
  push(input: ArrayLike<number>, from: number, count: number): void {
    const buffer = this.buffer();
    const h = this.halfWidth;
    const step = this.step;
    const typed = ArrayBuffer.isView(input) ? (input as Sample) : undefined;
    let read = from;
    const end = from + count;
    while (read < end) {
      if (this.filled === this.length) this.compact(buffer);
      const take = Math.min(end - read, this.length - this.filled);
      if (typed === undefined) {
        for (let i = 0; i < take; i++) buffer[this.filled + i] = input[read + i];
      } else if (read === 0 && take === typed.length) {
        buffer.set(typed, this.filled);
      } else {
        buffer.set(typed.subarray(read, read + take), this.filled);
      }
      this.filled += take;
      read += take;
      // Outputs whose reach ends at or before the newest sample (bufferStart + filled - 1).
      const reach = this.bufferStart + this.filled - 1 - h - this.nextCentre;
      if (reach >= 0) {
        const due = Math.floor(reach / step) + 1;
        const centre = this.nextCentre;
        this.sink(this.evaluate(buffer, centre - this.bufferStart, due), due, centre / step);
        this.nextCentre = centre + due * step;
      }
    }
  }

  /** Drops samples no future output needs (those before nextCentre - h). */
  private compact(buffer: Sample): void {
    const keepFrom = this.nextCentre - this.halfWidth - this.bufferStart;
    buffer.copyWithin(0, keepFrom, this.filled);
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
