/**
 * Plans one overlap-save stage: its filters grouped into blocks (block-planner.ts), and its
 * narrow-band filters, when that is cheaper, handed to a child stage that runs on a low-passed
 * copy of the input decimated by 2^d (decimating-lowpass.ts), recursively.
 *
 * Why: a stage's long filters are its narrow-band ones (φ, the low wavelets). Their blocks must
 * hold thousands of samples of overlap, and each block's forward FFT is paid per input sample
 * whatever the filter's bandwidth. At J = 12 the long blocks of stage 2 at full rate cost more
 * than everything else in the cascade. A child at 2^d times fewer samples pays 2^d times less
 * for the same filters, plus one short low-pass in the parent. What is computed is unchanged
 * to the low-pass's tail (far below the precision's round-off), and every decimation Kymatio
 * asks for still happens at the end, by the same folds.
 */
import {
  minimumBlockSize,
  planBlockGroups,
  type BlockGroup,
  type PlannedFilter,
  type WorkCosts,
} from './block-planner.js';
import {
  decimatingLowpassBins,
  designDecimatingLowpass,
  type DecimatingLowpass,
} from './decimating-lowpass.js';
import { halfSupport, lowpassTaps, type FourierFilter } from './filter-bank.js';
import {
  bandEdge,
  level0Response,
  spectralFraction,
  SpectrumFolder,
  type Level0Response,
  type SparseSpectrum,
} from './sparse-spectrum.js';
import type { BlockGroupPlan, DirectOutputPlan, FftStagePlan } from './stage-plan.js';

/** A filter of a stage before grouping. */
export interface StageFilter {
  readonly filter: FourierFilter;
  readonly log2Decimation: number;
}

export type BlockPolicy = 'latency' | 'throughput';

export interface StagePlannerTuning {
  /** Relative amplitude at which time envelopes are cut: sets every stage's half-width. */
  readonly timeTail: number;
  /** Relative amplitude below which Fourier responses are dropped. */
  readonly spectrumTail: number;
  readonly allocate: (length: number) => Float32Array | Float64Array;
  readonly blocks: BlockPolicy;
  readonly costs: WorkCosts;
  /** The FFT backend's smallest transform (FftBackend.minSize). */
  readonly minFftSize: number;
  /** false: every filter at its stage's own rate (for comparisons); default true. */
  readonly decimate?: boolean;
  /** false: the low-pass in blocks like every other filter (for comparisons); default true. */
  readonly directLowpass?: boolean;
}

export interface StageEstimate {
  /** Modelled work per unit of the stage's input (block-planner.ts). */
  readonly cost: number;
  /** Each filter's worst-case delay, input samples (level 0). */
  readonly delays: readonly number[];
}

export interface PlannedStage {
  readonly stage: FftStagePlan;
  /** Modelled work per unit of the stage's input (block-planner.ts). */
  readonly cost: number;
}

/**
 * Candidate tops of a child's band, as fractions of the decimated Nyquist frequency 1/(2·2^d):
 * a filter is moved to the child when its band ends below one of them.
 */
const PASS_BAND_CUTOFFS = [0.6, 0.85] as const;

/** 'throughput' blocks go up to this many times a stage's smallest single block. */
const THROUGHPUT_BLOCK_FACTOR = 2;

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/** A positive value rounded down to its `bits` most significant bits (Infinity unchanged). */
export function roundDownToBits(value: number, bits: number): number {
  if (!Number.isFinite(value) || value <= 0) return value;
  const step = 2 ** (Math.floor(Math.log2(value)) - bits + 1);
  return Math.floor(value / step) * step;
}

/** Half-width of a filter at `level`, in that level's units. */
export function levelHalfWidth(filter: FourierFilter, level: number, tolerance: number): number {
  return Math.ceil(halfSupport(filter, tolerance) / 2 ** level);
}

/** What a stage's blocks may cost in delay and size (its units). */
interface StageLimits {
  /** 'latency' policy: the most any output may wait for its blocks (Infinity: no bound). */
  readonly maxDelay: number;
  /** 'throughput': up to twice the smallest block holding the whole stage as first planned. */
  readonly maxBlockSize: number;
}

/** What choosing a stage's plan derives from its filters once, for every option it prices. */
interface StageShape {
  readonly level: number;
  readonly filters: readonly StageFilter[];
  readonly planned: readonly PlannedFilter[];
  /** Top of each filter's band, cycles per unit of the stage. */
  readonly edges: readonly number[];
}

/** A plan's choice before its spectra are made. */
interface Choice {
  readonly level: number;
  readonly filters: readonly StageFilter[];
  /** Their members are indices in `filters`; `filters.length` is the decimating low-pass. */
  readonly groups: readonly BlockGroup[];
  /** Indices in `filters` computed by direct dot products (the low-pass, when that pays). */
  readonly direct: readonly number[];
  readonly decimated?: {
    readonly lowpass: DecimatingLowpass;
    readonly members: readonly number[];
    readonly child: Choice;
  };
  readonly cost: number;
}

export class StagePlanner {
  private readonly responses = new Map<string, Level0Response>();
  private readonly spectra = new Map<string, SparseSpectrum>();
  private readonly folder = new SpectrumFolder();
  private readonly choices = new Map<string, Choice>();
  private readonly groupings = new Map<string, BlockGroup[]>();
  private readonly taps = new Map<string, Float64Array>();

  constructor(private readonly tuning: StagePlannerTuning) {}

  /**
   * The stage's plan at `level` for `filters` (their decimations relative to the level).
   * @param maxDelay 'latency' policy: the most any output may wait for its blocks, stage units
   */
  plan(level: number, filters: readonly StageFilter[], maxDelay: number): PlannedStage {
    const choice = this.chooseWithin(level, filters, maxDelay);
    return { stage: this.realise(choice), cost: choice.cost };
  }

  /**
   * What plan(level, filters, maxDelay) would cost, and each filter's worst-case delay (input
   * samples, as filterDelay gives it on the plan), without making its responses.
   */
  estimate(level: number, filters: readonly StageFilter[], maxDelay: number): StageEstimate {
    const choice = this.chooseWithin(level, filters, maxDelay);
    return { cost: choice.cost, delays: filters.map((_, index) => this.delayOf(choice, index)) };
  }

  /** filterDelay (stage-plan.ts) on a choice. */
  private delayOf(choice: Choice, index: number): number {
    const unit = 2 ** choice.level;
    const group = choice.groups.find((g) => g.members.includes(index));
    if (group !== undefined) return (group.blockSize - 1 - group.halfWidth) * unit;
    if (choice.direct.includes(index)) {
      return this.planned(choice.filters[index], choice.level).halfWidth * unit;
    }
    const decimated = choice.decimated;
    const child = decimated?.members.indexOf(index) ?? -1;
    if (decimated === undefined || child < 0) {
      throw new Error(`internal error: no group computes filter ${String(index)}`);
    }
    return this.delayOf(choice, choice.filters.length) + this.delayOf(decimated.child, child);
  }

  private chooseWithin(level: number, filters: readonly StageFilter[], maxDelay: number): Choice {
    const { blockSize } = this.singleBlock(level, filters);
    return this.choose(level, filters, {
      maxDelay,
      maxBlockSize: THROUGHPUT_BLOCK_FACTOR * blockSize,
    });
  }

  /** Delay (stage units) of the smallest blocks that hold all of `filters` at once. */
  singleBlockDelay(level: number, filters: readonly StageFilter[]): number {
    const { blockSize, halfWidth } = this.singleBlock(level, filters);
    return blockSize - 1 - halfWidth;
  }

  /** The smallest blocks that hold all of `filters` at once, and their half-width. */
  private singleBlock(
    level: number,
    filters: readonly StageFilter[],
  ): { blockSize: number; halfWidth: number } {
    const planned = filters.map((f) => this.planned(f, level));
    const log2Alignment = Math.max(...planned.map((f) => f.log2Decimation));
    const halfWidth = roundUp(Math.max(...planned.map((f) => f.halfWidth)), 2 ** log2Alignment);
    const blockSize = minimumBlockSize(halfWidth, log2Alignment, this.tuning.minFftSize);
    return { blockSize, halfWidth };
  }

  private planned(f: StageFilter, level: number): PlannedFilter {
    return {
      halfWidth: levelHalfWidth(f.filter, level, this.tuning.timeTail),
      log2Decimation: f.log2Decimation,
      // A level-l block of B bins holds B·2^l level-0 bins folded onto it.
      spectralFraction: Math.min(
        1,
        spectralFraction(f.filter, this.tuning.spectrumTail) * 2 ** level,
      ),
    };
  }

  /** Groups of `planned` within `limits` (the same filters recur across stages and options). */
  private group(planned: readonly PlannedFilter[], limits: StageLimits): BlockGroup[] {
    const key = `${String(limits.maxDelay)}|${String(limits.maxBlockSize)}|${planned
      .map(
        (f) => `${String(f.halfWidth)}/${String(f.log2Decimation)}/${String(f.spectralFraction)}`,
      )
      .join(',')}`;
    let groups = this.groupings.get(key);
    if (groups === undefined) {
      groups = planBlockGroups(planned, this.tuning.costs, {
        ...limits,
        minFftSize: this.tuning.minFftSize,
      });
      this.groupings.set(key, groups);
    }
    return groups;
  }

  private choose(level: number, filters: readonly StageFilter[], limits: StageLimits): Choice {
    const key = `${String(level)}|${String(limits.maxDelay)}|${String(limits.maxBlockSize)}|${filters
      .map((f) => `${String(f.filter.xi)}/${String(f.filter.sigma)}/${String(f.log2Decimation)}`)
      .join(',')}`;
    const known = this.choices.get(key);
    if (known !== undefined) return known;
    const planned = filters.map((f) => this.planned(f, level));
    // Top of each filter's band in cycles per unit of this stage: which ones fit a lower rate.
    const edges = filters.map((f) => bandEdge(f.filter, this.tuning.spectrumTail) * 2 ** level);
    const stage: StageShape = { level, filters, planned, edges };
    const all = filters.map((_, index) => index);
    let best: Choice | undefined;
    for (const direct of this.directOptions(stage, limits)) {
      const blocked = all.filter((i) => !direct.includes(i));
      const directCost = direct.reduce((sum, i) => sum + this.directCost(planned[i]), 0);
      const groups = this.groupsOf(stage, blocked, undefined, limits);
      const options: (Choice | undefined)[] = [
        { level, filters, groups, direct, cost: totalCost(groups) + directCost },
      ];
      const maxFactor = Math.max(0, ...blocked.map((i) => filters[i].log2Decimation));
      for (let d = 1; this.tuning.decimate !== false && d <= maxFactor; d++) {
        // The filter closest to the decimated band's edge sets the low-pass's transition, hence
        // its length: leaving the closest ones at the stage's rate may pay, so several cut-offs.
        const seen = new Set<string>();
        for (const cutoff of PASS_BAND_CUTOFFS) {
          const option = this.decimatedOption(stage, blocked, d, cutoff, limits, seen);
          options.push(
            option === undefined
              ? undefined
              : { ...option, direct, cost: option.cost + directCost },
          );
        }
      }
      for (const option of options) {
        if (option !== undefined && (best === undefined || option.cost < best.cost)) best = option;
      }
    }
    if (best === undefined) throw new Error('internal error: no plan for a stage');
    this.choices.set(key, best);
    return best;
  }

  /**
   * Which filters may be computed directly: none, or the stage's low-pass (φ, real and even)
   * when its output is decimated, its reach fits the delay bound (a direct output waits for
   * nothing else), and it is the stage's longest filter (else its blocks stay as long without
   * it, and a dot product per output costs more than its share of them). The cost model decides
   * between them.
   */
  private directOptions(stage: StageShape, limits: StageLimits): (readonly number[])[] {
    const lowpass = stage.filters.findIndex((f) => f.filter.xi === 0);
    if (this.tuning.directLowpass === false || lowpass < 0) return [[]];
    const { log2Decimation, halfWidth } = stage.planned[lowpass];
    const longest = stage.planned.every((f, i) => i === lowpass || f.halfWidth < halfWidth);
    return longest && log2Decimation > 0 && halfWidth <= limits.maxDelay ? [[], [lowpass]] : [[]];
  }

  /** Work per unit of input of a direct output: its dot products, and copying the input in. */
  private directCost(filter: PlannedFilter): number {
    const { perTap, perBlockSample } = this.tuning.costs;
    return (perTap * (2 * filter.halfWidth + 1)) / 2 ** filter.log2Decimation + perBlockSample;
  }

  /**
   * The cheapest groups of the filters `members` (indices in the stage's list) and of `lowpass`
   * when given (a decimating low-pass, index `filters.length`), with their members as indices in
   * the stage's list.
   */
  private groupsOf(
    stage: StageShape,
    members: readonly number[],
    lowpass: PlannedFilter | undefined,
    limits: StageLimits,
  ): BlockGroup[] {
    const planned = members.map((i) => stage.planned[i]);
    if (lowpass !== undefined) planned.push(lowpass);
    if (planned.length === 0) return [];
    return this.group(planned, limits).map((g) => ({
      ...g,
      members: g.members.map((m) => (m < members.length ? members[m] : stage.filters.length)),
    }));
  }

  /**
   * The stage with every filter of `candidates` that fits a rate 2^d lower with room to spare
   * (its band below cutoff/2^(d+1) cycles per unit, its output decimated at least 2^d) moved to a
   * child behind a decimating low-pass. Undefined when no filter fits or `seen` already has that
   * child.
   */
  private decimatedOption(
    stage: StageShape,
    candidates: readonly number[],
    d: number,
    cutoff: number,
    limits: StageLimits,
    seen: Set<string>,
  ): Choice | undefined {
    const { level, filters, edges } = stage;
    const factor = 2 ** d;
    const slow = candidates.filter(
      (i) => filters[i].log2Decimation >= d && edges[i] < cutoff / (2 * factor),
    );
    const slowKey = slow.join(',');
    if (slow.length === 0 || seen.has(slowKey)) return undefined;
    seen.add(slowKey);
    const passEdge = Math.max(...slow.map((i) => edges[i]));
    const lowpass = designDecimatingLowpass(passEdge, d, this.tuning.timeTail);
    if (lowpass === undefined) return undefined;
    const fast = candidates.filter((i) => !slow.includes(i));
    const lowpassPlanned: PlannedFilter = {
      halfWidth: lowpass.halfWidth,
      log2Decimation: d,
      spectralFraction: Math.min(1, 2 * lowpass.stopEdge),
    };
    const groups = this.groupsOf(stage, fast, lowpassPlanned, limits);
    const lowpassGroup = groups.find((g) => g.members.includes(filters.length));
    if (lowpassGroup === undefined) return undefined;
    const lowpassDelay = lowpassGroup.blockSize - 1 - lowpassGroup.halfWidth;
    // Under a delay bound the low-pass's wait comes out of the child's budget, rounded down so
    // that the many slightly different budgets share the cached child plans.
    const childDelay = roundDownToBits(Math.floor((limits.maxDelay - lowpassDelay) / factor), 3);
    if (childDelay < 0) return undefined;
    // The child's blocks span at most the time the stage's own could.
    const child = this.choose(
      level + d,
      slow.map((i) => ({ ...filters[i], log2Decimation: filters[i].log2Decimation - d })),
      { maxDelay: childDelay, maxBlockSize: limits.maxBlockSize / factor },
    );
    return {
      level,
      filters,
      groups,
      direct: [],
      decimated: { lowpass, members: slow, child },
      cost: totalCost(groups) + child.cost / factor,
    };
  }

  /** The plan of a choice, with its filters' responses on its blocks. */
  private realise(choice: Choice): FftStagePlan {
    const { level, filters, decimated } = choice;
    const lowpass = decimated?.lowpass;
    const groups = choice.groups.map((group): BlockGroupPlan => ({
      halfWidth: group.halfWidth,
      blockSize: group.blockSize,
      log2Alignment: group.log2Alignment,
      members: group.members,
      outputs: group.members.map((index) =>
        index < filters.length || lowpass === undefined
          ? {
              spectrum: this.spectrumOf(filters[index].filter, level, group.blockSize),
              log2Decimation: filters[index].log2Decimation,
            }
          : {
              spectrum: this.lowpassSpectrum(lowpass, group.blockSize),
              log2Decimation: lowpass.log2Factor,
            },
      ),
    }));
    return {
      level,
      filterCount: filters.length,
      groups,
      direct: choice.direct.map((index) => this.directOutput(filters, index, level)),
      ...(decimated === undefined
        ? {}
        : {
            decimated: {
              log2Factor: decimated.lowpass.log2Factor,
              members: decimated.members,
              stage: this.realise(decimated.child),
            },
          }),
    };
  }

  /**
   * A filter's response at `level` on blocks of `size`. Stages at different levels often share
   * the level-0 grid (size·2^level), so the expensive part, evaluating the Gaussians, is cached
   * per filter and grid; folding is cheap.
   */
  spectrumOf(filter: FourierFilter, level: number, size: number): SparseSpectrum {
    const id = `${String(filter.xi)}/${String(filter.sigma)}`;
    const n0 = size * 2 ** level;
    const key = `${id}@${String(level)}:${String(size)}`;
    let spectrum = this.spectra.get(key);
    if (spectrum === undefined) {
      let response = this.responses.get(`${id}:${String(n0)}`);
      if (response === undefined) {
        response = level0Response(filter, n0, this.tuning.spectrumTail);
        this.responses.set(`${id}:${String(n0)}`, response);
      }
      spectrum = this.folder.fold(response, size, 1 / size, this.tuning.allocate);
      this.spectra.set(key, spectrum);
    }
    return spectrum;
  }

  /** A low-pass computed directly at `level`. */
  private directOutput(
    filters: readonly StageFilter[],
    index: number,
    level: number,
  ): DirectOutputPlan {
    const { filter, log2Decimation } = filters[index];
    const halfWidth = levelHalfWidth(filter, level, this.tuning.timeTail);
    return { index, taps: this.lowpassTaps(filter, level, halfWidth), log2Decimation };
  }

  /**
   * A low-pass's taps at `level` (filter-bank.ts lowpassTaps), made once and shared by every
   * stage that computes it directly there (the SIMD kernels store each set of taps once).
   */
  lowpassTaps(filter: FourierFilter, level: number, halfWidth: number): Float64Array {
    const key = `${String(filter.sigma)}@${String(level)}:${String(halfWidth)}`;
    let taps = this.taps.get(key);
    if (taps === undefined) {
      taps = lowpassTaps(filter, level, halfWidth);
      this.taps.set(key, taps);
    }
    return taps;
  }

  private lowpassSpectrum(lowpass: DecimatingLowpass, size: number): SparseSpectrum {
    const key = `lowpass:${String(lowpass.passEdge)}/${String(lowpass.log2Factor)}:${String(size)}`;
    let spectrum = this.spectra.get(key);
    if (spectrum === undefined) {
      const bins = decimatingLowpassBins(lowpass, size);
      spectrum = this.folder.fold(bins, size, 1 / size, this.tuning.allocate);
      this.spectra.set(key, spectrum);
    }
    return spectrum;
  }
}

function totalCost(groups: readonly BlockGroup[]): number {
  return groups.reduce((sum, g) => sum + g.cost, 0);
}
