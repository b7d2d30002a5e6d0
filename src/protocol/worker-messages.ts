/**
 * Messages between an engine host and its DSP worker thread. Audio and frames cross as
 * transferred ArrayBuffers (no copy), and each is handed back once used: audio buffers in
 * 'release', frame buffers with the next 'audio'. Each side reuses a small pool, so steady
 * streaming allocates no ArrayBuffer per block in either direction; and a block costs one
 * message each way (its audio, and its release with the frames it completed), since every
 * message wakes the other thread.
 */
import type { PathMeta } from './layout.js';

/** An error as data: what crosses a thread or process boundary. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return error.stack === undefined
      ? { name: error.name, message: error.message }
      : { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: 'Error', message: String(error) };
}

export interface EngineConfig {
  readonly J: number;
  readonly Q: readonly [number, number];
  readonly T?: number;
  readonly maxOrder: 1 | 2;
  readonly oversampling: number;
  readonly precision: 'float32' | 'float64';
  /** Overlap-save block policy: 'latency' for live input, 'throughput' for files. */
  readonly blocks: 'latency' | 'throughput';
  /**
   * Length of the whole signal, for a file replayed from its start: the frames are then exactly
   * those of a batch transform (Kymatio's grid, reflect-padded ends). Omitted for live input.
   */
  readonly signalLength?: number;
  /**
   * Live input known to start after silence (a file replayed from its first sample): frames
   * from the one centred on the first sample, not only once an unknown past has settled.
   */
  readonly silentPast?: boolean;
}

export type HostToWorker =
  | { readonly type: 'configure'; readonly config: EngineConfig }
  /**
   * Mono samples to analyse; `samples.buffer` is transferred and comes back in 'release'.
   * `recycled`: frame buffers given back (transferred too), for the worker to reuse.
   */
  | {
      readonly type: 'audio';
      readonly samples: Float32Array;
      readonly sampleIndex: number;
      readonly recycled: readonly ArrayBuffer[];
    }
  /** End of input: reflect-pad the end and emit the last frames. */
  | { readonly type: 'flush' }
  /** Forget all input: the next audio starts a new stream (with an unknown past). */
  | { readonly type: 'reset' };

/**
 * Frames completed by one audio block (or a flush): `data` is [count, rows] row-major, and
 * frame k is centred on input sample `firstCentreSample + k·hop` (indices of the host's stream).
 * `data.buffer` is transferred (it may be longer than the frames) and comes back with a later
 * 'audio'. `inputEnd`: the host sample index just after the last sample the worker had received
 * when it emitted them (the end of the block that completed them).
 */
export interface FramesData {
  readonly data: Float32Array;
  readonly rows: number;
  readonly count: number;
  readonly firstCentreSample: number;
  readonly inputEnd: number;
}

export type WorkerToHost =
  | {
      readonly type: 'configured';
      readonly paths: readonly PathMeta[];
      readonly hop: number;
      /** Worst-case samples after a frame's centre before it is emitted. */
      readonly latencySamples: number;
      /**
       * Centre of the first frame a stream emits, in samples from the stream's first sample
       * (live: after the unknown past has settled; a file: Kymatio's first frame).
       */
      readonly firstFrameCentre: number;
    }
  /** Frames completed by a flush. */
  | ({ readonly type: 'frames' } & FramesData)
  /**
   * An audio buffer given back for reuse, with the frames its block completed (if any), the
   * time the block took (ms of worker CPU) and the ArrayBuffers the worker has allocated for
   * frames so far (flat once its pool is warm).
   */
  | {
      readonly type: 'release';
      readonly buffer: ArrayBuffer;
      readonly sampleIndex: number;
      readonly frames?: FramesData;
      readonly computeMs: number;
      readonly frameBuffersAllocated: number;
    }
  | { readonly type: 'flushed' }
  | { readonly type: 'error'; readonly error: SerializedError };
