/**
 * Splits the filters of one overlap-save stage into groups that share a block size, and picks
 * each group's block size, by a model of the work per input sample.
 *
 * A block of B samples yields B - 2h new outputs, h being the half-width of the longest filter it
 * serves. A wavelet bank mixes filters thousands of samples long (low frequencies) with filters a
 * few tens of samples long (high frequencies), and the short ones are also the expensive ones:
 * their outputs are barely decimated, so each costs an inverse FFT of about the block's size.
 * Computing them in the long filters' blocks would spend most of each of those FFTs on overlap.
 * So filters are sorted by half-width and cut into runs; each run gets its own blocks (one more
 * forward FFT of the input per block), sized for its own longest filter.
 */

/** What the planner needs to know of a filter. */
export interface PlannedFilter {
  /** Half-width of the time envelope, in the stage's units. */
  readonly halfWidth: number;
  /** Its output keeps one value in 2^log2Decimation. */
  readonly log2Decimation: number;
  /** Fraction of the block's bins where its response is kept: the multiply-and-fold's share. */
  readonly spectralFraction: number;
}

/** Blocks of one size and the filters they serve. */
export interface BlockGroup {
  /** Indices of its filters in the planner's input, in increasing order. */
  readonly members: readonly number[];
  /** Its longest member's half-width rounded up to a multiple of 2^log2Alignment. */
  readonly halfWidth: number;
  /** A power of two. */
  readonly blockSize: number;
  /** Largest decimation of its members: blocks start on multiples of 2^log2Alignment. */
  readonly log2Alignment: number;
  /** Modelled work per input sample, in nanoseconds (WorkCosts), plus LATE_PENALTY if too late. */
  readonly cost: number;
}

/**
 * Nanoseconds per unit of work, measured on this project's machine (bench/fft-bench.ts and
 * profiles of bench/scattering-bench.ts). Only their ratios matter: they decide how filters are
 * grouped, never what is computed.
 */
export interface WorkCosts {
  /** Real forward FFT of n points: perCall + realPerPoint·n·log2 n. */
  readonly realPerPoint: number;
  /** Complex forward FFT of n points: perCall + complexPerPoint·n·log2 n. */
  readonly complexPerPoint: number;
  /** Fixed cost of a call into the FFT (copies in and out of its buffers, dispatch). */
  readonly perCall: number;
  /** Per block sample: copying the input in and removing the block's mean. */
  readonly perBlockSample: number;
  /** Per kept bin of a filter's response: the multiply-and-fold. */
  readonly perBin: number;
  /** Per tap of the direct low-pass (third stage), per output. */
  readonly perTap: number;
  /** Bytes of one real value (4 in float32, 8 in float64); a complex point takes twice that. */
  readonly bytesPerValue: number;
  /**
   * Transforms whose points take at most this many bytes are priced as above. Larger blocks
   * leave the fastest cache while they are transformed, multiplied and folded, and cost more per
   * point than n·log2 n says.
   */
  readonly cachedBytes: number;
  /** What each doubling of a block's bytes beyond cachedBytes adds to its per-point price. */
  readonly perDoublingBeyondCache: number;
}

/** Added to the cost of a run whose blocks exceed the delay allowed (far above any real cost). */
const LATE_PENALTY = 1e9;
/** No block is smaller than this: below it, per-call costs dominate. */
const MIN_BLOCK_SIZE = 64;
/** Largest block the model prices (2^24 samples, far beyond any useful block). */
const MAX_LOG2_BLOCK = 24;

export function fftCost(costs: WorkCosts, size: number, complex: boolean): number {
  const perPoint = complex ? costs.complexPerPoint : costs.realPerPoint;
  const bytes = size * costs.bytesPerValue * (complex ? 2 : 1);
  const doublings = Math.max(0, Math.log2(bytes / costs.cachedBytes));
  const penalty = 1 + costs.perDoublingBeyondCache * doublings;
  return costs.perCall + perPoint * penalty * size * Math.log2(size);
}

export interface BlockLimits {
  /** Largest delay B - 1 - h a group may add, in the stage's units (Infinity: none). */
  readonly maxDelay: number;
  /** Largest block size considered. */
  readonly maxBlockSize: number;
  /** Smallest FFT the backend accepts: every output's decimated size is at least this. */
  readonly minFftSize: number;
}

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/**
 * The smallest valid block for half-width h and outputs decimated by up to 2^a: a new output
 * per block at least, and no FFT below the backend's smallest.
 */
export function minimumBlockSize(
  halfWidth: number,
  log2Alignment: number,
  minFftSize: number,
): number {
  const step = 2 ** log2Alignment;
  const minimum = Math.max(2 * halfWidth + step, minFftSize * step, MIN_BLOCK_SIZE);
  return 2 ** Math.ceil(Math.log2(minimum));
}

interface RunChoice {
  readonly cost: number;
  readonly blockSize: number;
  readonly halfWidth: number;
  readonly log2Alignment: number;
}

/**
 * The cheapest grouping of `filters`: filters sorted by half-width, cut into consecutive runs,
 * each run with the block size that minimises its work per input sample within `limits`
 * (found by dynamic programming over the cut points; O(n²) runs, each priced incrementally).
 */
export function planBlockGroups(
  filters: readonly PlannedFilter[],
  costs: WorkCosts,
  limits: BlockLimits,
): BlockGroup[] {
  const order = filters
    .map((filter, index) => ({ filter, index }))
    .sort(
      (a, b) =>
        a.filter.halfWidth - b.filter.halfWidth ||
        a.filter.log2Decimation - b.filter.log2Decimation,
    );
  const n = order.length;
  // best[j]: cheapest cost of the first j sorted filters; cut[j]: start of its last run.
  const best = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const cut = new Int32Array(n + 1);
  const choice: (RunChoice | undefined)[] = new Array<RunChoice | undefined>(n + 1);
  best[0] = 0;
  // Each filter's own work per block of 2^e samples, over the block sizes any run may take.
  const sorted = order.map((o) => o.filter);
  const widest = sorted.reduce(
    (range, f) => {
      const own = Math.log2(minimumBlockSize(f.halfWidth, f.log2Decimation, limits.minFftSize));
      return { low: Math.min(range.low, own), high: Math.max(range.high, own) };
    },
    { low: MAX_LOG2_BLOCK, high: 0 },
  );
  const sizes = {
    low: widest.low,
    high: Math.min(
      MAX_LOG2_BLOCK,
      Math.max(widest.high + 1, Math.ceil(Math.log2(limits.maxBlockSize))),
    ),
  };
  const work = sorted.map((filter) => {
    const own = new Float64Array(MAX_LOG2_BLOCK + 1);
    for (let e = sizes.low; e <= sizes.high; e++) own[e] = outputWork(filter, 2 ** e, costs);
    return own;
  });
  // The forward FFT and the block's copy, per block of 2^e samples.
  const blockWork = new Float64Array(MAX_LOG2_BLOCK + 1);
  for (let e = 0; e <= MAX_LOG2_BLOCK; e++) {
    blockWork[e] = fftCost(costs, 2 ** e, false) + costs.perBlockSample * 2 ** e;
  }
  const runChoices: RunChoice[][] = [];
  const memberWork = new Float64Array(MAX_LOG2_BLOCK + 1);
  for (let i = 0; i < n; i++) {
    memberWork.fill(0);
    runChoices.push(pricedRuns(sorted, work, i, sizes, { memberWork, blockWork }, costs, limits));
  }
  for (let j = 1; j <= n; j++) {
    for (let i = 0; i < j; i++) {
      const run = runChoices[i][j - 1 - i];
      const total = best[i] + run.cost;
      if (total < best[j]) {
        best[j] = total;
        cut[j] = i;
        choice[j] = run;
      }
    }
  }
  const groups: BlockGroup[] = [];
  for (let j = n; j > 0; j = cut[j]) {
    const run = choice[j];
    if (run === undefined) throw new Error('internal error: no block plan');
    const members = order
      .slice(cut[j], j)
      .map((o) => o.index)
      .sort((a, b) => a - b);
    groups.push({
      members,
      halfWidth: run.halfWidth,
      blockSize: run.blockSize,
      log2Alignment: run.log2Alignment,
      cost: run.cost,
    });
  }
  return groups.reverse();
}

/**
 * Prices every run of sorted filters starting at `first`: element k is the run of k + 1 filters.
 * `work[i][e]` is filter i's own work per block of 2^e samples, for e within `sizes`;
 * `table.blockWork[e]` the block's own; `table.memberWork` (zeros on entry) receives the
 * members' sums over the run so far.
 */
function pricedRuns(
  filters: readonly PlannedFilter[],
  work: readonly Float64Array[],
  first: number,
  sizes: { readonly low: number; readonly high: number },
  table: { readonly memberWork: Float64Array; readonly blockWork: Float64Array },
  costs: WorkCosts,
  limits: BlockLimits,
): RunChoice[] {
  const { memberWork, blockWork } = table;
  const priced: RunChoice[] = [];
  let maxHalfWidth = 0;
  let log2Alignment = 0;
  for (let i = first; i < filters.length; i++) {
    const filter = filters[i];
    const own = work[i];
    for (let e = sizes.low; e <= sizes.high; e++) memberWork[e] += own[e];
    maxHalfWidth = Math.max(maxHalfWidth, filter.halfWidth);
    log2Alignment = Math.max(log2Alignment, filter.log2Decimation);
    const halfWidth = roundUp(maxHalfWidth, 2 ** log2Alignment);
    const smallest = minimumBlockSize(halfWidth, log2Alignment, limits.minFftSize);
    const largest = Math.min(Math.max(smallest, limits.maxBlockSize), 2 ** sizes.high);
    let bestCost = Number.POSITIVE_INFINITY;
    let bestSize = 0;
    for (let size = smallest, e = Math.log2(smallest); size <= largest || size === smallest;) {
      const tooLate = size - 1 - halfWidth > limits.maxDelay;
      if (size > smallest && tooLate) break;
      const perBlock =
        blockWork[e] +
        (e <= sizes.high ? memberWork[e] : membersWork(filters, first, i, size, costs));
      // Even a run's smallest block may wait too long (a shorter filter in a block of the same
      // power of two waits longer): such a run is taken only when no grouping avoids it.
      const cost = perBlock / (size - 2 * halfWidth) + (tooLate ? LATE_PENALTY : 0);
      if (cost < bestCost) {
        bestCost = cost;
        bestSize = size;
      }
      size *= 2;
      e++;
    }
    priced.push({ cost: bestCost, blockSize: bestSize, halfWidth, log2Alignment });
  }
  return priced;
}

/** The own work of filters first..last per block of `size` (sizes outside the precomputed range). */
function membersWork(
  filters: readonly PlannedFilter[],
  first: number,
  last: number,
  size: number,
  costs: WorkCosts,
): number {
  let sum = 0;
  for (let i = first; i <= last; i++) sum += outputWork(filters[i], size, costs);
  return sum;
}

/** One filter's work per block of `size`: its multiply-and-fold and its inverse FFT. */
function outputWork(filter: PlannedFilter, size: number, costs: WorkCosts): number {
  const outputSize = Math.max(1, size / 2 ** filter.log2Decimation);
  return costs.perBin * filter.spectralFraction * size + fftCost(costs, outputSize, true);
}
