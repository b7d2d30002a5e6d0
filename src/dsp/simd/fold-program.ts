/**
 * The multiply-and-fold of one filter's response onto one folded size, planned once as a list
 * of steps that SpectrumFold runs for every block (spectrum-fold.ts).
 *
 * For each kept bin m of the response H, conj(X[m])·H[m] goes to folded bin m mod size, X being
 * a real block's spectrum in PFFFT's ordered layout ([X0, X(B/2), Re X1, Im X1, …]), read
 * through X[m] = conj X[B − m] above B/2. The runs of bins are cut where the folded index wraps,
 * and each piece goes to a SIMD kernel two bins at a time; the odd bin and the two real bins
 * (0 and B/2, packed apart) are single steps.
 *
 * Every folded bin is written: the first product to reach a bin is stored, the later ones added
 * to it, in the same order as before, and the bins no product reaches are zeroed. So the
 * transform's input needs no clearing before each fold (which cost about 2 % of the engine).
 */
import type { SparseSpectrum } from '../sparse-spectrum.js';

/** What a step does. */
export const FoldOp = {
  /** `count` folded bins from `dst` set to 0. */
  zero: 0,
  /** `count` (even) bins: dst[k] = or += conj(X[src + k])·g[gain + k]. */
  forward: 1,
  /** `count` (even) bins: dst[k] = or += X[src + 1 − k]·g[gain + k] (bins above B/2). */
  mirrored: 2,
  /** One bin: dst = or += (Re X[src]·g0, Im X[src]·g1), the gain pair doing the conjugation. */
  complex: 3,
  /** One of the real bins X0 (src 0) and X(B/2) (src 1): dst = or += (X·g, 0). */
  real: 4,
} as const;

/** Int32 values per step: op, store (1) or add (0), src, dst, gain, count. */
export const FOLD_STEP = 6;

/**
 * The steps folding `spectrum` onto `size` bins: `src` indexes X's complex values in the
 * packed layout (for `real`, its first two floats), `dst` the folded bins, `gain` the response's
 * values.
 */
export function planFold(spectrum: SparseSpectrum, size: number): Int32Array {
  const blockSize = spectrum.size;
  const half = blockSize / 2;
  const mask = size - 1;
  const touched = new Uint8Array(size);
  const steps: number[] = [];
  const push = (
    op: number,
    store: boolean,
    src: number,
    dst: number,
    gain: number,
    count: number,
  ): void => {
    steps.push(op, store ? 1 : 0, src, dst, gain, count);
    touched.fill(1, dst, dst + count);
  };

  /** Bins m … m + count − 1, landing on folded bins r … r + count − 1 (no wrap). */
  const piece = (mirrored: boolean, m: number, r: number, v: number, count: number): void => {
    let o = 0;
    while (o < count) {
      // The longest stretch from o whose folded bins are all new, or all written already.
      const store = touched[r + o] === 0;
      let end = o + 1;
      while (end < count && (touched[r + end] === 0) === store) end++;
      const even = (end - o) & ~1;
      if (even > 0) {
        // The mirrored kernel reads downwards from the complex value just below X[B − m].
        const src = mirrored ? blockSize - (m + o) - 1 : m + o;
        push(mirrored ? FoldOp.mirrored : FoldOp.forward, store, src, r + o, v + o, even);
      }
      if (even < end - o) {
        const last = end - 1;
        const bin = mirrored ? blockSize - (m + last) : m + last;
        push(FoldOp.complex, store, bin, r + last, v + last, 1);
      }
      o = end;
    }
  };

  const { runStarts, runOffsets } = spectrum;
  for (let run = 0; run < runStarts.length; run++) {
    let m = runStarts[run];
    let v = runOffsets[run];
    const stop = runOffsets[run + 1];
    const mirrored = m > half;
    while (v < stop) {
      const r = m & mask;
      if (!mirrored && (m === 0 || m === half)) {
        push(FoldOp.real, touched[r] === 0, m === 0 ? 0 : 1, r, v, 1);
        m++;
        v++;
        continue;
      }
      // Up to the folded grid's wrap, and (forward) short of the real bin B/2.
      let count = Math.min(stop - v, size - r);
      if (!mirrored) count = Math.min(count, half - m);
      piece(mirrored, m, r, v, count);
      m += count;
      v += count;
    }
  }

  for (let r = 0; r < size;) {
    if (touched[r] === 1) {
      r++;
      continue;
    }
    let end = r + 1;
    while (end < size && touched[end] === 0) end++;
    steps.push(FoldOp.zero, 1, 0, r, 0, end - r);
    r = end;
  }
  return Int32Array.from(steps);
}
