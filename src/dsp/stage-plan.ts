/**
 * The plan of one overlap-save stage, and where and when each of its filters' outputs appear.
 *
 * A stage runs its filters in groups of blocks of one size (block-planner.ts). Its narrow-band
 * filters may instead run in a child stage, on a low-passed copy of the input decimated by 2^d
 * (decimating-lowpass.ts): that low-pass is one more member of one of the stage's groups, with
 * the index `filterCount`, and the child may in turn hand its own narrow filters further down.
 * A low-pass whose output is decimated far (φ) may also be computed directly in time, one dot
 * product per output (direct-lowpass.ts): no block to fill, so it waits only for its own reach.
 */
import type { SparseSpectrum } from './sparse-spectrum.js';

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
  /** Indices of its filters in the stage's filter list (`filterCount`: the decimating low-pass). */
  readonly members: readonly number[];
  /** Parallel to `members`. */
  readonly outputs: readonly FftOutputPlan[];
}

/** A real, even low-pass computed by dot products in time, one per output (direct-lowpass.ts). */
export interface DirectOutputPlan {
  /** Its index in the stage's filter list. */
  readonly index: number;
  /** One side of the filter at the stage's level: taps[k] = f[±k], k = 0..h (h: its half-width). */
  readonly taps: Float64Array;
  /** Outputs are centred on multiples of 2^log2Decimation (stage units). */
  readonly log2Decimation: number;
}

/** Filters of a stage computed on its input low-passed and decimated by 2^log2Factor. */
export interface DecimatedStagePlan {
  readonly log2Factor: number;
  /** Their indices in the parent's filter list, in the order of the child's filter list. */
  readonly members: readonly number[];
  /** At the parent's level + log2Factor; each filter's decimation reduced by log2Factor. */
  readonly stage: FftStagePlan;
}

/**
 * One overlap-save stage: filters of one input at one level. Its filter list is φ first, then
 * the wavelets (ψ1 by n1 in stage 1, the children in stage 2).
 */
export interface FftStagePlan {
  readonly level: number;
  /** Length of the filter list. */
  readonly filterCount: number;
  readonly groups: readonly BlockGroupPlan[];
  /** Members computed directly in time rather than in a group's blocks. */
  readonly direct: readonly DirectOutputPlan[];
  readonly decimated?: DecimatedStagePlan;
}

/** The group computing filter `index` in the stage itself, if it does. */
function groupOf(stage: FftStagePlan, index: number): BlockGroupPlan | undefined {
  return stage.groups.find((g) => g.members.includes(index));
}

function directOutput(stage: FftStagePlan, index: number): DirectOutputPlan | undefined {
  return stage.direct.find((d) => d.index === index);
}

/**
 * Position (stage units) of a direct output's first centre for input starting at `start`: the
 * first multiple of `step` whose whole reach (`halfWidth` either side) is input.
 */
export function firstDirectOutput(halfWidth: number, step: number, start: number): number {
  return Math.ceil((start + halfWidth) / step) * step;
}

/** The child stage computing filter `index`, and the filter's index there. */
function decimatedMember(
  stage: FftStagePlan,
  index: number,
): { decimated: DecimatedStagePlan; child: number } {
  const decimated = stage.decimated;
  const child = decimated?.members.indexOf(index) ?? -1;
  if (decimated === undefined || child < 0) {
    throw new Error(`internal error: no group computes filter ${String(index)}`);
  }
  return { decimated, child };
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

/** Position (the stage's units) of filter `index`'s first output for input starting at `start`. */
export function firstOutputOf(stage: FftStagePlan, index: number, start: number): number {
  const group = groupOf(stage, index);
  if (group !== undefined) return firstOutputPosition(group, start);
  const direct = directOutput(stage, index);
  if (direct !== undefined) {
    return firstDirectOutput(direct.taps.length - 1, 2 ** direct.log2Decimation, start);
  }
  const { decimated, child } = decimatedMember(stage, index);
  const factor = 2 ** decimated.log2Factor;
  const childStart = firstOutputOf(stage, stage.filterCount, start) / factor;
  return firstOutputOf(decimated.stage, child, childStart) * factor;
}

/** Input samples (level 0) a filter's output depends on either side of its centre. */
export function filterReach(stage: FftStagePlan, index: number): number {
  const group = groupOf(stage, index);
  if (group !== undefined) return group.halfWidth * 2 ** stage.level;
  const direct = directOutput(stage, index);
  if (direct !== undefined) return (direct.taps.length - 1) * 2 ** stage.level;
  const { decimated, child } = decimatedMember(stage, index);
  return filterReach(stage, stage.filterCount) + filterReach(decimated.stage, child);
}

/**
 * Worst-case input samples (level 0) after a filter output's centre before it is computed:
 * its reach plus the wait for its block to fill, through every stage on its way.
 */
export function filterDelay(stage: FftStagePlan, index: number): number {
  const group = groupOf(stage, index);
  if (group !== undefined) return (group.blockSize - 1 - group.halfWidth) * 2 ** stage.level;
  // A direct output is computed as soon as the last sample of its reach has arrived.
  const direct = directOutput(stage, index);
  if (direct !== undefined) return (direct.taps.length - 1) * 2 ** stage.level;
  const { decimated, child } = decimatedMember(stage, index);
  return filterDelay(stage, stage.filterCount) + filterDelay(decimated.stage, child);
}
