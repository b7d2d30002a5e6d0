/**
 * One stage of the cascade: its filters split into overlap-save groups of different block sizes
 * (see block-planner.ts), all fed the same input.
 */
import type { FftBackend } from './fft/fft-plan.js';
import { firstOutputPosition, groupOf, type FftStagePlan } from './graph-template.js';
import { OverlapSaveStage, type StageSink } from './overlap-save-stage.js';
import type { ScratchPool } from './scratch-pool.js';

/** Where filter `index` of the stage's list sends its output, and whether it takes |·|. */
export interface StageTarget {
  readonly modulus: boolean;
  readonly sink: StageSink;
}

export class GroupedStage {
  private readonly groups: OverlapSaveStage[];

  constructor(
    private readonly plan: FftStagePlan,
    backend: FftBackend,
    pool: ScratchPool,
    targets: readonly StageTarget[],
  ) {
    this.groups = plan.groups.map(
      (group) =>
        new OverlapSaveStage(
          backend,
          pool,
          group.blockSize,
          group.halfWidth,
          group.log2Alignment,
          0,
          group.members.map((index, k) => ({ ...group.outputs[k], ...targets[index] })),
        ),
    );
  }

  push(input: ArrayLike<number>, from: number, count: number): void {
    for (const group of this.groups) group.push(input, from, count);
  }

  /** Forgets all input; the next sample is taken at `start` (the stage's units). */
  reset(start: number): void {
    for (const group of this.groups) group.reset(start);
  }

  /** Position (the stage's units) of filter `index`'s first output after reset(start). */
  firstOutputOf(index: number, start: number): number {
    return firstOutputPosition(groupOf(this.plan, index), start);
  }
}
