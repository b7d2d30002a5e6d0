/**
 * One stage of the cascade: its filters split into overlap-save groups of different block sizes
 * (see block-planner.ts), all fed the same input, its far-decimated low-pass, when planned so,
 * by direct dot products, and its narrow-band filters, when planned so, in a child stage fed by
 * a decimating low-pass (see stage-planner.ts).
 */
import { DirectLowpass } from './direct-lowpass.js';
import type { FftBackend } from './fft/fft-plan.js';
import { OverlapSaveStage, type StageSink } from './overlap-save-stage.js';
import type { ScratchPool } from './scratch-pool.js';
import type { SimdKernels } from './simd/simd-kernels.js';
import { firstOutputOf, type FftStagePlan } from './stage-plan.js';

/** Where filter `index` of the stage's list sends its output, and whether it takes |·|. */
export interface StageTarget {
  readonly modulus: boolean;
  readonly sink: StageSink;
}

export class GroupedStage {
  private readonly groups: OverlapSaveStage[];
  private readonly directs: DirectLowpass[];
  private readonly child: GroupedStage | undefined;

  /**
   * @param pool work arrays shared with the other stages of the same cascade order; a child
   *   stage runs inside this stage's block and takes the pool's own child
   * @param kernels the stream's own SIMD kernels (float32), which keep its direct low-passes'
   *   buffers
   */
  constructor(
    private readonly plan: FftStagePlan,
    backend: FftBackend,
    pool: ScratchPool,
    targets: readonly StageTarget[],
    kernels: SimdKernels | undefined,
  ) {
    const decimated = plan.decimated;
    const child =
      decimated === undefined
        ? undefined
        : new GroupedStage(
            decimated.stage,
            backend,
            pool.child(),
            decimated.members.map((index) => targets[index]),
            kernels,
          );
    this.child = child;
    const lowpassTarget: StageTarget & { centred: boolean } = {
      modulus: false,
      // Blocks feeding band-pass filters downstream are centred, as those filters' own would be.
      centred: decimated?.members.some((index) => targets[index].modulus) ?? false,
      sink: (values, count) => {
        child?.push(values, 0, count);
      },
    };
    const targetOf = (index: number): StageTarget & { centred?: boolean } =>
      index < plan.filterCount ? targets[index] : lowpassTarget;
    this.groups = plan.groups.map(
      (group) =>
        new OverlapSaveStage(
          backend,
          pool,
          group.blockSize,
          group.halfWidth,
          group.log2Alignment,
          0,
          group.members.map((index, k) => ({ ...group.outputs[k], ...targetOf(index) })),
        ),
    );
    this.directs = plan.direct.map((direct) => {
      return new DirectLowpass(
        direct.taps,
        2 ** direct.log2Decimation,
        0,
        backend.allocate,
        targets[direct.index].sink,
        kernels,
      );
    });
  }

  push(input: ArrayLike<number>, from: number, count: number): void {
    for (const group of this.groups) group.push(input, from, count);
    for (const direct of this.directs) direct.push(input, from, count);
  }

  /** Forgets all input; the next sample is taken at `start` (the stage's units). */
  reset(start: number): void {
    for (const group of this.groups) group.reset(start);
    for (const direct of this.directs) direct.reset(start);
    const decimated = this.plan.decimated;
    if (this.child !== undefined && decimated !== undefined) {
      const factor = 2 ** decimated.log2Factor;
      this.child.reset(firstOutputOf(this.plan, this.plan.filterCount, start) / factor);
    }
  }

  /** Position (the stage's units) of filter `index`'s first output after reset(start). */
  firstOutputOf(index: number, start: number): number {
    return firstOutputOf(this.plan, index, start);
  }
}
