/**
 * The multiply-and-fold of an overlap-save block (overlap-save-stage.ts) in WebAssembly SIMD,
 * inside PFFFT's own memory: it reads the block's real spectrum where PFFFT wrote it and writes
 * the complex transform's input where PFFFT will read it, so no spectrum is copied. What goes
 * where is planned once per response and folded size (fold-program.ts).
 */
import type { SparseSpectrum } from '../sparse-spectrum.js';
import { FOLD_KERNELS, RUN_FOLD } from './fold-functions.js';
import { planFold } from './fold-program.js';
import { MemoryView, type SharedHeap } from './shared-heap.js';
import { instantiateKernels } from './wasm-api.js';
import { encodeModule } from './wasm-encoding.js';

interface FoldExports {
  readonly runFold: (
    stepsAt: number,
    endAt: number,
    packedAt: number,
    foldedAt: number,
    gainsAt: number,
  ) => void;
}

/** A response's fold onto one size: its steps and its gains, in the shared memory. */
export interface FoldProgram {
  /** Byte addresses of the first step and of the end of the last (FoldCode, five int32 each). */
  readonly stepsAt: number;
  readonly endAt: number;
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
      encodeModule([...FOLD_KERNELS, RUN_FOLD], { importMemory: true }),
      { env: { memory: shared.memory } },
    );
    return exports === undefined
      ? undefined
      : new SpectrumFold(exports as unknown as FoldExports, shared);
  }

  /**
   * The program folding `spectrum` onto `size` bins (made once per response and size), its
   * steps written into the shared memory for the kernel that runs them. The response's gains
   * are copied there once, each as the pair the kernels multiply a complex bin by: (g, −g) on
   * the forward runs, which take conj X, and (g, g) on the mirrored ones (conj X[B − m],
   * conjugated again).
   */
  program(spectrum: SparseSpectrum, size: number): FoldProgram {
    let programs = this.programs.get(spectrum);
    if (programs === undefined) {
      programs = new Map();
      this.programs.set(spectrum, programs);
    }
    let program = programs.get(size);
    if (program === undefined) {
      const steps = planFold(spectrum, size);
      const stepsAt = this.shared.allocate(4 * Math.max(steps.length, 1));
      new Int32Array(this.shared.memory.buffer).set(steps, stepsAt >> 2);
      program = { stepsAt, endAt: stepsAt + 4 * steps.length, gainsAt: this.gainsOf(spectrum) };
      programs.set(size, program);
    }
    return program;
  }

  /**
   * Writes the fold of conj(X)·H onto all bins of the complex transform input at `foldedAt`,
   * X being the real spectrum of a block in PFFFT's ordered layout at `packedAt`.
   */
  fold(program: FoldProgram, packedAt: number, foldedAt: number): void {
    this.kernels.runFold(program.stepsAt, program.endAt, packedAt, foldedAt, program.gainsAt);
  }

  /** The byte address of a response's gain pairs, copied there on first use. */
  private gainsOf(spectrum: SparseSpectrum): number {
    const known = this.gains.get(spectrum);
    if (known !== undefined) return known;
    const { runStarts, runOffsets, values } = spectrum;
    const at = this.shared.allocate(8 * Math.max(values.length, 1));
    const heap = this.memory.view();
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
}
