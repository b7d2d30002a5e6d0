/**
 * A running cascade: the stages of a GraphTemplate with their buffers, wired to a FrameAssembler.
 * One instance per stream; the template (filter responses, taps) is shared.
 */
import { DirectLowpass } from './direct-lowpass.js';
import type { FrameSink, Sample } from './engine-types.js';
import type { FftBackend } from './fft/fft-plan.js';
import { FrameAssembler } from './frame-assembler.js';
import type { GraphTemplate, SecondOrderPlan } from './graph-template.js';
import { GroupedStage, type StageTarget } from './grouped-stage.js';
import { ScratchPool } from './scratch-pool.js';
import type { SimdKernels } from './simd/simd-kernels.js';

/** A third stage: what feeds it U2, and how it restarts at a position (its own units). */
interface ThirdStage {
  readonly push: (values: Sample, count: number) => void;
  readonly reset: (start: number) => void;
}

export class GraphInstance {
  private readonly stage1: GroupedStage;
  /** Restarts every stage below stage 1 for a stage-1 start position. */
  private readonly resetBelow: readonly ((start: number) => void)[];
  readonly assembler: FrameAssembler;
  /** Absolute frame number (position / hop) of output frame 0. */
  private frameOrigin = 0;
  private readonly log2Stride: number;

  /**
   * @param frameLimit output frames at or beyond this index are dropped
   */
  constructor(template: GraphTemplate, backend: FftBackend, sink: FrameSink, frameLimit: number) {
    this.log2Stride = template.params.log2Stride;
    const firstOrderPool = new ScratchPool(backend.allocate, 'first order');
    const secondOrderPool = new ScratchPool(backend.allocate, 'second order');
    const thirdOrderPool = new ScratchPool(backend.allocate, 'third order');
    // The stream's own kernels: its direct low-passes keep their buffers in their memory.
    const kernels = backend.simd?.forStream();
    const assembler = new FrameAssembler(template.rows, 0, frameLimit, backend.allocate, sink);
    this.assembler = assembler;
    const rowTarget = (row: number): StageTarget => ({
      modulus: false,
      sink: (values, count, first) => {
        assembler.write(row, values, count, first - this.frameOrigin);
      },
    });
    const stage1Targets: StageTarget[] = [rowTarget(0)];
    const stage1Resets: ((stage1Start: number) => void)[] = [];
    for (const first of template.firstOrder) {
      const k1 = first.stage.level;
      const thirds = first.children.map((second) =>
        this.thirdStage(second, backend, thirdOrderPool, kernels),
      );
      const stage2 = new GroupedStage(
        first.stage,
        backend,
        secondOrderPool,
        [
          rowTarget(first.row),
          ...thirds.map((third): StageTarget => ({
            modulus: true,
            sink: (values, count) => {
              third.push(values, count);
            },
          })),
        ],
        kernels,
      );
      stage1Targets.push({
        modulus: true,
        sink: (values, count) => {
          stage2.push(values, 0, count);
        },
      });
      const u1Index = stage1Targets.length - 1;
      stage1Resets.push((stage1Start) => {
        const start2 = this.stage1.firstOutputOf(u1Index, stage1Start) / 2 ** k1;
        stage2.reset(start2);
        first.children.forEach((second, child) => {
          const k2 = second.level - k1;
          thirds[child].reset(stage2.firstOutputOf(1 + child, start2) / 2 ** k2);
        });
      });
    }
    this.stage1 = new GroupedStage(
      template.stage1,
      backend,
      firstOrderPool,
      stage1Targets,
      kernels,
    );
    this.resetBelow = stage1Resets;
  }

  /** Builds the S2 low-pass of one path. */
  private thirdStage(
    second: SecondOrderPlan,
    backend: FftBackend,
    pool: ScratchPool,
    kernels: SimdKernels | undefined,
  ): ThirdStage {
    const assembler = this.assembler;
    const lowpass = second.lowpass;
    if (lowpass.kind === 'direct') {
      const step = 2 ** (this.log2Stride - second.level);
      const direct = new DirectLowpass(
        lowpass.taps,
        step,
        0,
        backend.allocate,
        (values, count, first) => {
          assembler.write(second.row, values, count, first - this.frameOrigin);
        },
        kernels,
      );
      return {
        push: (values, count) => {
          direct.push(values, 0, count);
        },
        reset: (start) => {
          direct.reset(start);
        },
      };
    }
    const stage = new GroupedStage(
      lowpass.stage,
      backend,
      pool,
      [
        {
          modulus: false,
          sink: (values, count, first) => {
            assembler.write(second.row, values, count, first - this.frameOrigin);
          },
        },
      ],
      kernels,
    );
    return {
      push: (values, count) => {
        stage.push(values, 0, count);
      },
      reset: (start) => {
        stage.reset(start);
      },
    };
  }

  /**
   * Prepares for a stream whose first sample is at input position `start` (a multiple of the
   * hop), with output frame 0 centred at position `frameOrigin·hop`; frames before
   * `firstFrame` are not emitted.
   */
  start(start: number, frameOrigin: number, firstFrame: number): void {
    this.frameOrigin = frameOrigin;
    this.stage1.reset(start);
    for (const reset of this.resetBelow) reset(start);
    this.assembler.reset(firstFrame);
  }

  push(samples: ArrayLike<number>, from: number, count: number): void {
    this.stage1.push(samples, from, count);
  }
}
