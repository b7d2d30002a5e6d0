/** Marble tests of concatMapDroppingOldest(): order, bounded queue, drop counting, teardown. */
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { concatMapDroppingOldest } from '../../src/pipeline/drop-oldest.js';

const scheduler = () =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });

describe('concatMapDroppingOldest', () => {
  it('processes every input in order while the consumer keeps up', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const dropped: string[] = [];
      const input = cold('a---b---c---|');
      const result = input.pipe(
        concatMapDroppingOldest(
          1,
          (v) => cold('--(x|)', { x: v.toUpperCase() }),
          (d) => dropped.push(d),
        ),
      );
      expectObservable(result).toBe('--A---B---C-|');
      scheduler().flush();
      expect(dropped).toEqual([]);
    });
  });

  it('under overload keeps only the newest waiting inputs and counts each drop', () => {
    const dropped: string[] = [];
    scheduler().run(({ cold, expectObservable, flush }) => {
      // Each job takes 4 frames; inputs come every frame; one may wait.
      const input = cold('abcdef|');
      const result = input.pipe(
        concatMapDroppingOldest(
          1,
          (v) => cold('---(x|)', { x: v.toUpperCase() }),
          (d) => dropped.push(d),
        ),
      );
      // a runs (frames 0-3); b waits and c replaces it; d arrives as a ends and replaces c, then
      // runs (3-6); e waits and f replaces it; f runs (6-9).
      expectObservable(result).toBe('---A--D--(F|)');
      flush();
    });
    expect(dropped).toEqual(['b', 'c', 'e']);
  });

  it('drains its queue before completing, and stops everything when torn down', () => {
    scheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const input = cold('ab|');
      expectObservable(
        input.pipe(
          concatMapDroppingOldest(
            2,
            (v) => cold('-(x|)', { x: v }),
            () => undefined,
          ),
        ),
      ).toBe('-a(b|)');
      const source = hot('a-b-c-d-');
      const inner = cold('------x|');
      const result = source.pipe(
        concatMapDroppingOldest(
          4,
          () => inner,
          () => undefined,
        ),
      );
      expectObservable(result, '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
      expectSubscriptions(inner.subscriptions).toBe('^--!');
    });
  });
});
