/**
 * Under the 'latency' policy a frame waits for its slowest path, so a path that would come out
 * sooner may spend the difference on larger, cheaper blocks in its second and third stages
 * (src/dsp/graph-template.ts). That must cost less, delay no frame, and change nothing
 * computed: the same cascade with every second stage kept to its own smallest blocks is the
 * reference.
 */
import { describe, expect, it } from 'vitest';
import { createFftJsBackend } from '../../src/dsp/fft/fftjs-backend.js';
import {
  buildGraphTemplate,
  PRECISION_COSTS,
  PRECISION_TAILS,
} from '../../src/dsp/graph-template.js';
import { normalizeParams } from '../../src/dsp/params.js';
import { cascadePlan, fftWork, liveFrames, worstRowError } from '../support/cascade.js';
import { testSignal } from '../support/signals.js';

describe("spending a path's slack on cheaper blocks", () => {
  const signal = testSignal(1 << 18, 13);

  it.each([
    // Units of n·log2 n per input sample, float64: J = 10 (the live configuration) 1517
    // without, 930 with; J = 8 1392 and 1182. (float32, with its own costs: 961 and 870, 907
    // and 864.)
    [10, 0.3],
    [8, 0.1],
  ])(
    'J = %i, float64: at least %f less FFT work, no later, the same frames to 1e-12',
    (J, saving) => {
      const backend = createFftJsBackend();
      const spent = cascadePlan(J, 'float64', 'latency', backend);
      const kept = cascadePlan(J, 'float64', 'latency', backend, { pathSlack: false });
      expect(fftWork(spent)).toBeLessThan((1 - saving) * fftWork(kept));
      expect(spent.latencySamples).toBeLessThanOrEqual(kept.latencySamples);
      expect(
        worstRowError(liveFrames(spent, backend, signal), liveFrames(kept, backend, signal)),
      ).toBeLessThan(1e-12);
    },
    60_000,
  );

  it.each(['float32', 'float64'] as const)(
    'delays no frame, whatever the configuration (%s)',
    (precision) => {
      const backend = createFftJsBackend();
      for (const J of [5, 8, 11]) {
        for (const Q of [1, [4, 2], [12, 1]] as const) {
          for (const T of [2 ** (J - 2), 2 ** J, 2 ** (J + 2)]) {
            const plan = (pathSlack: boolean) =>
              buildGraphTemplate(normalizeParams({ J, Q, T }), {
                ...PRECISION_TAILS[precision],
                blocks: 'latency',
                costs: PRECISION_COSTS[precision],
                minFftSize: backend.minSize,
                allocate: backend.allocate,
                pathSlack,
              });
            const configuration = `J = ${String(J)}, Q = ${String(Q)}, T = ${String(T)}`;
            expect(plan(true).latencySamples, configuration).toBeLessThanOrEqual(
              plan(false).latencySamples,
            );
          }
        }
      }
    },
    60_000,
  );

  it("leaves 'throughput' plans alone (they have no delay bound to spend)", () => {
    const backend = createFftJsBackend();
    const spent = cascadePlan(10, 'float64', 'throughput', backend);
    const kept = cascadePlan(10, 'float64', 'throughput', backend, { pathSlack: false });
    expect(fftWork(spent)).toBe(fftWork(kept));
  });
});
