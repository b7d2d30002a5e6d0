/**
 * Ogg Opus made by ffmpeg's libopus decodes to the source signal at 48 kHz, the pre-skip removed
 * and the end trimmed by the last page's granule position.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { expectLossyMatch } from '../../support/lossy-check.js';
import { ffmpeg, writeToneWav } from '../../support/tone-files.js';

const dir = mkdtempSync(join(tmpdir(), 'opus-decode-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Ogg Opus decoding', () => {
  it.each([1, 2])('ffmpeg libopus, %i channel(s) at 48 kHz', async (channels) => {
    const wav = writeToneWav(dir, `tone-${String(channels)}.wav`, {
      seconds: 1,
      sampleRate: 48000,
      channels,
    });
    const opus = join(dir, `tone-${String(channels)}.opus`);
    ffmpeg(['-i', wav.path, '-c:a', 'libopus', '-b:a', '128k', opus]);
    await expectLossyMatch(wav, opus, { format: 'ogg-opus', lengthTolerance: 0, maxLag: 64 });
  });
});
