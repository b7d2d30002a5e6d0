/**
 * How a file is replayed: block size, pace and looping, checked once at construction.
 */

/** Playback speed: a factor of real time (1, 2, 0.5), or 'max': as fast as the consumer takes it. */
export type ReplaySpeed = number | 'max';

export interface ReplayOptions {
  /** Samples per channel in each chunk (the last chunk of a file may be shorter). Default 1024. */
  readonly blockSize?: number;
  /** Default 1 (real time). */
  readonly speed?: ReplaySpeed;
  /** Start again at the beginning at the end of the file, for ever. Default false. */
  readonly loop?: boolean;
}

export interface CheckedReplayOptions {
  readonly blockSize: number;
  readonly speed: ReplaySpeed;
  readonly loop: boolean;
}

export const DEFAULT_BLOCK_SIZE = 1024;

/** Largest block: 2^20 samples is ~22 s at 48 kHz, far beyond any use, well within memory. */
const MAX_BLOCK_SIZE = 1 << 20;

export function checkReplayOptions(options: ReplayOptions): CheckedReplayOptions {
  const { blockSize = DEFAULT_BLOCK_SIZE, speed = 1, loop = false } = options;
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
    throw new RangeError(
      `replay block size must be a whole number of samples from 1 to ${String(MAX_BLOCK_SIZE)}, got ${String(blockSize)}`,
    );
  }
  if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) {
    throw new RangeError(`replay speed must be a positive number or 'max', got ${String(speed)}`);
  }
  return { blockSize, speed, loop };
}
