/**
 * The multiply-and-fold of an overlap-save block (overlap-save-stage.ts) in WebAssembly SIMD,
 * inside PFFFT's own memory: it reads the block's real spectrum where PFFFT wrote it and adds
 * into the complex transform's input where PFFFT will read it, so no spectrum is copied.
 *
 * For each kept bin m of a filter's response H (a SparseSpectrum) it adds conj(X[m])·H[m] to
 * folded bin m mod size, X being read through X[m] = conj X[B − m] above B/2. The runs of bins
 * are cut where the folded index wraps; each piece goes to a kernel two bins at a time, and the
 * odd bin and the two real bins (0 and B/2, packed apart by PFFFT) are done here.
 */
import type { SparseSpectrum } from '../sparse-spectrum.js';
import { FOLD_FORWARD, FOLD_MIRRORED } from './fold-functions.js';
import { MemoryView, type SharedHeap } from './shared-heap.js';
import { instantiateKernels } from './wasm-api.js';
import { encodeModule } from './wasm-encoding.js';

interface FoldExports {
  readonly foldForward: (src: number, dst: number, gains: number, pairs: number) => void;
  readonly foldMirrored: (src: number, dst: number, gains: number, pairs: number) => void;
}

export class SpectrumFold {
  /** Address of each response's gains in the shared memory. */
  private readonly gains = new WeakMap<SparseSpectrum, number>();
  private readonly memory: MemoryView;

  private constructor(
    private readonly kernels: FoldExports,
    private readonly shared: SharedHeap,
  ) {
    this.memory = new MemoryView(shared.memory);
  }

  /** The kernels on `shared`, or undefined where WebAssembly SIMD is not available. */
  static create(shared: SharedHeap): SpectrumFold | undefined {
    const exports = instantiateKernels(
      encodeModule([FOLD_FORWARD, FOLD_MIRRORED], { importMemory: true }),
      { env: { memory: shared.memory } },
    );
    return exports === undefined
      ? undefined
      : new SpectrumFold(exports as unknown as FoldExports, shared);
  }

  /**
   * Copies a response's gains into the shared memory, once (before the first fold with it),
   * each as the pair the kernels multiply a complex bin by: (g, −g) on the forward runs, which
   * take conj X, and (g, g) on the mirrored ones (conj X[B − m], conjugated again).
   */
  prepare(spectrum: SparseSpectrum): void {
    if (this.gains.has(spectrum)) return;
    const { runStarts, runOffsets, values } = spectrum;
    const at = this.shared.allocate(8 * Math.max(values.length, 1));
    const heap = this.view();
    const base = at >> 2;
    for (let run = 0; run < runStarts.length; run++) {
      const sign = runStarts[run] > spectrum.size / 2 ? 1 : -1;
      for (let v = runOffsets[run]; v < runOffsets[run + 1]; v++) {
        heap[base + 2 * v] = values[v];
        heap[base + 2 * v + 1] = sign * values[v];
      }
    }
    this.gains.set(spectrum, at);
  }

  /**
   * Adds the fold of conj(X)·H onto `size` complex bins at `foldedAt`, X being the real
   * spectrum of a block of `blockSize` samples in PFFFT's ordered layout at `packedAt`
   * ([X0, X(B/2), Re X1, Im X1, …]).
   */
  fold(
    packedAt: number,
    blockSize: number,
    spectrum: SparseSpectrum,
    foldedAt: number,
    size: number,
  ): void {
    const gainsAt = this.gains.get(spectrum);
    if (gainsAt === undefined) throw new Error('internal error: a response was not prepared');
    const heap = this.view();
    const { foldForward, foldMirrored } = this.kernels;
    const packed = packedAt >> 2;
    const folded = foldedAt >> 2;
    const gains = gainsAt >> 2;
    const half = blockSize / 2;
    const mask = size - 1;
    const { runStarts, runOffsets } = spectrum;
    for (let run = 0; run < runStarts.length; run++) {
      let m = runStarts[run];
      let v = runOffsets[run];
      const stop = runOffsets[run + 1];
      const mirrored = m > half;
      while (v < stop) {
        const r = m & mask;
        if (!mirrored && (m === 0 || m === half)) {
          // The two real bins: X0 and X(B/2) sit in the first two floats.
          heap[folded + 2 * r] += heap[packed + (m === 0 ? 0 : 1)] * heap[gains + 2 * v];
          m++;
          v++;
          continue;
        }
        // Up to the folded grid's wrap, and (forward) short of the real bin B/2.
        let count = Math.min(stop - v, size - r);
        if (!mirrored) count = Math.min(count, half - m);
        const pairs = count >> 1;
        if (mirrored) {
          if (pairs > 0) {
            foldMirrored(
              packedAt + 8 * (blockSize - m - 1),
              foldedAt + 8 * r,
              gainsAt + 8 * v,
              pairs,
            );
          }
        } else if (pairs > 0) {
          foldForward(packedAt + 8 * m, foldedAt + 8 * r, gainsAt + 8 * v, pairs);
        }
        if ((count & 1) === 1) {
          const last = count - 1;
          const bin = mirrored ? blockSize - (m + last) : m + last;
          const gain = gains + 2 * (v + last);
          const at = folded + 2 * (r + last);
          heap[at] += heap[packed + 2 * bin] * heap[gain];
          heap[at + 1] += heap[packed + 2 * bin + 1] * heap[gain + 1];
        }
        m += count;
        v += count;
      }
    }
  }

  /** A float32 view of the shared memory, remade when the memory has grown. */
  private view(): Float32Array {
    return this.memory.view();
  }
}
