/**
 * Test signals and a helper that runs a stream and keeps its frames.
 */
import type { ScatteringEngine, StreamOptions } from '../../src/dsp/index.js';

/** A reproducible mix of a chirp, a tone with vibrato, clicks and pseudo-random noise. */
export function testSignal(length: number, seed: number): Float64Array {
  const x = new Float64Array(length);
  let state = seed >>> 0 || 1;
  const random = (): number => {
    // xorshift32: deterministic noise without Math.random.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296 - 0.5;
  };
  for (let n = 0; n < length; n++) {
    const t = n / length;
    const chirp = Math.sin(2 * Math.PI * (0.01 * n + 0.15 * n * t));
    const vibrato = 0.5 * Math.sin(2 * Math.PI * 0.05 * n + 3 * Math.sin(2 * Math.PI * 0.002 * n));
    const click = n % 997 === 100 ? 2 : 0;
    x[n] = 0.6 * chirp + vibrato + click + 0.1 * random();
  }
  return x;
}

/**
 * `length` float32 values uniform in [offset, offset + 1), from a linear congruential generator:
 * reproducible inputs for kernel tests.
 */
export function uniformNoise(length: number, seed: number, offset = 0): Float32Array {
  let state = seed;
  const x = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    x[i] = offset + state / 4294967296;
  }
  return x;
}

export interface StreamedFrames {
  /** Row-major [rows, frames]. */
  readonly data: Float64Array;
  readonly rows: number;
  readonly frames: number;
  /** Index of the first frame received. */
  readonly firstFrame: number;
  readonly firstCentre: number;
  readonly hop: number;
}

/** Pushes `chunks` into a new stream, flushes, and returns the frames as [rows, frames]. */
export function collectStream(
  engine: ScatteringEngine,
  chunks: readonly ArrayLike<number>[],
  options?: StreamOptions,
): StreamedFrames {
  const rows = engine.layout.paths.length;
  const columns: Float64Array[] = [];
  let firstFrame = -1;
  let expected = -1;
  const stream = engine.createStream((frame, index) => {
    if (firstFrame < 0) {
      firstFrame = index;
      expected = index;
    }
    if (index !== expected)
      throw new Error(`frame ${String(index)} arrived, expected ${String(expected)}`);
    expected++;
    columns.push(Float64Array.from(frame));
  }, options);
  for (const chunk of chunks) stream.push(chunk);
  stream.flush();
  const frames = columns.length;
  const data = new Float64Array(rows * frames);
  columns.forEach((column, f) => {
    for (let r = 0; r < rows; r++) data[r * frames + f] = column[r]!;
  });
  return { data, rows, frames, firstFrame, firstCentre: stream.firstCentre, hop: stream.hop };
}
