/**
 * Formats are recognised by content whatever the extension; damaged, truncated and unsupported
 * files give one-line errors that name the file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CorruptAudioError,
  UnsupportedAudioFormatError,
} from '../../../src/io/decode/decode-errors.js';
import { openDecodedAudio } from '../../../src/io/decode/open-decoded-audio.js';
import { FileAccessError, FileFormatError } from '../../../src/io/errors.js';
import { decodeFile } from '../../support/decoded-audio.js';
import { sox } from '../../support/sox.js';
import { ffmpeg, writeToneWav } from '../../support/tone-files.js';

const dir = mkdtempSync(join(tmpdir(), 'decode-errors-'));
const encoded: Record<string, string> = {};
beforeAll(() => {
  const wav = writeToneWav(dir, 'tone.wav', { seconds: 1, sampleRate: 48000, channels: 1 });
  encoded.wav = wav.path;
  encoded.flac = join(dir, 'tone.flac');
  sox([wav.path, encoded.flac]);
  encoded.mp3 = join(dir, 'tone.mp3');
  ffmpeg(['-i', wav.path, '-c:a', 'libmp3lame', encoded.mp3]);
  encoded.vorbis = join(dir, 'tone.ogg');
  sox([wav.path, encoded.vorbis]);
  encoded.opus = join(dir, 'tone.opus');
  ffmpeg(['-i', wav.path, '-c:a', 'libopus', encoded.opus]);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The first `fraction` of a file's bytes. */
function cut(path: string, fraction: number): Uint8Array {
  const bytes = readFileSync(path);
  return bytes.subarray(0, Math.floor(bytes.length * fraction));
}

/** Deterministic noise bytes (xorshift32). */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 2463534242;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

async function decodeError(path: string): Promise<Error> {
  try {
    await decodeFile(path);
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error(`${path} decoded without an error`);
}

function expectOneLineNaming(error: Error, path: string): void {
  expect(error.message.startsWith(`${path}: `) || error.message.includes(path)).toBe(true);
  expect(error.message).not.toContain('\n');
}

describe('format recognition', () => {
  it.each([
    ['wav', 'wav'],
    ['flac', 'flac'],
    ['mp3', 'mp3'],
    ['vorbis', 'ogg-vorbis'],
    ['opus', 'ogg-opus'],
  ])('recognises %s by content under a misleading name', async (key, format) => {
    const path = write(`${key}-in-disguise.txt`, readFileSync(encoded[key]!));
    const audio = await openDecodedAudio(path);
    expect(audio).toMatchObject({ format, sampleRate: 48000, channelCount: 1 });
    audio.close();
  });
});

describe('errors', () => {
  it.each(['flac', 'vorbis', 'opus'])('a truncated %s file is corrupt', async (key) => {
    const path = write(`cut-${key}`, cut(encoded[key]!, 0.6));
    const error = await decodeError(path);
    expect(error).toBeInstanceOf(CorruptAudioError);
    expect(error.message).toMatch(/truncated/);
    expectOneLineNaming(error, path);
  });

  it('a truncated WAV header is corrupt, named after the file', async () => {
    const path = write('cut.wav', cut(encoded.wav!, 0.0003));
    const error = await decodeError(path);
    expect(error).toBeInstanceOf(FileFormatError);
    expect(error.message).toBe(`${path}: truncated WAV header`);
  });

  it.each(['flac', 'mp3'])('a %s file whose frames are noise is corrupt', async (key) => {
    const head = cut(encoded[key]!, 0.1);
    const path = write(`noisy-${key}`, Uint8Array.from([...head, ...noise(20000)]));
    const error = await decodeError(path);
    expect(error).toBeInstanceOf(CorruptAudioError);
    expectOneLineNaming(error, path);
  });

  it('noise, an empty file and an unknown Ogg codec are unsupported', async () => {
    const noisy = write('noise.mp3', noise(5000));
    const empty = write('empty.flac', new Uint8Array(0));
    const oggHeader = readFileSync(encoded.vorbis!).subarray(0, 28 + 30);
    // Overwrite the Vorbis identification packet's signature: an Ogg stream of another codec.
    const unknown = Uint8Array.from(oggHeader);
    unknown.set([0x80, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66], 28);
    const other = write('other.ogg', unknown);
    for (const path of [noisy, empty, other]) {
      const error = await decodeError(path);
      expect(error, path).toBeInstanceOf(UnsupportedAudioFormatError);
      expectOneLineNaming(error, path);
    }
  });

  it('a missing file is a FileAccessError naming it', async () => {
    const path = join(dir, 'missing.flac');
    const error = await decodeError(path);
    expect(error).toBeInstanceOf(FileAccessError);
    expect(error.message).toBe(`cannot read ${path}: no such file or folder`);
  });
});
