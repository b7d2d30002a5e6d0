/**
 * Messages between an engine host and its DSP worker thread. Only the set-up and the replies
 * are messages: the host's audio blocks, flushes and resets go through a CommandRing, and the
 * frames come back in a FrameRing (both SharedArrayBuffers), which the messages point into.
 * A block costs one message, the worker's reply, since every message wakes the thread it goes
 * to through its event loop; the worker itself waits on the ring (see command-ring.ts).
 */
import type { RingPacket } from './frame-ring.js';
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

/**
 * The host's only message: the engine to build, and the ring its commands will come through
 * (CommandRing's buffer). The worker answers 'configured', then takes commands from the ring.
 */
export interface ConfigureWorker {
  readonly type: 'configure';
  readonly config: EngineConfig;
  readonly commands: SharedArrayBuffer;
}

/**
 * Frames completed by one audio block (or a flush): `count` frames of `rows` values lying in
 * the worker's FrameRing at `at` ([count, rows] row-major), frame k centred on input sample
 * `firstCentreSample + k·hop` (indices of the host's stream). The host copies them out, which
 * frees their space. `inputEnd`: the host sample index just after the last sample the worker had
 * received when it emitted them (the end of the block that completed them).
 */
export interface FramesData extends RingPacket {
  readonly rows: number;
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
      /** The FrameRing's buffer: where every FramesData lies. */
      readonly frames: SharedArrayBuffer;
    }
  /**
   * Frames sent before their block was done (the ring was full, or a flush): read them before
   * the worker can go on.
   */
  | ({ readonly type: 'frames' } & FramesData)
  /**
   * An audio command done (its slot free again), with the frames it completed (if any) and
   * the time it took (ms of worker wall time). `final`: the last part of the host's block.
   */
  | {
      readonly type: 'release';
      readonly sampleIndex: number;
      readonly final: boolean;
      readonly frames?: FramesData;
      readonly computeMs: number;
    }
  | { readonly type: 'flushed' }
  | { readonly type: 'error'; readonly error: SerializedError };
