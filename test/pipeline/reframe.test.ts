/** Marble tests of reframe(): exact blocks, indices and times; gaps; errors; teardown. */
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { AudioChunk } from '../../src/pipeline/audio-source.js';
import { reframe } from '../../src/pipeline/reframe.js';

const RATE = 1000; // Hz: one sample per millisecond keeps capture times readable.

function chunk(sampleIndex: number, values: number[], channels = 1): AudioChunk {
  return {
    channels: Array.from({ length: channels }, (_, c) =>
      Float32Array.from(values.map((v) => v + 100 * c)),
    ),
    sampleIndex,
    captureTime: 5000 + sampleIndex,
  };
}

/** What a test compares: the samples, the index and the time of each block. */
const plain = (block: AudioChunk) => ({
  values: block.channels.map((c) => Array.from(c)),
  sampleIndex: block.sampleIndex,
  captureTime: block.captureTime,
});

const scheduler = () =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });

describe('reframe', () => {
  it('re-cuts chunks of any size into exact blocks, then flushes the rest on completion', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const input = cold('a-b-c-|', {
        a: chunk(0, [1, 2, 3]),
        b: chunk(3, [4]),
        c: chunk(4, [5, 6, 7, 8, 9]),
      });
      expectObservable(input.pipe(reframe(4, RATE), map(plain))).toBe('--x-y-(z|)', {
        x: { values: [[1, 2, 3, 4]], sampleIndex: 0, captureTime: 5000 },
        y: { values: [[5, 6, 7, 8]], sampleIndex: 4, captureTime: 5004 },
        z: { values: [[9]], sampleIndex: 8, captureTime: 5008 },
      });
    });
  });

  it('keeps channels apart and emits several blocks from one large chunk', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const input = cold('(a|)', { a: chunk(10, [1, 2, 3, 4, 5], 2) });
      expectObservable(input.pipe(reframe(2, RATE), map(plain))).toBe('(xyz|)', {
        x: {
          values: [
            [1, 2],
            [101, 102],
          ],
          sampleIndex: 10,
          captureTime: 5010,
        },
        y: {
          values: [
            [3, 4],
            [103, 104],
          ],
          sampleIndex: 12,
          captureTime: 5012,
        },
        z: { values: [[5], [105]], sampleIndex: 14, captureTime: 5014 },
      });
    });
  });

  it('never joins samples across a gap in the source', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const input = cold('(ab|)', { a: chunk(0, [1, 2, 3]), b: chunk(10, [4, 5, 6, 7]) });
      expectObservable(input.pipe(reframe(4, RATE), map(plain))).toBe('(xy|)', {
        x: { values: [[1, 2, 3]], sampleIndex: 0, captureTime: 5000 },
        y: { values: [[4, 5, 6, 7]], sampleIndex: 10, captureTime: 5010 },
      });
    });
  });

  it('passes errors on and unsubscribes from the source when torn down', () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold('a-#', { a: chunk(0, [1]) }, new Error('device gone'));
      expectObservable(failing.pipe(reframe(4, RATE))).toBe(
        '--#',
        undefined,
        new Error('device gone'),
      );
      const endless = cold('a-b-c-d-', {
        a: chunk(0, [1]),
        b: chunk(1, [2]),
        c: chunk(2, [3]),
        d: chunk(3, [4]),
      });
      expectObservable(endless.pipe(reframe(100, RATE)), '^---!').toBe('----');
      expectSubscriptions(endless.subscriptions).toBe('^---!');
    });
  });

  it('rejects a block size that is not a positive integer', () => {
    expect(() => reframe(0, RATE)).toThrow(/positive integer/);
  });
});
