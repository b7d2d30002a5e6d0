/**
 * A filter's Fourier response on an FFT grid, kept only where it is not negligible.
 *
 * Band-pass wavelets occupy a small part of the spectrum, so the multiply-and-fold of each
 * overlap-save block costs O(support) instead of O(block size).
 */
import { evaluateRaw, type FourierFilter } from './filter-bank.js';

export interface SparseSpectrum {
  /** FFT size the bins refer to. */
  readonly size: number;
  /** First bin of each run (runs do not wrap, do not overlap, and do not cross size/2). */
  readonly runStarts: Int32Array;
  /** Offset of each run's first value in `values`; runOffsets[runs] = values.length. */
  readonly runOffsets: Int32Array;
  /** Real response values (the filters are real in Fourier), already scaled, in the engine's precision. */
  readonly values: Float32Array | Float64Array;
}

/** The normalized level-0 response on a grid of n0 bins, over the bins where it matters. */
export interface Level0Response {
  readonly n0: number;
  /** Bins k (taken modulo n0) of each evaluated interval, and the values there. */
  readonly starts: readonly number[];
  readonly values: readonly Float64Array[];
}

/** Half-width in cycles per sample of each Gaussian bump, cut where it falls below `tail`. */
function bandHalfWidth(filter: FourierFilter, tail: number): number {
  return filter.sigma * Math.sqrt(2 * Math.log(1 / tail));
}

/**
 * Centres of the Gaussian bumps of a response: xi, and 0 for the κ·G_0 term of a wavelet when
 * that term reaches `tail` (κ ≤ 1 is its peak; for high-frequency wavelets κ is below 1e-30,
 * and the bump at 0 would double their support for values under the tail).
 */
function bandCentres(filter: FourierFilter, tail: number): number[] {
  return filter.kappa < tail || filter.xi === 0 ? [filter.xi] : [0, filter.xi];
}

/**
 * Highest frequency (cycles per sample at level 0) where the kept response is non-zero: the top of
 * the band around xi (the κ·G_0 bump at 0, when kept, ends lower).
 */
export function bandEdge(filter: FourierFilter, tail: number): number {
  return filter.xi + bandHalfWidth(filter, tail);
}

/** Fraction (0 to 1) of any FFT grid's bins on which the level-0 response is kept. */
export function spectralFraction(filter: FourierFilter, tail: number): number {
  return Math.min(1, bandCentres(filter, tail).length * 2 * bandHalfWidth(filter, tail));
}

/**
 * @param tail Gaussian tails below this fraction of the peak are dropped
 */
export function level0Response(filter: FourierFilter, n0: number, tail: number): Level0Response {
  const halfWidth = bandHalfWidth(filter, tail);
  const centres = bandCentres(filter, tail);
  const intervals = mergeIntervals(
    centres.map(
      (c) => [Math.floor((c - halfWidth) * n0), Math.ceil((c + halfWidth) * n0)] as const,
    ),
    n0,
  );
  const starts: number[] = [];
  const values: Float64Array[] = [];
  for (const [lo, hi] of intervals) {
    const run = new Float64Array(hi - lo + 1);
    for (let k = lo; k <= hi; k++) {
      const k0 = ((k % n0) + n0) % n0;
      run[k - lo] = evaluateRaw(filter, k0 / n0) * filter.scale;
    }
    starts.push(lo);
    values.push(run);
  }
  return { n0, starts, values };
}

/**
 * Folds level-0 responses onto level-k FFT grids, reusing one accumulation array so that a
 * fold costs O(support), not O(grid size).
 */
export class SpectrumFolder {
  private dense = new Float64Array(0);

  /**
   * The level-`level` response on an FFT of `size` bins (size·2^level = response.n0), times
   * `gain`.
   *
   * Kymatio's level-k filter is the level-0 filter periodized by summation:
   * H_k[m] = Σ_{l<2^k} H_0[m + l·N/2^k]. On a level-k grid of `size` bins that is the level-0
   * response sampled on N0 = size·2^k bins and folded modulo `size`, which is what is done here.
   */
  fold(
    response: Level0Response,
    size: number,
    gain: number,
    allocate: (length: number) => Float32Array | Float64Array,
  ): SparseSpectrum {
    if (this.dense.length < size) this.dense = new Float64Array(size);
    const dense = this.dense;
    const n0 = response.n0;
    const images: [number, number][] = [];
    for (let i = 0; i < response.starts.length; i++) {
      const run = response.values[i];
      // size divides n0, so bin k lands on k mod size: walk it with a wrap instead of dividing.
      let m = (((response.starts[i] % n0) + n0) % n0) % size;
      images.push([m, m + run.length - 1]);
      for (const value of run) {
        dense[m] += value * gain;
        if (++m === size) m = 0;
      }
    }
    // Runs never cross bin size/2: above it the engine reads the spectrum of its real input
    // through conjugate symmetry (X[m] = conj X[size - m]) and stores only bins 0..size/2.
    const half = size / 2;
    const merged = mergeOverlapping(
      images.flatMap(([lo, hi]): [number, number][] => {
        if (hi - lo + 1 >= size) return [[0, size - 1]];
        return hi < size
          ? [[lo, hi]]
          : [
              [0, hi - size],
              [lo, size - 1],
            ];
      }),
    ).flatMap(([lo, hi]): [number, number][] =>
      lo <= half && hi > half
        ? [
            [lo, half],
            [half + 1, hi],
          ]
        : [[lo, hi]],
    );
    const count = merged.reduce((sum, [lo, hi]) => sum + hi - lo + 1, 0);
    const runStarts = new Int32Array(merged.length);
    const runOffsets = new Int32Array(merged.length + 1);
    const values = allocate(count);
    let v = 0;
    merged.forEach(([lo, hi], run) => {
      runStarts[run] = lo;
      runOffsets[run] = v;
      for (let m = lo; m <= hi; m++) {
        values[v++] = dense[m];
        dense[m] = 0;
      }
    });
    runOffsets[merged.length] = count;
    return { size, runStarts, runOffsets, values };
  }
}

/**
 * Merges [lo, hi] integer intervals of the line that will be read modulo n0; when together they
 * span a whole period, one period is returned, so that no bin is evaluated twice.
 */
function mergeIntervals(
  intervals: readonly (readonly [number, number])[],
  n0: number,
): (readonly [number, number])[] {
  const merged = mergeOverlapping(intervals);
  const first = merged.at(0);
  const last = merged.at(-1);
  if (first === undefined || last === undefined) return [];
  if (last[1] - first[0] + 1 >= n0) return [[0, n0 - 1]];
  return merged;
}

/** Sorts [lo, hi] integer intervals and merges those that overlap or touch. */
function mergeOverlapping(intervals: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && lo <= last[1] + 1) {
      last[1] = Math.max(last[1], hi);
    } else {
      merged.push([lo, hi]);
    }
  }
  return merged;
}
