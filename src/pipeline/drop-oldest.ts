/**
 * concatMapDroppingOldest(capacity, project, onDrop): like concatMap (one inner job at a time,
 * in order), but at most `capacity` inputs wait for their turn. When a new input arrives and
 * the queue is full, the oldest waiting input is dropped and `onDrop` is told, so a consumer that
 * falls behind (the analysis worker under overload) sees the freshest audio, and every drop is
 * counted. The recording path never goes through this operator: it must not drop.
 * `onQueueLength` hears every change of the number waiting, so that a source that can wait
 * (a file) is paused before anything would be dropped.
 */
import {
  Observable,
  type ObservableInput,
  type OperatorFunction,
  from,
  type Subscription,
} from 'rxjs';

export function concatMapDroppingOldest<T, R>(
  capacity: number,
  project: (value: T) => ObservableInput<R>,
  onDrop: (dropped: T) => void,
  onQueueLength?: (waiting: number) => void,
): OperatorFunction<T, R> {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`queue capacity must be a positive integer (got ${String(capacity)})`);
  }
  return (source) =>
    new Observable<R>((subscriber) => {
      const queue: T[] = [];
      let active: Subscription | undefined;
      let running = false;
      let sourceDone = false;

      // A loop rather than recursion: inner jobs that complete synchronously run one after the
      // other without growing the stack.
      const startNext = (): void => {
        while (!running) {
          const next = queue.shift();
          onQueueLength?.(queue.length);
          if (next === undefined) {
            if (sourceDone) subscriber.complete();
            return;
          }
          running = true;
          let synchronous = true;
          active = from(project(next)).subscribe({
            next: (value) => {
              subscriber.next(value);
            },
            error: (error: unknown) => {
              subscriber.error(error);
            },
            complete: () => {
              running = false;
              if (!synchronous) startNext();
            },
          });
          synchronous = false;
        }
      };

      const outer = source.subscribe({
        next(value) {
          if (queue.length === capacity) {
            const dropped = queue.shift();
            if (dropped !== undefined) onDrop(dropped);
          }
          queue.push(value);
          onQueueLength?.(queue.length);
          if (!running) startNext();
        },
        error(error: unknown) {
          subscriber.error(error);
        },
        complete() {
          sourceDone = true;
          if (!running && queue.length === 0) subscriber.complete();
        },
      });

      return () => {
        outer.unsubscribe();
        active?.unsubscribe();
        queue.length = 0;
      };
    });
}
