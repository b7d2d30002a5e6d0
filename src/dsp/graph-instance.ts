/**
 * A running cascade: the stages of a GraphTemplate with their buffers, wired to a FrameAssembler.
 * One instance per stream; the template (filter responses, taps) is shared.
 */
import { DirectLowpass } from './direct-lowpass.js';
import type { FrameSink, Sample } from './engine-types.js';
import type { FftBackend } from './fft/fft-plan.js';
import { FrameAssembler } from './frame-assembler.js';
import type { GraphTemplate, SecondOrderPlan } from './graph-template.js';
import { OverlapSaveStage, type StageOutputSpec } from './overlap-save-stage.js';
import { ScratchPool } from './scratch-pool.js';

export class GraphInstance {
  private readonly stage1: OverlapSaveStage;
  private readonly resets: ((start: number) => void)[] = [];
  readonly assembler: FrameAssembler;
  /** Absolute frame number (position / hop) of output frame 0. */
  private frameOrigin = 0;
  private readonly log2Stride: number;

  /**
   * @param frameLimit output frames at or beyond this index are dropped
   */
  constructor(template: GraphTemplate, backend: FftBackend, sink: FrameSink, frameLimit: number) {
    const s = template.params.log2Stride;
    this.log2Stride = s;
    const firstOrderPool = new ScratchPool(backend.allocate);
    const secondOrderPool = new ScratchPool(backend.allocate);
    const thirdOrderPool = new ScratchPool(backend.allocate);
    const assembler = new FrameAssembler(template.rows, 0, frameLimit, backend.allocate, sink);
    this.assembler = assembler;
    const toFrame = (positionAtStride: number): number => positionAtStride - this.frameOrigin;
    const stage1Outputs: StageOutputSpec[] = [
      {
        ...template.stage1.phi,
        modulus: false,
        sink: (values, count, first) => {
          assembler.write(0, values, count, toFrame(first));
        },
      },
    ];
    for (const first of template.firstOrder) {
      const k1 = first.stage.level;
      const stage2Outputs: StageOutputSpec[] = [
        {
          ...first.stage.phi,
          modulus: false,
          sink: (values, count, firstPosition) => {
            assembler.write(first.row, values, count, toFrame(firstPosition));
          },
        },
      ];
      for (const second of first.children) {
        const third = this.thirdStage(second, backend, thirdOrderPool, (start) => {
          return (
            (start + template.stage1.halfWidth + first.stage.halfWidth * 2 ** k1) /
            2 ** second.level
          );
        });
        stage2Outputs.push({
          ...second.wavelet,
          modulus: true,
          sink: (values, count) => {
            third(values, count);
          },
        });
      }
      const stage2 = new OverlapSaveStage(
        backend,
        secondOrderPool,
        first.stage.blockSize,
        first.stage.halfWidth,
        0,
        stage2Outputs,
      );
      this.resets.push((start) => {
        stage2.reset((start + template.stage1.halfWidth) / 2 ** k1);
      });
      stage1Outputs.push({
        ...first.wavelet,
        modulus: true,
        sink: (values, count) => {
          stage2.push(values, 0, count);
        },
      });
    }
    this.stage1 = new OverlapSaveStage(
      backend,
      firstOrderPool,
      template.stage1.blockSize,
      template.stage1.halfWidth,
      0,
      stage1Outputs,
    );
  }

  /**
   * Builds the S2 low-pass of one path; returns the function that feeds it U2.
   * @param startOf the stage's first input position (its own units) for a stream starting at `start`
   */
  private thirdStage(
    second: SecondOrderPlan,
    backend: FftBackend,
    pool: ScratchPool,
    startOf: (start: number) => number,
  ): (values: Sample, count: number) => void {
    const assembler = this.assembler;
    const lowpass = second.lowpass;
    if (lowpass.kind === 'direct') {
      const step = 2 ** (this.log2Stride - second.level);
      const direct = new DirectLowpass(
        lowpass.taps,
        step,
        0,
        backend.allocate,
        (value, position) => {
          assembler.writeValue(second.row, value, position / step - this.frameOrigin);
        },
      );
      this.resets.push((start) => {
        direct.reset(startOf(start));
      });
      return (values, count) => {
        direct.push(values, count);
      };
    }
    const stage = new OverlapSaveStage(
      backend,
      pool,
      lowpass.stage.blockSize,
      lowpass.stage.halfWidth,
      0,
      [
        {
          ...lowpass.stage.phi,
          modulus: false,
          sink: (values, count, first) => {
            assembler.write(second.row, values, count, first - this.frameOrigin);
          },
        },
      ],
    );
    this.resets.push((start) => {
      stage.reset(startOf(start));
    });
    return (values, count) => {
      stage.push(values, 0, count);
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
    for (const reset of this.resets) reset(start);
    this.assembler.reset(firstFrame);
  }

  push(samples: ArrayLike<number>, from: number, count: number): void {
    this.stage1.push(samples, from, count);
  }
}
