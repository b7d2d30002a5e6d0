/**
 * Plans of the scattering cascade for tests that compare one planner option against another:
 * the plan as the engine makes it, a walk over its stages, and the distance between two runs'
 * frames.
 */
import { expect } from 'vitest';
import type { FftBackend } from '../../src/dsp/fft/fft-plan.js';
import {
  buildGraphTemplate,
  PRECISION_COSTS,
  PRECISION_TAILS,
  type GraphTemplate,
} from '../../src/dsp/graph-template.js';
import { normalizeParams, type Precision } from '../../src/dsp/params.js';
import { ScatteringStreamImpl } from '../../src/dsp/scattering-stream.js';
import type { FftStagePlan } from '../../src/dsp/stage-plan.js';
import type { BlockPolicy } from '../../src/dsp/stage-planner.js';

/** The plan of J, Q = (8, 1) as the engine makes it, but for the planner options given. */
export function cascadePlan(
  J: number,
  precision: Precision,
  blocks: BlockPolicy,
  backend: FftBackend,
  options: {
    readonly decimate?: boolean;
    readonly directLowpass?: boolean;
    readonly pathSlack?: boolean;
  } = {},
): GraphTemplate {
  return buildGraphTemplate(normalizeParams({ J, Q: [8, 1] }), {
    ...PRECISION_TAILS[precision],
    blocks,
    costs: PRECISION_COSTS[precision],
    minFftSize: backend.minSize,
    allocate: backend.allocate,
    ...options,
  });
}

/** `count` summed over every overlap-save stage of a plan, decimated children included. */
export function sumOverStages(plan: GraphTemplate, count: (stage: FftStagePlan) => number): number {
  const walk = (stage: FftStagePlan | undefined): number =>
    stage === undefined ? 0 : count(stage) + walk(stage.decimated?.stage);
  let total = walk(plan.stage1);
  for (const first of plan.firstOrder) {
    total += walk(first.stage);
    for (const second of first.children) {
      if (second.lowpass.kind === 'fft') total += walk(second.lowpass.stage);
    }
  }
  return total;
}

/**
 * FFT work of a plan per input sample, in units of n·log2 n: each block's forward real transform
 * (half a complex one of its size) and each output's inverse transform of its decimated size.
 */
export function fftWork(plan: GraphTemplate): number {
  return sumOverStages(plan, (stage) => {
    let work = 0;
    for (const group of stage.groups) {
      const blocksPerSample = 1 / (2 ** stage.level * (group.blockSize - 2 * group.halfWidth));
      let perBlock = (group.blockSize * Math.log2(group.blockSize)) / 2;
      for (const output of group.outputs) {
        const size = group.blockSize >> output.log2Decimation;
        perBlock += size * Math.log2(size);
      }
      work += blocksPerSample * perBlock;
    }
    return work;
  });
}

/** Live-mode frames of a signal pushed in 1000-sample chunks, as [frame][row]. */
export function liveFrames(
  plan: GraphTemplate,
  backend: FftBackend,
  signal: Float64Array,
): Float64Array[] {
  const out: Float64Array[] = [];
  const stream = new ScatteringStreamImpl(plan, backend, (frame, index) => {
    out[index] = Float64Array.from(frame);
  });
  for (let at = 0; at < signal.length; at += 1000) stream.push(signal.subarray(at, at + 1000));
  return out;
}

/**
 * Largest |a − b| over each row relative to the row's largest |b|, worst row, over the frames
 * both have (at least `minimumFrames` of them).
 */
export function worstRowError(
  a: readonly Float64Array[],
  b: readonly Float64Array[],
  minimumFrames = 10,
): number {
  const common = b.flatMap((_, index) => (a[index] === undefined ? [] : [index]));
  expect(common.length).toBeGreaterThanOrEqual(minimumFrames);
  const rows = b[common[0]!]!.length;
  let worst = 0;
  for (let r = 0; r < rows; r++) {
    let peak = 0;
    let error = 0;
    for (const t of common) {
      peak = Math.max(peak, Math.abs(b[t]![r]!));
      error = Math.max(error, Math.abs(a[t]![r]! - b[t]![r]!));
    }
    if (peak > 0) worst = Math.max(worst, error / peak);
  }
  return worst;
}
