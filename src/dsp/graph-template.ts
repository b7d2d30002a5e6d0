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
import {
  minimumBlockSize,
  planBlockGroups,
  type BlockGroup,
  type PlannedFilter,
  type WorkCosts,
} from './block-planner.js';
import {
  filterBankSpec,
  halfSupport,
  makeFourierFilter,
  type FourierFilter,
  type WaveletSpec,
} from './filter-bank.js';
import type { ScatteringParams } from './params.js';
import {
  level0Response,
  spectralFraction,
  SpectrumFolder,
  type Level0Response,
  type SparseSpectrum,
} from './sparse-spectrum.js';

export interface FftOutputPlan {
  /** The filter's response on its group's blocks, including the 1/n of the inverse DFT. */
  readonly spectrum: SparseSpectrum;
  readonly log2Decimation: number;
}

/** Overlap-save blocks of one size serving some of a stage's filters (see block-planner.ts). */
export interface BlockGroupPlan {
  /** In the stage's units, a multiple of 2^log2Alignment. */
  readonly halfWidth: number;
  readonly blockSize: number;
  /** Blocks start on multiples of 2^log2Alignment (the largest decimation of its outputs). */
  readonly log2Alignment: number;
  /** Indices of its filters in the stage's filter list. */
  readonly members: readonly number[];
  /** Parallel to `members`. */
  readonly outputs: readonly FftOutputPlan[];
}

/**
 * One overlap-save stage: filters of one input at one level, split into groups by length.
 * Its filter list is φ first, then the wavelets (ψ1 by n1 in stage 1, the children in stage 2).
 */
export interface FftStagePlan {
  readonly level: number;
  readonly groups: readonly BlockGroupPlan[];
}

/** The group computing filter `index` of a stage. */
export function groupOf(stage: FftStagePlan, index: number): BlockGroupPlan {
  const group = stage.groups.find((g) => g.members.includes(index));
  if (group === undefined)
    throw new Error(`internal error: no group computes filter ${String(index)}`);
  return group;
}

/**
 * Position (the stage's units) of a group's first output for a stage whose input starts at
 * `start`: its first block starts at `start` rounded down to the group's alignment (the samples
 * before `start` taken as zeros; they only reach outputs before the cascade's first frame).
 */
export function firstOutputPosition(group: BlockGroupPlan, start: number): number {
  const alignment = 2 ** group.log2Alignment;
  return Math.floor(start / alignment) * alignment + group.halfWidth;
}

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

/** How the cascade trades latency for throughput, and where filter tails are cut. */
export interface CascadeTuning {
  /** Relative amplitude at which time envelopes are cut: sets every stage's half-width. */
  readonly timeTail: number;
  /** Relative amplitude below which Fourier responses are dropped. */
  readonly spectrumTail: number;
  /** Weight of an unknown past below which a live stream's frame counts as settled. */
  readonly settleTail: number;
  /** Storage of the filter responses: the engine's precision (float32 halves the bank's memory). */
  readonly allocate: (length: number) => Float32Array | Float64Array;
  /**
   * 'latency': no frame later than with the smallest blocks that hold each whole stage (at
   *   least a hop of new output each); within that bound, the cheapest blocks;
   * 'throughput': the cheapest blocks, up to twice each stage's smallest single block.
   */
  readonly blocks: BlockPolicy;
  /** The cost model that groups filters and sizes blocks (block-planner.ts). */
  readonly costs: WorkCosts;
  /** The FFT backend's smallest transform (FftBackend.minSize). */
  readonly minFftSize: number;
}

export type BlockPolicy = 'latency' | 'throughput';

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

/** 'throughput' blocks go up to this many times a stage's smallest single block. */
const THROUGHPUT_BLOCK_FACTOR = 2;

/** Half-width of a filter at `level`, in that level's units. */
function levelHalfWidth(filter: FourierFilter, level: number, tolerance: number): number {
  return Math.ceil(halfSupport(filter, tolerance) / 2 ** level);
}

function phiTaps(phi: FourierFilter, level: number, halfWidth: number): Float64Array {
  // Level-l filter in time: 2^l·φ[2^l n], with φ[n] = σ√(2π)·e^{-2π²σ²n²} / L1 (see filter-bank.ts).
  const taps = new Float64Array(halfWidth + 1);
  const amp = phi.sigma * Math.sqrt(2 * Math.PI) * phi.scale * 2 ** level;
  const decay = 2 * Math.PI * Math.PI * phi.sigma * phi.sigma;
  for (let k = 0; k <= halfWidth; k++) {
    const n = k * 2 ** level;
    taps[k] = amp * Math.exp(-decay * n * n);
  }
  return taps;
}

/** A filter of a stage before grouping. */
interface StageFilter {
  readonly filter: FourierFilter;
  readonly log2Decimation: number;
}

export function buildGraphTemplate(params: ScatteringParams, tuning: CascadeTuning): GraphTemplate {
  const tolerance = tuning.timeTail;
  const s = params.log2Stride;
  const hop = params.hop;
  const bank = filterBankSpec(params);
  const phi = makeFourierFilter(0, bank.phiSigma);
  const psi1Filters = bank.psi1.map((w) => makeFourierFilter(w.xi, w.sigma));
  const psi2Filters = bank.psi2.map((w) => makeFourierFilter(w.xi, w.sigma));
  // Stages at different levels often share the level-0 grid (size·2^level), so the expensive
  // part, evaluating the Gaussians, is cached per filter and grid; folding is cheap.
  const responses = new Map<string, Level0Response>();
  const spectra = new Map<string, SparseSpectrum>();
  const folder = new SpectrumFolder();
  /** φ's taps for the direct third stage at each level, shared by every path at that level. */
  const tapsByLevel = new Map<number, Float64Array>();
  const spectrumOf = (filter: FourierFilter, level: number, size: number): SparseSpectrum => {
    const id = `${String(filter.xi)}/${String(filter.sigma)}`;
    const n0 = size * 2 ** level;
    const key = `${id}@${String(level)}:${String(size)}`;
    let spectrum = spectra.get(key);
    if (spectrum === undefined) {
      let response = responses.get(`${id}:${String(n0)}`);
      if (response === undefined) {
        response = level0Response(filter, n0, tuning.spectrumTail);
        responses.set(`${id}:${String(n0)}`, response);
      }
      spectrum = folder.fold(response, size, 1 / size, tuning.allocate);
      spectra.set(key, spectrum);
    }
    return spectrum;
  };

  const planned = (f: StageFilter, level: number): PlannedFilter => ({
    halfWidth: levelHalfWidth(f.filter, level, tolerance),
    log2Decimation: f.log2Decimation,
    // A level-l block of B bins holds B·2^l level-0 bins folded onto it.
    spectralFraction: Math.min(1, spectralFraction(f.filter, tuning.spectrumTail) * 2 ** level),
  });

  /**
   * Groups one stage's filters. Returns the plan and the delay (stage units) of the smallest
   * blocks that would hold all of them at once: the 'latency' policy's bound for every group.
   */
  const planStage = (
    level: number,
    filters: readonly StageFilter[],
  ): { stage: FftStagePlan; singleBlockDelay: number } => {
    const plannedFilters = filters.map((f) => planned(f, level));
    const log2Alignment = Math.max(...plannedFilters.map((f) => f.log2Decimation));
    const halfWidth = roundUp(
      Math.max(...plannedFilters.map((f) => f.halfWidth)),
      2 ** log2Alignment,
    );
    const smallest = minimumBlockSize(halfWidth, log2Alignment, tuning.minFftSize);
    const singleBlockDelay = smallest - 1 - halfWidth;
    const groups = planBlockGroups(
      plannedFilters,
      tuning.costs,
      tuning.blocks === 'latency'
        ? { maxDelay: singleBlockDelay, maxBlockSize: smallest, minFftSize: tuning.minFftSize }
        : {
            maxDelay: Number.POSITIVE_INFINITY,
            maxBlockSize: THROUGHPUT_BLOCK_FACTOR * smallest,
            minFftSize: tuning.minFftSize,
          },
    );
    return {
      stage: {
        level,
        groups: groups.map((group) => groupPlan(group, level, filters)),
      },
      singleBlockDelay,
    };
  };
  const groupPlan = (
    group: BlockGroup,
    level: number,
    filters: readonly StageFilter[],
  ): BlockGroupPlan => ({
    halfWidth: group.halfWidth,
    blockSize: group.blockSize,
    log2Alignment: group.log2Alignment,
    members: group.members,
    outputs: group.members.map((index) => ({
      spectrum: spectrumOf(filters[index].filter, level, group.blockSize),
      log2Decimation: filters[index].log2Decimation,
    })),
  });
  /** Input samples a filter's output reaches on either side of its centre (its group's h). */
  const reachOf = (stage: FftStagePlan, index: number): number =>
    groupOf(stage, index).halfWidth * 2 ** stage.level;
  const delayOf = (stage: FftStagePlan, index: number): number => {
    const group = groupOf(stage, index);
    return (group.blockSize - 1 - group.halfWidth) * 2 ** stage.level;
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

  let reach = reachOf(stage1, 0);
  let latency = delayOf(stage1, 0);
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
    const u1Reach = reachOf(stage1, 1 + n1);
    const u1Delay = delayOf(stage1, 1 + n1);
    reach = Math.max(reach, u1Reach + reachOf(stage, 0));
    latency = Math.max(latency, u1Delay + delayOf(stage, 0));
    const children = childrenOf(psi1).map(({ psi2, filter }, child): SecondOrderPlan => {
      const k2 = Math.max(Math.min(psi2.j, s) - k1, 0);
      settledFrameOffset = Math.max(
        settledFrameOffset,
        settle(psi1Filter.timeStd, filter.timeStd, phi.timeStd),
      );
      const level = k1 + k2;
      const u2Reach = u1Reach + reachOf(stage, 1 + child);
      const u2Delay = u1Delay + delayOf(stage, 1 + child);
      const h3 = thirdHalfWidth(level);
      const lowpass = planThirdStage(level, h3, (latencyBound - u2Delay) / 2 ** level);
      const lowpassDelay =
        lowpass.kind === 'direct'
          ? h3
          : lowpass.stage.groups[0].blockSize - 1 - lowpass.stage.groups[0].halfWidth;
      reach = Math.max(reach, u2Reach + h3 * 2 ** level);
      latency = Math.max(latency, u2Delay + lowpassDelay * 2 ** level);
      return { row: nextRow++, psi2, level, lowpass };
    });
    return { row: 1 + n1, psi1, stage, children };
  });

  function directTaps(level: number, h3: number): Float64Array {
    let taps = tapsByLevel.get(level);
    if (taps === undefined) {
      taps = phiTaps(phi, level, h3);
      tapsByLevel.set(level, taps);
    }
    return taps;
  }

  /**
   * φ on U2 at `level`: by overlap-save when the cost model finds it cheaper than the direct dot
   * products and its blocks fit in `maxDelay` (level units), else direct.
   */
  function planThirdStage(level: number, h3: number, maxDelay: number): ThirdStagePlan {
    const step = 2 ** (s - level);
    const directCost = tuning.costs.perTap * ((2 * h3 + 1) / step) + tuning.costs.perBlockSample;
    const phiFilter = { filter: phi, log2Decimation: s - level };
    const smallest = minimumBlockSize(h3, s - level, tuning.minFftSize);
    const [group] = planBlockGroups([planned(phiFilter, level)], tuning.costs, {
      maxDelay,
      maxBlockSize: THROUGHPUT_BLOCK_FACTOR * smallest,
      minFftSize: tuning.minFftSize,
    });
    const fits = group.blockSize - 1 - group.halfWidth <= maxDelay;
    if (!fits || group.cost >= directCost) {
      return { kind: 'direct', taps: directTaps(level, h3) };
    }
    return {
      kind: 'fft',
      stage: { level, groups: [groupPlan(group, level, [phiFilter])] },
    };
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
