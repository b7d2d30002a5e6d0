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
import type { GraphTemplate } from '../../src/dsp/graph-template.js';
import type { Precision } from '../../src/dsp/params.js';
import { cascadePlan, liveFrames, sumOverStages, worstRowError } from '../support/cascade.js';
import { testSignal } from '../support/signals.js';

/** 'latency' blocks, φ directly where the planner finds it cheaper or never. */
function template(
  J: number,
  precision: Precision,
  backend: FftBackend,
  directLowpass: boolean,
): GraphTemplate {
  return cascadePlan(J, precision, 'latency', backend, { directLowpass });
}

/** Low-passes computed directly inside stages (the third stage's own 'direct' kind aside). */
function directOutputs(plan: GraphTemplate): number {
  return sumOverStages(plan, (stage) => stage.direct.length);
}

describe('the low-pass computed directly in stages', () => {
  const signal = testSignal(1 << 18, 11);

  it.each([8, 10])(
    'J = %i (latency blocks), float64: the same frames as in blocks, to 1e-12 of each row',
    (J) => {
      const backend = createFftJsBackend();
      const direct = template(J, 'float64', backend, true);
      const blocked = template(J, 'float64', backend, false);
      // The plan does compute some low-passes directly, or this would compare a cascade with itself.
      expect(directOutputs(direct)).toBeGreaterThan(0);
      expect(directOutputs(blocked)).toBe(0);
      expect(
        worstRowError(liveFrames(direct, backend, signal), liveFrames(blocked, backend, signal)),
      ).toBeLessThan(1e-12);
      // Under the same bound: a direct low-pass waits for its reach only.
      expect(direct.latencySamples).toBeLessThanOrEqual(blocked.latencySamples);
    },
    60_000,
  );

  it('J = 10, float32: as close to float64 as in blocks', async () => {
    const backend = await createPffftBackend();
    const reference = liveFrames(
      template(10, 'float64', createFftJsBackend(), false),
      createFftJsBackend(),
      signal,
    );
    const direct = worstRowError(
      liveFrames(template(10, 'float32', backend, true), backend, signal),
      reference,
    );
    const blocked = worstRowError(
      liveFrames(template(10, 'float32', backend, false), backend, signal),
      reference,
    );
    expect(direct).toBeLessThan(Math.max(2 * blocked, 1e-5));
  }, 60_000);
});
