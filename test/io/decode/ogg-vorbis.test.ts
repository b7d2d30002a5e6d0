/**
 * Ogg Vorbis made by sox and by ffmpeg's libvorbis decodes to the source signal, trimmed to its
 * length by the last page's granule position.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { expectLossyMatch } from '../../support/lossy-check.js';
import { sox } from '../../support/sox.js';
import { ffmpeg, writeToneWav } from '../../support/tone-files.js';

const dir = mkdtempSync(join(tmpdir(), 'vorbis-decode-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('Ogg Vorbis decoding', () => {
  it('sox, mono at 48 kHz', async () => {
    const wav = writeToneWav(dir, 'mono.wav', { seconds: 1, sampleRate: 48000, channels: 1 });
    const ogg = join(dir, 'mono.ogg');
    sox([wav.path, '-C', '6', ogg]);
    await expectLossyMatch(wav, ogg, { format: 'ogg-vorbis', lengthTolerance: 0, maxLag: 64 });
  });

  it('ffmpeg libvorbis, stereo at 44.1 kHz', async () => {
    const wav = writeToneWav(dir, 'stereo.wav', { seconds: 1, sampleRate: 44100, channels: 2 });
    const ogg = join(dir, 'stereo.ogg');
    ffmpeg(['-i', wav.path, '-c:a', 'libvorbis', '-q:a', '6', ogg]);
    await expectLossyMatch(wav, ogg, { format: 'ogg-vorbis', lengthTolerance: 0, maxLag: 64 });
  });
});
