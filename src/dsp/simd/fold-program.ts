/**
 * The multiply-and-fold of one filter's response onto one folded size, planned once as a list
 * of steps that runFold runs for every block (fold-functions.ts, spectrum-fold.ts).
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
import { FoldCode } from './fold-functions.js';

/**
 * The steps folding `spectrum` onto `size` bins, as runFold reads them (fold-functions.ts): five
 * int32 per step, its FoldCode, then its source, destination and gain as byte offsets from the
 * packed spectrum (complex values of 8 bytes; the real bins X0 and X(B/2) are its first two
 * floats), the folded input and the gains (a pair of floats per bin), then its count (pairs of
 * bins for the kernels, bytes for `zero`, unused by the one-bin steps).
 */
export function planFold(spectrum: SparseSpectrum, size: number): Int32Array {
  const blockSize = spectrum.size;
  const half = blockSize / 2;
  const mask = size - 1;
  const touched = new Uint8Array(size);
  const steps: number[] = [];
  /** A step writing folded bins dst … dst + bins − 1 (source in bytes, dst and gain in bins). */
  const push = (
    code: number,
    sourceBytes: number,
    dst: number,
    gain: number,
    count: number,
    bins: number,
  ): void => {
    steps.push(code, sourceBytes, 8 * dst, 8 * gain, count);
    touched.fill(1, dst, dst + bins);
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
        const code = mirrored
          ? store
            ? FoldCode.storeMirrored
            : FoldCode.foldMirrored
          : store
            ? FoldCode.storeForward
            : FoldCode.foldForward;
        push(code, 8 * src, r + o, v + o, even / 2, even);
      }
      if (even < end - o) {
        const last = end - 1;
        const bin = mirrored ? blockSize - (m + last) : m + last;
        const code = store ? FoldCode.complexStore : FoldCode.complexAdd;
        push(code, 8 * bin, r + last, v + last, 0, 1);
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
        const code = touched[r] === 0 ? FoldCode.realStore : FoldCode.realAdd;
        push(code, m === 0 ? 0 : 4, r, v, 0, 1);
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
    push(FoldCode.zero, 0, r, 0, 8 * (end - r), end - r);
    r = end;
  }
  return Int32Array.from(steps);
}
