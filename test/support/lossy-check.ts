/**
 * The common check of a lossy decode against the WAV it was encoded from.
 */
import { expect } from 'vitest';
import { bestAlignment } from './alignment.js';
import { decodeFile } from './decoded-audio.js';
import type { ToneWav } from './tone-files.js';

export interface LossyExpectation {
  readonly format: string;
  /** Largest |decoded − source| length difference allowed, in samples per channel. */
  readonly lengthTolerance: number;
  /** Largest codec delay to search for, in samples. */
  readonly maxLag: number;
}

/** Decodes `path` and checks rate, channels, length and every channel's correlation ≥ 0.99. */
export async function expectLossyMatch(
  wav: ToneWav,
  path: string,
  expected: LossyExpectation,
): Promise<void> {
  const source = await decodeFile(wav.path);
  const decoded = await decodeFile(path);
  expect(decoded.audio).toMatchObject({
    format: expected.format,
    sampleRate: wav.sampleRate,
    channelCount: wav.channels,
  });
  const sourceLength = source.channels[0]!.length;
  const decodedLength = decoded.channels[0]!.length;
  expect(Math.abs(decodedLength - sourceLength)).toBeLessThanOrEqual(expected.lengthTolerance);
  for (let c = 0; c < wav.channels; c++) {
    // A window in the middle (the ends hold the codec's ramp-up and padding).
    const alignment = bestAlignment(source.channels[c]!, decoded.channels[c]!, {
      start: Math.floor(sourceLength / 4),
      length: 8192,
      minLag: -64,
      maxLag: expected.maxLag,
    });
    expect(
      alignment.correlation,
      `channel ${String(c)}, lag ${String(alignment.lag)}`,
    ).toBeGreaterThanOrEqual(0.99);
  }
}
