/**
 * FLAC made by sox decodes to exactly the samples of the PCM WAV it was encoded from.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFile, firstDifference } from '../../support/decoded-audio.js';
import { sox } from '../../support/sox.js';
import { writeToneWav } from '../../support/tone-files.js';

const dir = mkdtempSync(join(tmpdir(), 'flac-decode-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('FLAC decoding', () => {
  it.each([
    { sampleRate: 48000, channels: 1, bits: 16 },
    { sampleRate: 44100, channels: 2, bits: 16 },
    { sampleRate: 48000, channels: 2, bits: 24 },
  ])('$channels channel(s), $bits bits at $sampleRate Hz: bit-exact', async (format) => {
    const name = `tone-${String(format.channels)}-${String(format.bits)}`;
    const wav = writeToneWav(dir, `${name}.wav`, { seconds: 1, ...format });
    const flac = join(dir, `${name}.flac`);
    sox([wav.path, flac]);

    const source = await decodeFile(wav.path);
    const decoded = await decodeFile(flac);

    expect(decoded.audio).toMatchObject({
      format: 'flac',
      sampleRate: format.sampleRate,
      channelCount: format.channels,
      frames: format.sampleRate,
    });
    expect(decoded.channels).toHaveLength(format.channels);
    // Integers of 16 or 24 bits scaled by a power of two are exact in float32: equality holds.
    decoded.channels.forEach((channel, c) => {
      expect(firstDifference(channel, source.channels[c]!), `channel ${String(c)}`).toBe(-1);
    });
  });

  it('decodes a long file piece by piece, never the whole file at once', async () => {
    const wav = writeToneWav(dir, 'long.wav', { seconds: 10, sampleRate: 48000, channels: 2 });
    const flac = join(dir, 'long.flac');
    sox([wav.path, flac]);
    const decoded = await decodeFile(flac);
    expect(decoded.channels[0]).toHaveLength(480_000);
    // Fed 64 KiB at a time, the decoder returns samples at least every other feed.
    const feeds = Math.ceil(statSync(flac).size / 65536);
    expect(feeds).toBeGreaterThan(4);
    expect(decoded.pieces).toBeGreaterThanOrEqual(feeds / 2);
  });
});
