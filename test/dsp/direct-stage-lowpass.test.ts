/**
 * The low-pass φ of a stage computed by direct dot products instead of in overlap-save blocks
 * (src/dsp/stage-planner.ts, where the cost model finds it cheaper, mostly in decimated
 * children). What is computed must not change: the same cascade with φ always in blocks is the
 * reference, frame by frame; and no frame may come out later than the 'latency' bound allows.
 */
import { describe, expect, it } from 'vitest';
import type { FftBackend } from '../../src/dsp/fft/fft-plan.js';
import { createFftJsBackend } from '../../src/dsp/fft/fftjs-backend.js';
import { createPffftBackend } from '../../src/dsp/fft/pffft-backend.js';
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
import { testSignal } from '../support/signals.js';

function template(
  J: number,
  precision: Precision,
  blocks: BlockPolicy,
  backend: FftBackend,
  directLowpass: boolean,
): GraphTemplate {
  return buildGraphTemplate(normalizeParams({ J, Q: [8, 1] }), {
    ...PRECISION_TAILS[precision],
    blocks,
    costs: PRECISION_COSTS[precision],
    minFftSize: backend.minSize,
    allocate: backend.allocate,
    directLowpass,
  });
}

/** Low-passes computed directly inside stages (the third stage's own 'direct' kind aside). */
function directOutputs(plan: GraphTemplate): number {
  const count = (stage: FftStagePlan | undefined): number =>
    stage === undefined ? 0 : stage.direct.length + count(stage.decimated?.stage);
  let total = count(plan.stage1);
  for (const first of plan.firstOrder) {
    total += count(first.stage);
    for (const second of first.children) {
      if (second.lowpass.kind === 'fft') total += count(second.lowpass.stage);
    }
  }
  return total;
}

/** Live-mode frames of a signal pushed in 1000-sample chunks, as [frame][row]. */
function frames(plan: GraphTemplate, backend: FftBackend, signal: Float64Array): Float64Array[] {
  const out: Float64Array[] = [];
  const stream = new ScatteringStreamImpl(plan, backend, (frame, index) => {
    out[index] = Float64Array.from(frame);
  });
  for (let at = 0; at < signal.length; at += 1000) stream.push(signal.subarray(at, at + 1000));
  return out;
}

/** Largest |a - b| over each row relative to the row's largest |b|, worst row, common frames. */
function worstRowError(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  const common = b.flatMap((_, index) => (a[index] === undefined ? [] : [index]));
  expect(common.length).toBeGreaterThan(10);
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

describe('the low-pass computed directly in stages', () => {
  const signal = testSignal(1 << 18, 11);

  it.each([8, 10])(
    'J = %i (latency blocks), float64: the same frames as in blocks, to 1e-12 of each row',
    (J) => {
      const backend = createFftJsBackend();
      const direct = template(J, 'float64', 'latency', backend, true);
      const blocked = template(J, 'float64', 'latency', backend, false);
      // The plan does compute some low-passes directly, or this would compare a cascade with itself.
      expect(directOutputs(direct)).toBeGreaterThan(0);
      expect(directOutputs(blocked)).toBe(0);
      expect(
        worstRowError(frames(direct, backend, signal), frames(blocked, backend, signal)),
      ).toBeLessThan(1e-12);
      // Under the same bound: a direct low-pass waits for its reach only.
      expect(direct.latencySamples).toBeLessThanOrEqual(blocked.latencySamples);
    },
    60_000,
  );

  it('J = 10, float32: as close to float64 as in blocks', async () => {
    const backend = await createPffftBackend();
    const reference = frames(
      template(10, 'float64', 'latency', createFftJsBackend(), false),
      createFftJsBackend(),
      signal,
    );
    const direct = worstRowError(
      frames(template(10, 'float32', 'latency', backend, true), backend, signal),
      reference,
    );
    const blocked = worstRowError(
      frames(template(10, 'float32', 'latency', backend, false), backend, signal),
      reference,
    );
    expect(direct).toBeLessThan(Math.max(2 * blocked, 1e-5));
  }, 60_000);
});
