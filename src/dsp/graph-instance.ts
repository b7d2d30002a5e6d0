/**
 * A running cascade: the stages of a GraphTemplate with their buffers, wired to a FrameAssembler.
 * One instance per stream; the template (filter responses, taps) is shared.
 */
import { DirectLowpass } from './direct-lowpass.js';
import type { FrameSink } from './engine-types.js';
import type { FftBackend } from './fft/fft-plan.js';
import { FrameAssembler } from './frame-assembler.js';
import type { GraphTemplate } from './graph-template.js';
import { OverlapSaveStage, type StageOutputSpec } from './overlap-save-stage.js';
import { ScratchPool } from './scratch-pool.js';

export class GraphInstance {
  private readonly stage1: OverlapSaveStage;
  private readonly resets: ((start: number) => void)[] = [];
  readonly assembler: FrameAssembler;
  /** Absolute frame number (position / hop) of output frame 0. */
  private frameOrigin = 0;

  /**
   * @param frameLimit output frames at or beyond this index are dropped
   */
  constructor(
    template: GraphTemplate,
    backend: FftBackend,
    sink: FrameSink,
    frameLimit: number,
  ) {
    const s = template.params.log2Stride;
    const firstOrderPool = new ScratchPool(backend.allocate);
    const secondOrderPool = new ScratchPool(backend.allocate);
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
      const thirdStages: DirectLowpass[] = [];
      for (const second of first.children) {
        const step = 2 ** (s - second.level);
        const direct = new DirectLowpass(second.taps, step, 0, backend.allocate, (value, position) => {
          assembler.writeValue(second.row, value, toFrame(position / step));
        });
        thirdStages.push(direct);
        this.resets.push((start) => {
          direct.reset((start + template.stage1.halfWidth + first.stage.halfWidth * 2 ** k1) / 2 ** second.level);
        });
        stage2Outputs.push({
          ...second.wavelet,
          modulus: true,
          sink: (values, count) => {
            direct.push(values, count);
          },
        });
      }
      const stage2 = new OverlapSaveStage(backend, secondOrderPool, first.stage.blockSize, first.stage.halfWidth, 0, stage2Outputs);
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
    this.stage1 = new OverlapSaveStage(backend, firstOrderPool, template.stage1.blockSize, template.stage1.halfWidth, 0, stage1Outputs);
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
