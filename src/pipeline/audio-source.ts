/**
 * What every audio input looks like to the pipeline: a live microphone, a file being replayed,
 * or a test signal. Sources push chunks; the pipeline decides what to keep.
 */
import type { Observable } from 'rxjs';

/** A block of consecutive samples from every channel. */
export interface AudioChunk {
  /** One array per channel, all the same length (samples per channel). Full scale is ±1. */
  readonly channels: readonly Float32Array[];
  /** Index of the chunk's first sample in the source's stream (per channel, from 0). */
  readonly sampleIndex: number;
  /**
   * When the first sample was captured (or is due, for a paced replay), in milliseconds on the
   * `performance.now()` clock of the process that produced the chunk.
   */
  readonly captureTime: number;
}

export type AudioSourceState =
  'starting' | 'running' | 'paused' | 'ended' | 'device-lost' | 'error' | 'closed';

export interface AudioSourceStatus {
  readonly state: AudioSourceState;
  /** Driver buffer overruns reported so far (samples the driver lost before we saw them). */
  readonly overruns: number;
  /** Blocks the source itself had to drop so far. */
  readonly droppedBlocks: number;
  /** For 'error' and 'device-lost': one line for the user. */
  readonly message?: string;
}

export interface AudioSource {
  /** Hz. */
  readonly sampleRate: number;
  readonly channelCount: number;
  /** Completes when the source ends (end of file, close()); errors only on a fault of the source. */
  readonly chunks$: Observable<AudioChunk>;
  /** The current status, replayed to each new subscriber, then every change. */
  readonly status$: Observable<AudioSourceStatus>;
  /** Stops the source and releases what it holds (device, file). Never hangs; idempotent. */
  close(): Promise<void>;
}
