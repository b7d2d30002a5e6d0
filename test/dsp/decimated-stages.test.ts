/**
 * Narrow-band filters run on a low-passed, decimated copy of their stage's input
 * (src/dsp/stage-planner.ts). That must not change what is computed: the same cascade planned
 * with every filter at its stage's own rate is the reference, frame by frame.
 */
import { describe, expect, it } from 'vitest';
import type { FftBackend } from '../../src/dsp/fft/fft-plan.js';
import { createFftJsBackend } from '../../src/dsp/fft/fftjs-backend.js';
import { createPffftBackend } from '../../src/dsp/fft/pffft-backend.js';
import type { GraphTemplate } from '../../src/dsp/graph-template.js';
import type { Precision } from '../../src/dsp/params.js';
import { ScatteringStreamImpl } from '../../src/dsp/scattering-stream.js';
import type { BlockPolicy } from '../../src/dsp/stage-planner.js';
import { cascadePlan, sumOverStages, worstRowError } from '../support/cascade.js';
import { testSignal } from '../support/signals.js';

function template(
  J: number,
  precision: Precision,
  blocks: BlockPolicy,
  backend: FftBackend,
  decimate: boolean,
): GraphTemplate {
  return cascadePlan(J, precision, blocks, backend, { decimate });
}

/** Stages of a plan that hand filters to a decimated child. */
function decimatedStages(plan: GraphTemplate): number {
  return sumOverStages(plan, (stage) => (stage.decimated === undefined ? 0 : 1));
}

/** worstRowError of two runs over a whole signal, which must both have every frame. */
function wholeSignalError(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  expect(a.length).toBe(b.length);
  return worstRowError(a, b);
}

/** Kymatio-mode frames of a whole signal, as [frame][row]. */
function frames(plan: GraphTemplate, backend: FftBackend, signal: Float64Array): Float64Array[] {
  const out: Float64Array[] = [];
  const stream = new ScatteringStreamImpl(
    plan,
    backend,
    (frame, index) => {
      out[index] = Float64Array.from(frame);
    },
    { signalLength: signal.length },
  );
  stream.push(signal);
  stream.flush();
  return out;
}

describe('decimated stages', () => {
  const signal = testSignal(1 << 18, 5);

  it.each([
    [12, 'throughput'],
    [10, 'latency'],
  ] as const)(
    'J = %i (%s blocks), float64: the same frames to 1e-12 of each row',
    (J, blocks) => {
      const backend = createFftJsBackend();
      const decimated = template(J, 'float64', blocks, backend, true);
      const direct = template(J, 'float64', blocks, backend, false);
      // The plan does use decimated children, or this test would compare a cascade with itself.
      expect(decimatedStages(decimated)).toBeGreaterThan(0);
      expect(decimatedStages(direct)).toBe(0);
      expect(
        wholeSignalError(frames(decimated, backend, signal), frames(direct, backend, signal)),
      ).toBeLessThan(1e-12);
    },
    60_000,
  );

  it('J = 12, float32: as close to float64 as without decimation', async () => {
    const backend = await createPffftBackend();
    const reference = frames(
      template(12, 'float64', 'throughput', createFftJsBackend(), false),
      createFftJsBackend(),
      signal,
    );
    const decimated = wholeSignalError(
      frames(template(12, 'float32', 'throughput', backend, true), backend, signal),
      reference,
    );
    const direct = wholeSignalError(
      frames(template(12, 'float32', 'throughput', backend, false), backend, signal),
      reference,
    );
    expect(decimated).toBeLessThan(Math.max(2 * direct, 1e-5));
  }, 60_000);
});
