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
    perTap: 0.25,
  },
  float64: {
    realPerPoint: 0.5,
    complexPerPoint: 0.7,
    perCall: 200,
    perBlockSample: 2,
    perBin: 3,
    perTap: 0.8,
  },
};

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

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

  /**
   * Plans one stage. `singleBlockDelay` is the delay (stage units) of the smallest blocks that
   * would hold all of its filters at once: the 'latency' policy's bound for every output.
   */
  const planStage = (
    level: number,
    filters: readonly StageFilter[],
  ): { stage: FftStagePlan; singleBlockDelay: number } => {
    const singleBlockDelay = planner.singleBlockDelay(level, filters);
    const maxDelay = latencyPolicy ? singleBlockDelay : Number.POSITIVE_INFINITY;
    return { stage: planner.plan(level, filters, maxDelay).stage, singleBlockDelay };
  };

  const k1Of = (psi1: WaveletSpec): number => Math.min(psi1.j, s);
  const childrenOf = (psi1: WaveletSpec) =>
    bank.psi2
      .map((psi2, n2) => ({ psi2, filter: psi2Filters[n2] }))
      .filter((w) => w.psi2.j > psi1.j);

  const { stage: stage1, singleBlockDelay: stage1Bound } = planStage(0, [
    { filter: phi, log2Decimation: s },
    ...bank.psi1.map((psi1, n1) => ({ filter: psi1Filters[n1], log2Decimation: k1Of(psi1) })),
  ]);
  const stage2Plans = bank.psi1.map((psi1) => {
    const k1 = k1Of(psi1);
    return planStage(k1, [
      { filter: phi, log2Decimation: s - k1 },
      ...childrenOf(psi1).map(({ psi2, filter }) => ({
        filter,
        log2Decimation: Math.max(Math.min(psi2.j, s) - k1, 0),
      })),
    ]);
  });
  /** Half-width of the third stage's φ at `level`, rounded to its output step. */
  const thirdHalfWidth = (level: number): number =>
    roundUp(levelHalfWidth(phi, level, tolerance), 2 ** (s - level));
  // 'latency': the worst case of the smallest single blocks per stage (and a direct third stage)
  // bounds every path; a path whose first stages came out shorter spends the rest on cheaper
  // third-stage blocks.
  let latencyBound = tuning.blocks === 'latency' ? stage1Bound : Number.POSITIVE_INFINITY;
  if (tuning.blocks === 'latency') {
    bank.psi1.forEach((psi1, n1) => {
      const k1 = k1Of(psi1);
      const stage2Bound = stage1Bound + stage2Plans[n1].singleBlockDelay * 2 ** k1;
      latencyBound = Math.max(latencyBound, stage2Bound);
      for (const { psi2 } of childrenOf(psi1)) {
        const level = k1 + Math.max(Math.min(psi2.j, s) - k1, 0);
        latencyBound = Math.max(latencyBound, stage2Bound + thirdHalfWidth(level) * 2 ** level);
      }
    });
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
    const k1 = k1Of(psi1);
    const psi1Filter = psi1Filters[n1];
    settledFrameOffset = Math.max(settledFrameOffset, settle(psi1Filter.timeStd, phi.timeStd));
    const stage = stage2Plans[n1].stage;
    const u1Reach = filterReach(stage1, 1 + n1);
    const u1Delay = filterDelay(stage1, 1 + n1);
    reach = Math.max(reach, u1Reach + filterReach(stage, 0));
    latency = Math.max(latency, u1Delay + filterDelay(stage, 0));
    const children = childrenOf(psi1).map(({ psi2, filter }, child): SecondOrderPlan => {
      const k2 = Math.max(Math.min(psi2.j, s) - k1, 0);
      settledFrameOffset = Math.max(
        settledFrameOffset,
        settle(psi1Filter.timeStd, filter.timeStd, phi.timeStd),
      );
      const level = k1 + k2;
      const u2Reach = u1Reach + filterReach(stage, 1 + child);
      const u2Delay = u1Delay + filterDelay(stage, 1 + child);
      const h3 = thirdHalfWidth(level);
      const lowpass = planThirdStage(level, h3, (latencyBound - u2Delay) / 2 ** level);
      const [lowpassReach, lowpassDelay] =
        lowpass.kind === 'direct'
          ? [h3 * 2 ** level, h3 * 2 ** level]
          : [filterReach(lowpass.stage, 0), filterDelay(lowpass.stage, 0)];
      reach = Math.max(reach, u2Reach + lowpassReach);
      latency = Math.max(latency, u2Delay + lowpassDelay);
      return { row: nextRow++, psi2, level, lowpass };
    });
    return { row: 1 + n1, psi1, stage, children };
  });

  /**
   * φ on U2 at `level`: by overlap-save when the cost model finds it cheaper than the direct dot
   * products and its blocks fit in `maxDelay` (level units), else direct.
   */
  function planThirdStage(level: number, h3: number, maxDelay: number): ThirdStagePlan {
    const step = 2 ** (s - level);
    const directCost = tuning.costs.perTap * ((2 * h3 + 1) / step) + tuning.costs.perBlockSample;
    // Paths' budgets differ by a few units; rounded down to 3 significant bits, paths at a level
    // share one plan (the planner's cache) at the price of a slightly tighter bound.
    const fft = planner.plan(
      level,
      [{ filter: phi, log2Decimation: s - level }],
      roundDownToBits(maxDelay, 3),
    );
    const fits = filterDelay(fft.stage, 0) <= maxDelay * 2 ** level;
    if (!fits || fft.cost >= directCost) {
      return { kind: 'direct', taps: planner.lowpassTaps(phi, level, h3) };
    }
    return { kind: 'fft', stage: fft.stage };
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
