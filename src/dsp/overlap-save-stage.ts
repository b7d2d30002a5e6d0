/**
 * One overlap-save FFT convolution stage: a real input stream filtered by several zero-phase
 * filters at once, each output decimated by its own power of two (and optionally |·|).
 *
 * Positions are integers in the stage's own sample units ("level" l: one unit = 2^l input
 * samples). The block holds input positions [blockStart, blockStart + B); outputs are valid for
 * centres [blockStart + h, blockStart + B - h) where h is the stage's half-width, so each block
 * yields V = B - 2h new outputs per decimation-1 filter and the next block starts V later.
 * blockStart and h are multiples of every output's decimation (the stage's alignment), so output
 * grids stay anchored at position 0 whatever the input chunking. An input starting off that
 * grid is preceded by zeros back to it.
 *
 * Decimation happens in Fourier: folding a spectrum Y of B bins onto B/2^d bins,
 * Z[r] = Σ_q Y[r + q·B/2^d], is exactly the DFT of y[::2^d] (times 2^d), so each output costs
 * an FFT of its decimated length only.
 */
import type { Sample } from './engine-types.js';
import type { FftBackend, FftPlan, InMemoryPlan } from './fft/fft-plan.js';
import type { ScratchPool } from './scratch-pool.js';
import type { HeapKernels } from './simd/heap-kernels.js';
import { HeapArray } from './simd/shared-heap.js';
import type { SimdKernels } from './simd/simd-kernels.js';
import type { FoldProgram, SpectrumFold } from './simd/spectrum-fold.js';
import type { SparseSpectrum } from './sparse-spectrum.js';

/** Receives `count` consecutive outputs starting at output position `firstPosition`. */
export type StageSink = (values: Sample, count: number, firstPosition: number) => void;

export interface StageOutputSpec {
  /** Filter response on the stage's B bins, including the 1/B of the inverse DFT. */
  readonly spectrum: SparseSpectrum;
  readonly log2Decimation: number;
  /** true: |y| (wavelets); false: Re y (the real low-passes). */
  readonly modulus: boolean;
  /**
   * The block is centred for this output even though it takes no modulus: a decimating low-pass
   * feeding band-pass filters (see `centred` below).
   */
  readonly centred?: boolean;
  readonly sink: StageSink;
}

/**
 * Values written into `array`, in the FFT library's memory: by the transform itself where it
 * can (its plan's complexValuesTo), else moduli by `kernels` from the transform's output.
 */
interface InPlaceValues {
  readonly array: HeapArray;
  readonly kernels: HeapKernels;
}

interface StageOutput extends StageOutputSpec {
  /** Response to a constant 1 over the whole block: B·H[0]. */
  readonly dcGain: number;
  readonly plan: FftPlan;
  /** With the SIMD fold: the response's fold onto the output's size, planned once. */
  readonly foldProgram: FoldProgram | undefined;
  /** Where a block's outputs are written: in the FFT library's memory for in-place moduli. */
  readonly values: Sample | InPlaceValues;
}

/** Float32 values kept before each in-place output array, for the modulus kernel's lead. */
const VALUES_LEAD = 4;

export class OverlapSaveStage {
  readonly blockSize: number;
  readonly halfWidth: number;
  /** New outputs per block at decimation 1 (B - 2h). */
  readonly validLength: number;
  private readonly block: Sample;
  private readonly spectrum: Sample;
  private readonly plan: FftPlan;
  /** Whether blocks are centred before their FFT: only for band-pass outputs, here or downstream. */
  private readonly centred: boolean;
  /** Float32 centring and modulus in SIMD on the FFT library's buffers, when the backend has them. */
  private readonly heap: HeapKernels | undefined;
  /** Else float32 centring and modulus in SIMD, copying in and out, when the backend has them. */
  private readonly simd: SimdKernels | undefined;
  /** The multiply-and-fold in SIMD on the FFT library's buffers, when the backend has it. */
  private readonly fold: SpectrumFold | undefined;
  /** With `fold`: where the block's spectrum is written, in the FFT library's memory. */
  private readonly packedAt: number;
  private readonly outputs: StageOutput[];
  private filled = 0;
  private blockStart: number;
  /** Index in `block` after the last non-zero sample (0: the block is silent so far). */
  private nonZeroEnd = 0;

  /**
   * @param pool work arrays shared with the other stages of the same cascade order
   * @param log2Alignment blocks start on multiples of 2^log2Alignment (the largest decimation)
   * @param startPosition position of the first input sample that will be pushed
   */
  constructor(
    backend: FftBackend,
    pool: ScratchPool,
    blockSize: number,
    halfWidth: number,
    private readonly log2Alignment: number,
    startPosition: number,
    outputs: readonly StageOutputSpec[],
  ) {
    this.blockSize = blockSize;
    this.halfWidth = halfWidth;
    this.validLength = blockSize - 2 * halfWidth;
    this.blockStart = startPosition;
    this.block = backend.allocate(blockSize);
    // The unpacked spectrum is only needed by the JavaScript fold.
    this.spectrum =
      backend.fold === undefined ? pool.get('spectrum', 2 * blockSize) : backend.allocate(0);
    this.plan = backend.plan(blockSize);
    this.centred = outputs.some((spec) => spec.modulus || spec.centred === true);
    this.simd = backend.simd;
    const heap = backend.heapKernels;
    this.heap = heap;
    const fold = backend.fold;
    this.fold = fold;
    // The SIMD fold and the heap kernels come with work areas in the plans' memory.
    const areas = backend.workAreas;
    this.packedAt =
      fold === undefined || areas === undefined
        ? 0
        : areas.get(`${pool.role}: packed spectrum`, 4 * blockSize);
    this.outputs = outputs.map((spec) => {
      const size = blockSize >> spec.log2Decimation;
      const count = this.validLength >> spec.log2Decimation;
      // The modulus kernel writes whole vectors of four, from the one holding the first output:
      // room for up to 3 values on either side.
      const padded = Math.ceil((count + 3) / 4) * 4 + VALUES_LEAD;
      const plan = backend.plan(size);
      const inPlace = spec.modulus || (plan as Partial<InMemoryPlan>).complexValuesTo !== undefined;
      return {
        ...spec,
        dcGain: blockSize * dcValue(spec.spectrum),
        plan,
        foldProgram: fold?.program(spec.spectrum, size),
        values:
          inPlace && heap !== undefined && areas !== undefined
            ? {
                array: new HeapArray(
                  areas,
                  areas.get(`${pool.role}: values`, 4 * padded) + 4 * VALUES_LEAD,
                  count,
                ),
                kernels: heap,
              }
            : pool.get('values', count),
      };
    });
    this.reset(startPosition);
  }

  /** Appends input samples; runs every block that becomes full. */
  push(input: ArrayLike<number>, from: number, count: number): void {
    let read = from;
    const end = from + count;
    const typed = ArrayBuffer.isView(input) ? (input as Sample) : undefined;
    while (read < end) {
      const take = Math.min(end - read, this.blockSize - this.filled);
      const block = this.block;
      const start = this.filled;
      if (typed === undefined) {
        for (let i = 0; i < take; i++) block[start + i] = input[read + i];
      } else {
        block.set(typed.subarray(read, read + take), start);
      }
      // The last non-zero sample: usually the newest one, so this scan stops at once.
      let w = start + take;
      while (w > start && block[w - 1] === 0) w--;
      if (w > start) this.nonZeroEnd = w;
      this.filled = start + take;
      read += take;
      if (this.filled === this.blockSize) this.runBlock();
    }
  }

  /** Forgets all input; the next sample is taken at `startPosition`. */
  reset(startPosition: number): void {
    const alignment = 2 ** this.log2Alignment;
    this.blockStart = Math.floor(startPosition / alignment) * alignment;
    this.filled = startPosition - this.blockStart;
    this.block.fill(0, 0, this.filled);
    this.nonZeroEnd = 0;
  }

  private runBlock(): void {
    if (this.nonZeroEnd === 0) {
      this.runSilentBlock();
      return;
    }
    const mean = this.transformBlock();
    const firstCentre = this.blockStart + this.halfWidth;
    for (const out of this.outputs) {
      const d = out.log2Decimation;
      const count = this.validLength >> d;
      out.sink(this.inverse(out, mean), count, firstCentre / 2 ** d);
    }
    this.advance();
  }

  /**
   * The forward FFT of the block, centred when its outputs need it (returns the mean removed).
   *
   * The block's mean is removed before the FFT and its response added back exactly: U1 and U2
   * are moduli with a large mean, and in float32 the FFT's round-off (relative to the largest
   * bin, the mean) would otherwise swamp the small band-pass outputs. A stage of low-passes only
   * (φ) needs no centring: its outputs are of the size of the mean. The native four-step FFT
   * reads the block where it lies and centres it as it reads; otherwise the block is written
   * straight into the FFT's own input, and centred there.
   */
  private transformBlock(): number {
    const block = this.block;
    const plan = this.plan;
    const { heap, simd } = this;
    // The native four-step FFT reads the block where it lies, centring it as it reads.
    const from = (plan as Partial<InMemoryPlan>).realTransformFrom;
    if (from !== undefined && this.fold !== undefined && block instanceof Float32Array) {
      return from(block, this.packedAt, this.centred);
    }
    const input = plan.realInput();
    let mean = 0;
    if (!this.centred) {
      input.set(block);
    } else if (heap !== undefined) {
      input.set(block);
      mean = heap.centre((plan as FftPlan & InMemoryPlan).realInputAt(), this.blockSize);
    } else if (
      simd !== undefined &&
      block instanceof Float32Array &&
      input instanceof Float32Array
    ) {
      mean = simd.centre(block, input);
    } else {
      mean = blockMean(block);
      for (let i = 0; i < block.length; i++) input[i] = block[i] - mean;
    }
    // With the SIMD fold the spectrum is written in the FFT library's memory, in its own
    // layout, and folded from there; else it is unpacked into a JavaScript array.
    if (this.fold === undefined) plan.realTransform(this.spectrum);
    else (plan as FftPlan & InMemoryPlan).realTransformTo(this.packedAt);
    return mean;
  }

  /** One output's new values from the block's spectrum: folded, inverse-transformed, |·| or Re. */
  private inverse(out: StageOutput, mean: number): Sample {
    const d = out.log2Decimation;
    const size = this.blockSize >> d;
    // Folded straight into the inverse transform's own input (by the SIMD fold, which writes
    // every bin; the JavaScript one adds into a cleared input).
    const plan = out.plan;
    const fold = this.fold;
    const foldProgram = out.foldProgram;
    if (fold !== undefined && foldProgram !== undefined) {
      const foldedAt = (plan as FftPlan & InMemoryPlan).complexInputAt();
      fold.fold(foldProgram, this.packedAt, foldedAt);
    } else {
      const folded = plan.complexInput();
      folded.fill(0);
      foldSpectrum(this.spectrum, this.blockSize, out.spectrum, folded, size);
    }
    const first = this.halfWidth >> d;
    const count = this.validLength >> d;
    const offset = mean * out.dcGain;
    const values = out.values;
    if (!ArrayBuffer.isView(values)) {
      const inMemory = plan as FftPlan & InMemoryPlan;
      const valuesTo = inMemory.complexValuesTo;
      if (valuesTo !== undefined) {
        // The native four-step transform writes the moduli or real parts itself.
        valuesTo(first, count, offset, values.array.at, out.modulus);
        return values.array.get();
      }
      // In place: the moduli are taken where the transform wrote them, in its own order.
      inMemory.complexTransformUnordered();
      const zAt = inMemory.complexOutputAt();
      values.kernels.modulusUnordered(zAt, size, first, count, offset, values.array.at);
      return values.array.get();
    }
    const z = plan.complexTransform();
    const simd = this.simd;
    if (
      out.modulus &&
      simd !== undefined &&
      z instanceof Float32Array &&
      values instanceof Float32Array
    ) {
      simd.modulus(z, first, count, offset, values);
    } else if (out.modulus) {
      for (let i = 0; i < count; i++) {
        const re = z[2 * (first + i)] + offset;
        const im = z[2 * (first + i) + 1];
        values[i] = Math.sqrt(re * re + im * im);
      }
    } else {
      for (let i = 0; i < count; i++) values[i] = z[2 * (first + i)] + offset;
    }
    return values;
  }

  /**
   * A block of zeros filters to zeros: skip the FFTs. Live streams start on silence, and a
   * silent input costs next to nothing.
   */
  private runSilentBlock(): void {
    const firstCentre = this.blockStart + this.halfWidth;
    for (const out of this.outputs) {
      const count = this.validLength >> out.log2Decimation;
      const values = ArrayBuffer.isView(out.values) ? out.values : out.values.array.get();
      values.fill(0, 0, count);
      out.sink(values, count, firstCentre / 2 ** out.log2Decimation);
    }
    this.advance();
  }

  /** Keeps the last 2h samples: they open the next block. */
  private advance(): void {
    this.block.copyWithin(0, this.validLength);
    this.filled = this.blockSize - this.validLength;
    this.nonZeroEnd = Math.max(0, this.nonZeroEnd - this.validLength);
    this.blockStart += this.validLength;
  }
}

/** Mean of a block, summed in four interleaved sums (a single sum waits on each addition). */
function blockMean(block: Sample): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  // Block sizes are powers of two ≥ 32: a multiple of four.
  for (let i = 0; i < block.length; i += 4) {
    s0 += block[i];
    s1 += block[i + 1];
    s2 += block[i + 2];
    s3 += block[i + 3];
  }
  return (s0 + s1 + (s2 + s3)) / block.length;
}

/** The response at bin 0 (0 when the filter's support misses it). */
function dcValue(spectrum: SparseSpectrum): number {
  return spectrum.runStarts.length > 0 && spectrum.runStarts[0] === 0 ? spectrum.values[0] : 0;
}

/**
 * Adds the fold of conj(X)·H onto `size` complex bins of `folded`: X is a real block's spectrum
 * (bins 0..B/2, interleaved), H a filter's response (JavaScript; SpectrumFold does it in SIMD).
 */
export function foldSpectrum(
  spectrum: Sample,
  blockSize: number,
  response: SparseSpectrum,
  folded: Sample,
  size: number,
): void {
  const mask = size - 1;
  const { runStarts, runOffsets, values: h } = response;
  // Fold conj(X)·H: the forward DFT of the conjugate then gives conj(y), whose real part
  // and modulus are those of y (see fft-plan.ts). Bins above B/2 are read through
  // X[m] = conj X[B - m]: only bins 0..B/2 of the real input's spectrum are stored.
  const half = blockSize / 2;
  for (let run = 0; run < runStarts.length; run++) {
    let m = runStarts[run];
    const stop = runOffsets[run + 1];
    if (m <= half) {
      for (let v = runOffsets[run]; v < stop; v++, m++) {
        const gain = h[v];
        const r = (m & mask) << 1;
        folded[r] += spectrum[2 * m] * gain;
        folded[r + 1] -= spectrum[2 * m + 1] * gain;
      }
    } else {
      for (let v = runOffsets[run]; v < stop; v++, m++) {
        const gain = h[v];
        const r = (m & mask) << 1;
        const mirror = 2 * (blockSize - m);
        folded[r] += spectrum[mirror] * gain;
        folded[r + 1] += spectrum[mirror + 1] * gain;
      }
    }
  }
}
