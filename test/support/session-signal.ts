/**
 * The synthetic signal and frames of the recording child (record-session-child.ts), so that a
 * test can say exactly what each recorded sample must be. Erasable TypeScript only: the child
 * runs it under node's type stripping.
 */
import type { PathMeta } from '../../src/protocol/layout.js';
import type {
  SessionRecorder,
  SessionRecorderOptions,
} from '../../src/io/session/session-recorder.js';

export const CHILD_FORMAT = {
  /** Hz. */
  sampleRate: 16000,
  channels: 2,
  /** Values per scattering frame, and samples between frames. */
  rows: 8,
  hop: 256,
  /** Samples per append in the fast pace: 10 ms. */
  chunkSamples: 160,
} as const;

/** Sample `index` of `channel`: a 1 kHz-ish saw, exact in float32, different per channel. */
export function syntheticSample(index: number, channel: number): number {
  return Math.fround((((index * 37 + channel * 1009) % 2000) - 1000) / 1024);
}

/** Scattering frame `index`: row r holds index + r / 8, rounded to float32. */
export function syntheticFrame(index: number, rows: number): Float32Array {
  return Float32Array.from({ length: rows }, (_, row) => index + row / 8);
}

/** The engine parameters the synthetic sessions claim. */
export const SYNTHETIC_ENGINE = {
  J: 6,
  Q: [8, 1],
  T: 64,
  maxOrder: 2,
  oversampling: 0,
  precision: 'float32',
} as const;

/** `rows` rows' metadata: S0, then first-order paths an octave apart (cycles per sample). */
export function syntheticPaths(rows: number): PathMeta[] {
  return Array.from({ length: rows }, (_, row) => ({
    order: row === 0 ? 0 : 1,
    n1: row === 0 ? null : row - 1,
    n2: null,
    j1: row === 0 ? null : row - 1,
    j2: null,
    xi1: row === 0 ? null : 0.4 / 2 ** (row - 1),
    sigma1: row === 0 ? null : 0.01,
    xi2: null,
    sigma2: null,
  }));
}

/** A recorder of the synthetic signal into `dir`. */
export function syntheticRecorderOptions(dir: string): SessionRecorderOptions {
  const { sampleRate, channels, rows, hop } = CHILD_FORMAT;
  return {
    dir,
    sampleRate,
    channels,
    device: { name: 'synthetic test signal' },
    engine: SYNTHETIC_ENGINE,
    scattering: {
      paths: syntheticPaths(rows),
      hop,
      firstCentre: 0,
      channel: 'mix',
    },
  };
}

/**
 * Feeds `recorder` the synthetic signal from its start: `append(count)` adds `count` sample
 * frames and every scattering frame they complete (one per hop).
 */
export function syntheticFeed(recorder: Pick<SessionRecorder, 'appendAudio' | 'appendFrame'>): {
  append: (count: number) => void;
  samples: () => number;
} {
  const { channels, rows, hop } = CHILD_FORMAT;
  let samples = 0;
  let frames = 0;
  return {
    append: (count) => {
      const chunk = Array.from({ length: channels }, (_, channel) =>
        Float32Array.from({ length: count }, (_, i) => syntheticSample(samples + i, channel)),
      );
      recorder.appendAudio({ channels: chunk });
      samples += count;
      while ((frames + 1) * hop <= samples) recorder.appendFrame(syntheticFrame(frames++, rows));
    },
    samples: () => samples,
  };
}
