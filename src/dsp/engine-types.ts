/**
 * The public shape of the scattering engine: what the CLI, the worker and the tests program against.
 */
import type { PathMeta } from '../protocol/layout.js';
import type { Precision, ScatteringParams } from './params.js';

export type { PathMeta };

/** A typed array of the engine's precision. */
export type Sample = Float32Array | Float64Array;

/** Rows in Kymatio's order: order 0; order 1 by n1; order 2 by (n1, n2) with j2 > j1. */
export interface ScatteringLayout {
  readonly params: ScatteringParams;
  readonly paths: readonly PathMeta[];
}

/** How a stream treats the ends of its input. */
export interface StreamOptions {
  /**
   * Length in samples of the whole signal, when known (a file). The stream then reproduces
   * Kymatio exactly, edges included: it reflect-pads the start (holding back the first samples
   * until it can) and, on flush(), the end, and frame 0 is Kymatio's frame 0.
   * When omitted (a live source), the past before the first sample is unknown and taken as
   * silence: frames are emitted from the first one on which that past weighs less than 1e-10
   * (float64) or 1e-6 (float32) of the signal's level, about 19·max(T, 2^J) samples in, and
   * flush() reflect-pads the end.
   */
  readonly signalLength?: number;
  /**
   * Live mode only: the input is known to start after silence (a file replayed from its first
   * sample). The cascade already takes the past as silence, so every frame is then exact for
   * that signal, and frames are emitted from frame 0 (centred on the first sample) instead of
   * from the first settled one.
   */
  readonly silentPast?: boolean;
}

/**
 * Receives each frame as soon as it is complete, in order.
 * `frame` holds one value per row (layout order) and is reused: copy it to keep it.
 * `index` is the frame number; its centre is at input sample `firstCentre + index * hop`.
 */
export type FrameSink = (frame: Sample, index: number) => void;

export interface ScatteringStream {
  /** Input samples still needed after a frame's centre before that frame can be emitted (worst case). */
  readonly latencySamples: number;
  /** Input sample index of the centre of frame 0 (0 for a live stream; Kymatio's rule for a file). */
  readonly firstCentre: number;
  /** Index of the first frame the stream emits: 0 for a file; for a live stream, the first settled one. */
  readonly firstFrame: number;
  /** Samples between frame centres. */
  readonly hop: number;
  /** Feeds any number of samples (1 to many seconds); emits every frame that becomes complete. */
  push(chunk: ArrayLike<number>): void;
  /** Ends the stream: reflect-pads the end and emits the remaining frames. The stream is then spent. */
  flush(): void;
  /** Forgets all input: the next push starts a new stream with the same options. */
  reset(): void;
}

/** Result of a batch transform: `data` is row-major, shape [rows, frames]. */
export interface BatchResult {
  readonly data: Sample;
  readonly rows: number;
  readonly frames: number;
  /** Input sample index of the centre of frame 0. */
  readonly firstCentre: number;
  readonly hop: number;
}

export interface ScatteringEngine {
  readonly params: ScatteringParams;
  readonly precision: Precision;
  readonly layout: ScatteringLayout;
  /** The whole transform of a finite signal, equal to Kymatio's on every frame. */
  transform(signal: ArrayLike<number>): BatchResult;
  /** A streaming transform; `sink` receives the frames. */
  createStream(sink: FrameSink, options?: StreamOptions): ScatteringStream;
}
