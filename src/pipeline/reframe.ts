/**
 * reframe(blockSize): re-cuts a stream of audio chunks of any size into blocks of exactly
 * `blockSize` samples per channel, the size the analysis engine and the worker expect.
 *
 * Each output block's sampleIndex is exact; its captureTime is that of the input chunk holding
 * its first sample, advanced by the samples before it at `sampleRate`. When the source
 * completes, the samples left over are emitted as a last, shorter block. A gap in the input's
 * sample indices (a source that dropped samples) starts a new block rather than joining samples
 * that were not adjacent.
 *
 * A chunk that is exactly one block, on the block grid (a capture buffer the size of the
 * analysis block, the usual live case), is passed on as it is: no copy and no allocation. The
 * arrays of a chunk belong to whoever receives it (sources never reuse them), so this is safe.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { AudioChunk } from './audio-source.js';

export function reframe(
  blockSize: number,
  sampleRate: number,
): OperatorFunction<AudioChunk, AudioChunk> {
  if (!Number.isInteger(blockSize) || blockSize < 1) {
    throw new RangeError(`block size must be a positive integer (got ${String(blockSize)})`);
  }
  return (source) =>
    new Observable<AudioChunk>((subscriber) => {
      let pending: Float32Array[] = [];
      let filled = 0;
      let blockIndex = 0;
      let blockTime = 0;

      const emit = (): void => {
        const channels = filled === blockSize ? pending : pending.map((c) => c.slice(0, filled));
        subscriber.next({ channels, sampleIndex: blockIndex, captureTime: blockTime });
        pending = [];
        filled = 0;
      };

      return source.subscribe({
        next(chunk) {
          const length = chunk.channels[0]?.length ?? 0;
          if (
            filled > 0 &&
            (chunk.sampleIndex !== blockIndex + filled || chunk.channels.length !== pending.length)
          ) {
            emit();
          }
          if (filled === 0 && length === blockSize) {
            subscriber.next(chunk);
            return;
          }
          let read = 0;
          while (read < length) {
            if (filled === 0) {
              // A fresh array per block: blocks are handed on, and may wait in a queue.
              pending = chunk.channels.map(() => new Float32Array(blockSize));
              blockIndex = chunk.sampleIndex + read;
              blockTime = chunk.captureTime + (read / sampleRate) * 1000;
            }
            const take = Math.min(blockSize - filled, length - read);
            chunk.channels.forEach((channel, c) => {
              pending[c]?.set(channel.subarray(read, read + take), filled);
            });
            filled += take;
            read += take;
            if (filled === blockSize) emit();
          }
        },
        error(error: unknown) {
          subscriber.error(error);
        },
        complete() {
          if (filled > 0) emit();
          subscriber.complete();
        },
      });
    });
}
