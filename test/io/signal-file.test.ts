/**
 * Opening inputs: the format is recognised by content; the channel is chosen or mixed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectChannel } from '../../src/pipeline/mix-down.js';
import { FileAccessError, FileFormatError } from '../../src/io/errors.js';
import { encodeNpy } from '../../src/io/npy.js';
import { openSignalFile } from '../../src/io/signal-file.js';
import { readAllChannels } from '../../src/io/signal-reader.js';
import { pcm16Wav } from '../support/wav-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'signal-file-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('openSignalFile', () => {
  it('recognises WAV and .npy by content, whatever the extension', () => {
    const wav = openSignalFile(file('sound.dat', pcm16Wav([16384, -16384], 1, 11025)));
    expect(wav.info).toMatchObject({ container: 'wav', sampleRate: 11025, frames: 2 });
    expect([...readAllChannels(wav)[0]!]).toEqual([0.5, -0.5]);
    wav.close();
    const npy = openSignalFile(file('samples.wav', encodeNpy(Float64Array.of(0.25, 0.5))), {
      npySampleRate: 16000,
    });
    expect(npy.info).toMatchObject({ container: 'npy', sampleRate: 16000, frames: 2 });
    npy.close();
  });

  it('leaves the sample rate of an .npy unknown unless given', () => {
    const npy = openSignalFile(file('plain.npy', encodeNpy(Float32Array.of(1))));
    expect(npy.info.sampleRate).toBeNull();
    npy.close();
  });

  it('words the refusal after the extension when the content is neither', () => {
    const text = new TextEncoder().encode('just some text\n');
    expect(() => openSignalFile(file('x.wav', text))).toThrow(
      'not a WAV file (no RIFF/WAVE header)',
    );
    expect(() => openSignalFile(file('x.npy', text))).toThrow(
      'not an .npy file (no \\x93NUMPY magic)',
    );
    expect(() => openSignalFile(file('x.txt', text))).toThrow(
      'unrecognised input format: expected a WAV file or a 1-D .npy array',
    );
    expect(() => openSignalFile(file('empty.wav', new Uint8Array(0)))).toThrow(FileFormatError);
    expect(() => openSignalFile(file('empty.wav', new Uint8Array(0)))).toThrow(
      'the file is empty (0 bytes)',
    );
  });

  it('reports missing files and folders as access errors', () => {
    expect(() => openSignalFile(join(dir, 'missing.wav'))).toThrow(FileAccessError);
    expect(() => openSignalFile(join(dir, 'missing.wav'))).toThrow(
      `cannot read ${join(dir, 'missing.wav')}: no such file or folder`,
    );
    expect(() => openSignalFile(dir)).toThrow(`cannot read ${dir}: it is a folder`);
  });
});

describe('selectChannel', () => {
  const left = Float64Array.of(1, 2, 3, 4);
  const right = Float64Array.of(3, 2, 1, 0);
  const out = new Float64Array(4);

  it('mixes to the mean of the channels', () => {
    selectChannel([left, right], 3, 'mix', out);
    expect([...out.subarray(0, 3)]).toEqual([2, 2, 2]);
  });

  it('passes a mono channel through unchanged', () => {
    const samples = Float64Array.of(0.1, 0.2, 0.3, 0.4);
    selectChannel([samples], 4, 'mix', out);
    expect(out).toEqual(samples);
  });

  it('picks one channel', () => {
    selectChannel([left, right], 4, 1, out);
    expect(out).toEqual(right);
    expect(() => {
      selectChannel([left, right], 4, 2, out);
    }).toThrow(RangeError);
  });
});
