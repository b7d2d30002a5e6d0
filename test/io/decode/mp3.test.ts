/**
 * MP3 made by sox (no gapless header: the encoder delay and padding stay in the stream) and by
 * ffmpeg's libmp3lame (a LAME header: mpg123 trims them) decodes to the source signal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { expectLossyMatch } from '../../support/lossy-check.js';
import { sox } from '../../support/sox.js';
import { ffmpeg, writeToneWav } from '../../support/tone-files.js';

const dir = mkdtempSync(join(tmpdir(), 'mp3-decode-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** One MP3 frame is 1152 samples; LAME adds ~1105 samples of delay and pads the last frame. */
const MP3_PADDING = 2 * 1152;

describe('MP3 decoding', () => {
  it('sox, mono at 48 kHz', async () => {
    const wav = writeToneWav(dir, 'mono.wav', { seconds: 1, sampleRate: 48000, channels: 1 });
    const mp3 = join(dir, 'mono.mp3');
    sox([wav.path, '-C', '192', mp3]);
    await expectLossyMatch(wav, mp3, { format: 'mp3', lengthTolerance: MP3_PADDING, maxLag: 2400 });
  });

  it('ffmpeg libmp3lame, stereo at 44.1 kHz, gapless', async () => {
    const wav = writeToneWav(dir, 'stereo.wav', { seconds: 1, sampleRate: 44100, channels: 2 });
    const mp3 = join(dir, 'stereo.mp3');
    ffmpeg(['-i', wav.path, '-c:a', 'libmp3lame', '-b:a', '192k', mp3]);
    // The LAME header declares delay and padding: the decode is the source's length.
    await expectLossyMatch(wav, mp3, { format: 'mp3', lengthTolerance: 0, maxLag: 64 });
  });
});
