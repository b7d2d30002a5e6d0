/**
 * The multiply-and-fold of an overlap-save block (overlap-save-stage.ts) in WebAssembly SIMD,
 * inside PFFFT's own memory: it reads the block's real spectrum where PFFFT wrote it and writes
 * the complex transform's input where PFFFT will read it, so no spectrum is copied. What goes
 * where is planned once per response and folded size (fold-program.ts).
 */
import type { SparseSpectrum } from '../sparse-spectrum.js';
import { FOLD_FORWARD, FOLD_MIRRORED, STORE_FORWARD, STORE_MIRRORED } from './fold-functions.js';
import { FOLD_STEP, FoldOp, planFold } from './fold-program.js';
import { MemoryView, type SharedHeap } from './shared-heap.js';
import { instantiateKernels } from './wasm-api.js';
import { encodeModule } from './wasm-encoding.js';

type FoldKernel = (src: number, dst: number, gains: number, pairs: number) => void;

interface FoldExports {
  readonly foldForward: FoldKernel;
  readonly foldMirrored: FoldKernel;
  readonly storeForward: FoldKernel;
  readonly storeMirrored: FoldKernel;
}

/** A response's fold onto one size: its steps, and where its gains sit in the shared memory. */
export interface FoldProgram {
  readonly steps: Int32Array;
  /** Byte address of the gains. */
  readonly gainsAt: number;
}

export class SpectrumFold {
  /** Address of each response's gains in the shared memory. */
  private readonly gains = new WeakMap<SparseSpectrum, number>();
  /** Each response's programs, by folded size. */
  private readonly programs = new WeakMap<SparseSpectrum, Map<number, FoldProgram>>();
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
      encodeModule([FOLD_FORWARD, FOLD_MIRRORED, STORE_FORWARD, STORE_MIRRORED], {
        importMemory: true,
      }),
      { env: { memory: shared.memory } },
    );
    return exports === undefined
      ? undefined
      : new SpectrumFold(exports as unknown as FoldExports, shared);
  }

  /**
   * The program folding `spectrum` onto `size` bins (made once per response and size). The
   * response's gains are copied into the shared memory once, each as the pair the kernels
   * multiply a complex bin by: (g, −g) on the forward runs, which take conj X, and (g, g) on the
   * mirrored ones (conj X[B − m], conjugated again).
   */
  program(spectrum: SparseSpectrum, size: number): FoldProgram {
    let programs = this.programs.get(spectrum);
    if (programs === undefined) {
      programs = new Map();
      this.programs.set(spectrum, programs);
    }
    let program = programs.get(size);
    if (program === undefined) {
      program = { steps: planFold(spectrum, size), gainsAt: this.gainsOf(spectrum) };
      programs.set(size, program);
    }
    return program;
  }

  /**
   * Writes the fold of conj(X)·H onto all bins of the complex transform input at `foldedAt`,
   * X being the real spectrum of a block in PFFFT's ordered layout at `packedAt`.
   */
  fold(program: FoldProgram, packedAt: number, foldedAt: number): void {
    const heap = this.view();
    const { storeForward, storeMirrored, foldForward, foldMirrored } = this.kernels;
    const { steps, gainsAt } = program;
    const packed = packedAt >> 2;
    const folded = foldedAt >> 2;
    const gains = gainsAt >> 2;
    for (let s = 0; s < steps.length; s += FOLD_STEP) {
      const op = steps[s];
      const store = steps[s + 1] === 1;
      const src = steps[s + 2];
      const dst = steps[s + 3];
      const gain = steps[s + 4];
      const count = steps[s + 5];
      switch (op) {
        case FoldOp.forward:
        case FoldOp.mirrored: {
          const kernel =
            op === FoldOp.forward
              ? store
                ? storeForward
                : foldForward
              : store
                ? storeMirrored
                : foldMirrored;
          kernel(packedAt + 8 * src, foldedAt + 8 * dst, gainsAt + 8 * gain, count >> 1);
          break;
        }
        case FoldOp.complex: {
          const at = folded + 2 * dst;
          const re = heap[packed + 2 * src] * heap[gains + 2 * gain];
          const im = heap[packed + 2 * src + 1] * heap[gains + 2 * gain + 1];
          heap[at] = store ? re : heap[at] + re;
          heap[at + 1] = store ? im : heap[at + 1] + im;
          break;
        }
        case FoldOp.real: {
          const at = folded + 2 * dst;
          const re = heap[packed + src] * heap[gains + 2 * gain];
          heap[at] = store ? re : heap[at] + re;
          if (store) heap[at + 1] = 0;
          break;
        }
        default:
          heap.fill(0, folded + 2 * dst, folded + 2 * (dst + count));
      }
    }
  }

  /** The byte address of a response's gain pairs, copied there on first use. */
  private gainsOf(spectrum: SparseSpectrum): number {
    const known = this.gains.get(spectrum);
    if (known !== undefined) return known;
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
    return at;
  }

  /** A float32 view of the shared memory, remade when the memory has grown. */
  private view(): Float32Array {
    return this.memory.view();
  }
}
