/**
 * A live stream emits every frame within its announced latency, whatever the block policy.
 */
import { describe, expect, it } from 'vitest';
import { createScatteringEngine } from '../../src/dsp/index.js';
import { testSignal } from '../support/signals.js';

describe.each(['float32', 'float64'] as const)('latency in %s', (precision) => {
  it.each(['latency', 'throughput'] as const)(
    'emits each frame at most latencySamples after its centre (%s blocks)',
    async (blocks) => {
      const engine = await createScatteringEngine({ J: 7, Q: [4, 2] }, precision, blocks);
      const signal = testSignal(40_000, 3);
      let pushed = 0;
      let frames = 0;
      let worst = Number.NEGATIVE_INFINITY;
      const stream = engine.createStream((_, index) => {
        const centre = stream.firstCentre + index * stream.hop;
        worst = Math.max(worst, pushed - 1 - centre);
        frames++;
      });
      for (; pushed < signal.length;) {
        pushed++;
        stream.push(signal.subarray(pushed - 1, pushed));
      }
      expect(frames).toBeGreaterThan(100);
      expect(worst).toBeLessThanOrEqual(stream.latencySamples);
      // The bound is tight enough to mean something: some frame waits for most of it.
      expect(worst).toBeGreaterThan(stream.latencySamples / 2);
    },
  );

  it('the latency policy emits frames no later than the throughput one', async () => {
    const latency = await createScatteringEngine({ J: 10, Q: [8, 1] }, precision, 'latency');
    const throughput = await createScatteringEngine({ J: 10, Q: [8, 1] }, precision, 'throughput');
    const live = latency.createStream(() => undefined).latencySamples;
    expect(live).toBeLessThan(throughput.createStream(() => undefined).latencySamples);
  });
});
