/**
 * The plan of the multirate cascade for one configuration: every stage's level, half-width,
 * block size and filter responses, computed once and shared by all streams (the "filter bank").
 *
 *   stage 1 (level 0):      x  → φ (S0, decimated by 2^s), ψ1 (|·|, decimated by 2^k1 → U1)
 *   stage 2 (level k1):     U1 → φ (S1, by 2^(s-k1)), ψ2 with j2 > j1 (|·|, by 2^k2 → U2)
 *   stage 3 (level k1+k2):  U2 → φ (S2, by 2^(s-k1-k2)), direct in time or by overlap-save
 *
 * with s = log2 stride, k1 = min(j1, s), k2 = max(min(j2, s) - k1, 0) (Kymatio's rule). A unit of
 * level l is 2^l input samples. Every grid is anchored at input position 0.
 */
import type { WorkCosts } from './block-planner.js';
import { filterBankSpec, makeFourierFilter, type WaveletSpec } from './filter-bank.js';
import type { ScatteringParams } from './params.js';
import { filterDelay, filterReach, type FftStagePlan } from './stage-plan.js';
import {
  levelHalfWidth,
  roundDownToBits,
  StagePlanner,
  type StageFilter,
  type StagePlannerTuning,
} from './stage-planner.js';

export type { BlockPolicy } from './stage-planner.js';

export interface SecondOrderPlan {
  /** Row of S2(n1, n2). */
  readonly row: number;
  readonly psi2: WaveletSpec;
  /** Level of U2: k1 + k2. */
  readonly level: number;
  /** How U2 is low-passed into S2. */
  readonly lowpass: ThirdStagePlan;
}

/**
 * The third stage: φ applied directly in time (no block to fill), or by overlap-save, whichever
 * the cost model finds cheaper within the path's latency budget.
 */
export type ThirdStagePlan =
  | {
      readonly kind: 'direct';
      /** One side of φ at the level, taps[k] = φ_l[±k]. */ readonly taps: Float64Array;
    }
  | { readonly kind: 'fft'; readonly stage: FftStagePlan };

export interface FirstOrderPlan {
  /** Row of S1(n1). */
  readonly row: number;
  readonly psi1: WaveletSpec;
  /** Stage 2, fed by U1 at level k1: φ, then ψ2 of each child. */
  readonly stage: FftStagePlan;
  readonly children: readonly SecondOrderPlan[];
}

export interface GraphTemplate {
  readonly params: ScatteringParams;
  readonly rows: number;
  /** Stage 1 at level 0: φ, then ψ1 by n1. */
  readonly stage1: FftStagePlan;
  readonly firstOrder: readonly FirstOrderPlan[];
  /**
   * Frames from a stream started at input position 0: the first frame every row completes.
   * It is also the reach of the cascade, in hops: a frame depends on input within
   * firstFrameOffset·hop samples of its centre.
   */
  readonly firstFrameOffset: number;
  /** Worst-case input samples after a frame's centre before the frame is emitted. */
  readonly latencySamples: number;
  /**
   * For a stream with an unknown past (taken as silence): the first frame, counted from the
   * stream's first sample, on which that past weighs less than `settleTail` of the signal's
   * level. The reach above adds every stage's cut-off in the worst case; the weights of a
   * cascade of Gaussian envelopes fall off as one Gaussian of the summed variances, so frames
   * settle well before it (about 19·T instead of 37·T in float64).
   */
  readonly settledFrameOffset: number;
}

/**
 * How the cascade trades latency for throughput, and where filter tails are cut (see
 * StagePlannerTuning for the rest).
 *
 * `blocks` 'latency': no frame later than with the smallest blocks that hold each whole stage
 * (at least a hop of new output each); within that bound, the cheapest blocks. 'throughput': the
 * cheapest blocks, up to twice each stage's smallest single block.
 */
export interface CascadeTuning extends StagePlannerTuning {
  /** Weight of an unknown past below which a live stream's frame counts as settled. */
  readonly settleTail: number;
  /**
   * 'latency': false keeps every second stage within its own smallest blocks' delay, even on a
   * path that could wait longer without delaying any frame (a baseline for benchmarks).
   */
  readonly pathSlack?: boolean;
}

/** Tails far below each precision's round-off. */
export const PRECISION_TAILS = {
  float64: { timeTail: 1e-13, spectrumTail: 1e-18, settleTail: 1e-10 },
  float32: { timeTail: 1e-8, spectrumTail: 1e-10, settleTail: 1e-6 },
} as const;

/**
 * Work costs in nanoseconds (block-planner.ts) on this project's machine: PFFFT (float32) and
 * fft.js (float64) from bench/fft-bench.ts; the loops timed in isolation (float32 centres its
 * blocks and takes moduli and dot products in SIMD, float64 in JavaScript).
 */
export const PRECISION_COSTS: Record<'float32' | 'float64', WorkCosts> = {
  float32: {
    realPerPoint: 0.11,
    complexPerPoint: 0.21,
    perCall: 300,
    perBlockSample: 0.5,
    perBin: 3,
    // SIMD dot products in four sums, all of a push's outputs in one call: 0.10 to 0.20 ns per
    // tap (2h + 1 = 1239 down to 79) alone, where PFFFT's real transforms took 0.15 to 0.18 ns
    // per point in the same sitting; in the engine, whose thousands of buffers do not all stay
    // in the caches, 0.13 to 0.15 ns (relaxed SIMD's multiply-add). Priced at 0.14: against
    // 0.10, 1.04 times as fast at J = 10 'latency' (the live engine: about half as many taps,
    // more of φ in blocks, the same worst-case latency), 1.03 at J = 12; 0.12 to 0.2 gained
    // less, and lower FFT prices for the four-step FFT lost (0.94 to 0.99).
    perTap: 0.14,
    bytesPerValue: 4,
    // 32 KB (a 4096-point complex block, an 8192-point real one) of the first-level cache's
    // 48 KB. Priced as n·log2 n alone, larger blocks won (32768-point real, 16384-point complex
    // transforms at J = 12) and ran slower than smaller ones: with half a point more per
    // doubling beyond 32 KB, against the flat price in one process (bench/revision-ab.ts,
    // 60 s of audio), 1.21 times as fast at J = 12 'throughput', 1.20 at J = 12 'latency',
    // 1.22 at J = 10 'throughput', 1.02 at J = 10 'latency' and 1.05 at J = 8 'throughput';
    // 0.15 to 1 per doubling gave 1.16 to 1.23 at J = 12 'throughput', a knee one size higher
    // or lower gained less (1.12 to 1.18).
    cachedBytes: 32 * 1024,
    perDoublingBeyondCache: 0.5,
  },
  float64: {
    realPerPoint: 0.5,
    complexPerPoint: 0.7,
    perCall: 200,
    perBlockSample: 2,
    perBin: 3,
    perTap: 0.8,
    bytesPerValue: 8,
    // fft.js (JavaScript) measured about a third slower per point from 2^17 real points (1 MB)
    // on: the model's former step, which gave the same float64 plans.
    cachedBytes: 1024 * 1024,
    perDoublingBeyondCache: 0.3,
  },
};

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/**
 * 'latency': the budgets priced for a second stage, as fractions of the way (in log scale) from
 * its own smallest blocks' delay to all of its path's slack.
 */
const STAGE2_BUDGET_STEPS = [1 / 3, 2 / 3, 1];

export function buildGraphTemplate(params: ScatteringParams, tuning: CascadeTuning): GraphTemplate {
  const tolerance = tuning.timeTail;
  const s = params.log2Stride;
  const hop = params.hop;
  const bank = filterBankSpec(params);
  const phi = makeFourierFilter(0, bank.phiSigma);
  const psi1Filters = bank.psi1.map((w) => makeFourierFilter(w.xi, w.sigma));
  const psi2Filters = bank.psi2.map((w) => makeFourierFilter(w.xi, w.sigma));
  const planner = new StagePlanner(tuning);
  const latencyPolicy = tuning.blocks === 'latency';

  const k1Of = (psi1: WaveletSpec): number => Math.min(psi1.j, s);
  const childrenOf = (psi1: WaveletSpec) =>
    bank.psi2
      .map((psi2, n2) => ({ psi2, filter: psi2Filters[n2] }))
      .filter((w) => w.psi2.j > psi1.j);

  const stage1Filters: StageFilter[] = [
    { filter: phi, log2Decimation: s },
    ...bank.psi1.map((psi1, n1) => ({ filter: psi1Filters[n1], log2Decimation: k1Of(psi1) })),
  ];
  // 'latency': no output of stage 1 waits longer than the smallest blocks holding all of it.
  const stage1Bound = planner.singleBlockDelay(0, stage1Filters);
  const stage1 = planner.plan(
    0,
    stage1Filters,
    latencyPolicy ? stage1Bound : Number.POSITIVE_INFINITY,
  ).stage;
  /** Level of U2 on the path through ψ1 and ψ2 (Kymatio's k1 + k2). */
  const levelOf = (psi1: WaveletSpec, psi2: WaveletSpec): number => {
    const k1 = k1Of(psi1);
    return k1 + Math.max(Math.min(psi2.j, s) - k1, 0);
  };
  const stage2Filters = bank.psi1.map((psi1): StageFilter[] => [
    { filter: phi, log2Decimation: s - k1Of(psi1) },
    ...childrenOf(psi1).map(({ psi2, filter }) => ({
      filter,
      log2Decimation: levelOf(psi1, psi2) - k1Of(psi1),
    })),
  ]);
  /** Half-width of the third stage's φ at `level`, rounded to its output step. */
  const thirdHalfWidth = (level: number): number =>
    roundUp(levelHalfWidth(phi, level, tolerance), 2 ** (s - level));
  /** Reach and delay (input samples) of the third stage's φ at `level` computed directly. */
  const directThirdReach = (level: number): number => thirdHalfWidth(level) * 2 ** level;
  // 'latency': the worst case of the smallest single blocks per stage (and a direct third stage)
  // bounds every path.
  let latencyBound = latencyPolicy ? stage1Bound : Number.POSITIVE_INFINITY;
  const stage2Bounds = bank.psi1.map((psi1, n1) =>
    planner.singleBlockDelay(k1Of(psi1), stage2Filters[n1]),
  );
  if (latencyPolicy) {
    bank.psi1.forEach((psi1, n1) => {
      const stage2Bound = stage1Bound + stage2Bounds[n1] * 2 ** k1Of(psi1);
      latencyBound = Math.max(latencyBound, stage2Bound);
      for (const { psi2 } of childrenOf(psi1)) {
        const level = levelOf(psi1, psi2);
        latencyBound = Math.max(latencyBound, stage2Bound + directThirdReach(level));
      }
    });
  }
  // Within that bound every stage 2 may keep to its own smallest blocks' delay; the slowest path
  // then sets the frames' latency. A frame waits for its slowest path, so a path that would come
  // out sooner may spend the difference on larger, cheaper blocks in its second stage.
  const spendSlack = latencyPolicy && tuning.pathSlack !== false;
  const kept = spendSlack
    ? bank.psi1.map((psi1, n1) => estimatePath(psi1, n1, stage2Bounds[n1]))
    : [];
  const frameDelay = Math.max(filterDelay(stage1, 0), ...kept.map((path) => path.delay));
  const stage2Plans = bank.psi1.map((psi1, n1) =>
    planner.plan(k1Of(psi1), stage2Filters[n1], stage2Budget(psi1, n1)),
  );

  /**
   * The delay bound (level-k1 units) for stage 2 after ψ1 number n1: under 'latency', of a few
   * budgets from its own smallest blocks' delay up to all the path's slack (what its outputs may
   * wait and still leave each child room for a direct third stage), the one whose stage 2 and
   * third stages cost least together without delaying any frame.
   */
  function stage2Budget(psi1: WaveletSpec, n1: number): number {
    if (!latencyPolicy) return Number.POSITIVE_INFINITY;
    const least = stage2Bounds[n1];
    if (!spendSlack) return least;
    const slack = frameDelay - filterDelay(stage1, 1 + n1);
    // Each child's third stage needs at least φ's reach, computed directly.
    const most = Math.floor(
      Math.min(
        slack,
        ...childrenOf(psi1).map(({ psi2 }) => slack - directThirdReach(levelOf(psi1, psi2))),
      ) /
        2 ** k1Of(psi1),
    );
    let best = { budget: least, cost: kept[n1].cost };
    for (const step of STAGE2_BUDGET_STEPS) {
      const budget = roundDownToBits(least * (most / least) ** step, 3);
      if (budget <= least) continue;
      const path = estimatePath(psi1, n1, budget);
      if (path.delay <= frameDelay && path.cost < best.cost) best = { budget, cost: path.cost };
    }
    return best.budget;
  }

  /**
   * A path's work per input sample (stage 2 after ψ1 number n1 within `budget`, level-k1 units,
   * and its children's third stages, planned as below) and its worst-case delay, input samples.
   */
  function estimatePath(
    psi1: WaveletSpec,
    n1: number,
    budget: number,
  ): { cost: number; delay: number } {
    const k1 = k1Of(psi1);
    const u1Delay = filterDelay(stage1, 1 + n1);
    const stage2 = planner.estimate(k1, stage2Filters[n1], budget);
    let cost = stage2.cost / 2 ** k1;
    let delay = u1Delay + stage2.delays[0];
    childrenOf(psi1).forEach(({ psi2 }, child) => {
      const level = levelOf(psi1, psi2);
      const u2Delay = u1Delay + stage2.delays[1 + child];
      const third = chooseThirdStage(level, (latencyBound - u2Delay) / 2 ** level);
      cost += third.cost / 2 ** level;
      delay = Math.max(delay, u2Delay + third.delay);
    });
    return { cost, delay };
  }

  let reach = filterReach(stage1, 0);
  let latency = filterDelay(stage1, 0);
  // Settling: σ_path = √(Σ envelope std²) over the path's filters, at most settleTail beyond.
  const settleFactor = Math.sqrt(2 * Math.log(1 / tuning.settleTail));
  const settle = (...stds: number[]): number =>
    Math.ceil((settleFactor * Math.sqrt(stds.reduce((sum, sd) => sum + sd * sd, 0))) / hop);
  let settledFrameOffset = settle(phi.timeStd);

  let nextRow = 1 + bank.psi1.length;
  const firstOrder: FirstOrderPlan[] = bank.psi1.map((psi1, n1) => {
    const psi1Filter = psi1Filters[n1];
    settledFrameOffset = Math.max(settledFrameOffset, settle(psi1Filter.timeStd, phi.timeStd));
    const stage = stage2Plans[n1].stage;
    const u1Reach = filterReach(stage1, 1 + n1);
    const u1Delay = filterDelay(stage1, 1 + n1);
    reach = Math.max(reach, u1Reach + filterReach(stage, 0));
    latency = Math.max(latency, u1Delay + filterDelay(stage, 0));
    const children = childrenOf(psi1).map(({ psi2, filter }, child): SecondOrderPlan => {
      settledFrameOffset = Math.max(
        settledFrameOffset,
        settle(psi1Filter.timeStd, filter.timeStd, phi.timeStd),
      );
      const level = levelOf(psi1, psi2);
      const u2Reach = u1Reach + filterReach(stage, 1 + child);
      const u2Delay = u1Delay + filterDelay(stage, 1 + child);
      const lowpass = planThirdStage(level, (latencyBound - u2Delay) / 2 ** level);
      const [lowpassReach, lowpassDelay] =
        lowpass.kind === 'direct'
          ? [directThirdReach(level), directThirdReach(level)]
          : [filterReach(lowpass.stage, 0), filterDelay(lowpass.stage, 0)];
      reach = Math.max(reach, u2Reach + lowpassReach);
      latency = Math.max(latency, u2Delay + lowpassDelay);
      return { row: nextRow++, psi2, level, lowpass };
    });
    return { row: 1 + n1, psi1, stage, children };
  });

  /** Work per unit of U2 (its level's units) of φ on U2 by direct dot products. */
  function directThirdCost(level: number): number {
    const step = 2 ** (s - level);
    return (
      tuning.costs.perTap * ((2 * thirdHalfWidth(level) + 1) / step) + tuning.costs.perBlockSample
    );
  }

  /** φ on U2 at `level` as a one-filter stage. */
  function thirdStageFilters(level: number): StageFilter[] {
    return [{ filter: phi, log2Decimation: s - level }];
  }

  /**
   * φ on U2 at `level`: by overlap-save when the cost model finds it cheaper than the direct dot
   * products and its blocks fit in `maxDelay` (level units), else direct. Its work per unit of
   * U2 and its delay (input samples).
   */
  function chooseThirdStage(
    level: number,
    maxDelay: number,
  ): { direct: boolean; cost: number; delay: number } {
    // Paths' budgets differ by a few units; rounded down to 3 significant bits, paths at a level
    // share one plan (the planner's cache) at the price of a slightly tighter bound.
    const fft = planner.estimate(level, thirdStageFilters(level), roundDownToBits(maxDelay, 3));
    const direct = directThirdCost(level);
    const fits = fft.delays[0] <= maxDelay * 2 ** level;
    return !fits || fft.cost >= direct
      ? { direct: true, cost: direct, delay: directThirdReach(level) }
      : { direct: false, cost: fft.cost, delay: fft.delays[0] };
  }

  function planThirdStage(level: number, maxDelay: number): ThirdStagePlan {
    if (chooseThirdStage(level, maxDelay).direct) {
      return { kind: 'direct', taps: planner.lowpassTaps(phi, level, thirdHalfWidth(level)) };
    }
    const stage = planner.plan(level, thirdStageFilters(level), roundDownToBits(maxDelay, 3)).stage;
    return { kind: 'fft', stage };
  }

  const firstFrameOffset = Math.ceil(reach / hop);
  return {
    params,
    rows: nextRow,
    stage1,
    firstOrder,
    firstFrameOffset,
    latencySamples: latency,
    settledFrameOffset: Math.min(settledFrameOffset, firstFrameOffset),
  };
}
