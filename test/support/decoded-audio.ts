/**
 * Reading a whole DecodedAudio (or the WAV it was encoded from) for comparisons in tests.
 */
import type { DecodedAudio } from '../../src/io/decode/decoded-audio.js';
import { openDecodedAudio } from '../../src/io/decode/open-decoded-audio.js';

export interface WholeDecode {
  /** One array per channel, the pieces joined. */
  readonly channels: Float32Array[];
  /** How many read() calls returned samples. */
  readonly pieces: number;
}

export async function readWhole(audio: DecodedAudio): Promise<WholeDecode> {
  const parts: Float32Array[][] = [];
  for (let piece = await audio.read(); piece !== null; piece = await audio.read()) {
    parts.push(piece);
  }
  const channels = Array.from({ length: audio.channelCount }, (_, c) => {
    const length = parts.reduce((sum, piece) => sum + piece[c]!.length, 0);
    const joined = new Float32Array(length);
    let at = 0;
    for (const piece of parts) {
      joined.set(piece[c]!, at);
      at += piece[c]!.length;
    }
    return joined;
  });
  return { channels, pieces: parts.length };
}

/** Opens, decodes whole and closes `path`. */
export async function decodeFile(path: string): Promise<WholeDecode & { audio: DecodedAudio }> {
  const audio = await openDecodedAudio(path);
  try {
    return { ...(await readWhole(audio)), audio };
  } finally {
    audio.close();
  }
}

/**
 * Index of the first sample where `a` and `b` differ (or the shorter length when one is a prefix
 * of the other); -1 when they are equal. Large typed arrays are compared this way rather than
 * with toEqual, whose diff of 10^5 elements takes minutes to print.
 */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : common;
}
