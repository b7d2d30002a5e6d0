/**
 * The WAV reader against sox: every encoding sox writes, decoded by both and compared within one
 * least significant bit; plus hand-built files for layouts sox does not write, and every refusal.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileFormatError, NonFiniteSampleError } from '../../src/io/errors.js';
import { openWavFile, readWav } from '../../src/io/wav-reader.js';
import { sox, soxDecode } from '../support/sox.js';
import {
  concat,
  float32Bytes,
  float32Wav,
  fmtChunk,
  int16Bytes,
  int32Bytes,
  pcm16Wav,
  riffWave,
} from '../support/wav-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'wav-reader-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a test file made by sox from its synthesiser; returns its path. */
function soxFile(name: string, format: readonly string[], channels: number): string {
  const path = join(dir, name);
  // A different sound per channel (a sine, then noise), near full scale to use every bit.
  const sounds = Array.from({ length: channels }, (_, c) =>
    c % 2 === 0 ? ['sine', String(300 + 100 * c)] : ['whitenoise'],
  ).flat();
  sox([
    '-n',
    '-r',
    '8000',
    ...format,
    '-c',
    String(channels),
    path,
    'synth',
    '0.1',
    ...sounds,
    'vol',
    '0.9',
  ]);
  return path;
}

function formatTagOf(bytes: Uint8Array): number {
  // The first chunk sox writes is fmt: its format tag is at byte 20.
  return new DataView(bytes.buffer, bytes.byteOffset).getUint16(20, true);
}

describe('WAV files written by sox', () => {
  const cases = [
    {
      name: 'u8',
      format: ['-b', '8', '-e', 'unsigned-integer'],
      channels: 1,
      bits: 8,
      encoding: 'uint8',
      extensible: false,
    },
    {
      name: 's16-stereo',
      format: ['-b', '16', '-e', 'signed-integer'],
      channels: 2,
      bits: 16,
      encoding: 'int16',
      extensible: false,
    },
    {
      name: 's16-3ch',
      format: ['-b', '16', '-e', 'signed-integer'],
      channels: 3,
      bits: 16,
      encoding: 'int16',
      extensible: true,
    },
    {
      name: 's24',
      format: ['-b', '24', '-e', 'signed-integer'],
      channels: 1,
      bits: 24,
      encoding: 'int24',
      extensible: true,
    },
    {
      name: 's24-stereo',
      format: ['-b', '24', '-e', 'signed-integer'],
      channels: 2,
      bits: 24,
      encoding: 'int24',
      extensible: true,
    },
    {
      name: 's32',
      format: ['-b', '32', '-e', 'signed-integer'],
      channels: 1,
      bits: 32,
      encoding: 'int32',
      extensible: true,
    },
    {
      name: 'f32',
      format: ['-b', '32', '-e', 'floating-point'],
      channels: 1,
      bits: 32,
      encoding: 'float32',
      extensible: false,
    },
    {
      name: 'f32-3ch',
      format: ['-b', '32', '-e', 'floating-point'],
      channels: 3,
      bits: 32,
      encoding: 'float32',
      extensible: false,
    },
    {
      name: 'f64-stereo',
      format: ['-b', '64', '-e', 'floating-point'],
      channels: 2,
      bits: 64,
      encoding: 'float64',
      extensible: false,
    },
  ] as const;

  for (const c of cases) {
    it(`${c.name}: matches sox's decode within 1 LSB`, () => {
      const path = soxFile(`${c.name}.wav`, c.format, c.channels);
      const bytes = readFileSync(path);
      expect(formatTagOf(bytes)).toBe(
        c.extensible ? 0xfffe : c.encoding.startsWith('float') ? 3 : 1,
      );
      const wav = readWav(bytes);
      expect(wav.sampleRate).toBe(8000);
      expect(wav.channels).toBe(c.channels);
      expect(wav.frames).toBe(800);
      expect(wav.bitsPerSample).toBe(c.bits);
      expect(wav.encoding).toBe(c.encoding);
      expect(wav.extensible).toBe(c.extensible);
      expect(wav.warnings).toEqual([]);
      const want = soxDecode(path, c.channels);
      // One step of the integer format; floats must be exact.
      const lsb = c.encoding.startsWith('float') ? 0 : 2 ** (1 - c.bits);
      for (let ch = 0; ch < c.channels; ch++) {
        const got = wav.channelData[ch]!;
        expect(got.length).toBe(want[ch]!.length);
        let worst = 0;
        for (let i = 0; i < got.length; i++)
          worst = Math.max(worst, Math.abs(got[i]! - want[ch]![i]!));
        expect(worst).toBeLessThanOrEqual(lsb);
        // Not silence: the comparison means something.
        expect(Math.max(...got.map(Math.abs))).toBeGreaterThan(0.5);
      }
    });
  }

  it('reads a file block by block the same as whole, with bounded buffers', () => {
    const path = soxFile('blocks.wav', ['-b', '24', '-e', 'signed-integer'], 2);
    const whole = readWav(readFileSync(path));
    const reader = openWavFile(path);
    try {
      const block = [new Float64Array(77), new Float64Array(77)];
      const got = [new Float64Array(reader.info.frames), new Float64Array(reader.info.frames)];
      for (let n = reader.read(block), at = 0; n > 0; at += n, n = reader.read(block)) {
        got[0]!.set(block[0]!.subarray(0, n), at);
        got[1]!.set(block[1]!.subarray(0, n), at);
      }
      expect(reader.position).toBe(800);
      expect(got).toEqual(whole.channelData);
    } finally {
      reader.close();
    }
  });

  it('reads an empty WAV as zero frames', () => {
    const path = join(dir, 'empty.wav');
    sox(['-n', '-r', '8000', '-b', '16', '-c', '1', path, 'trim', '0', '0']);
    expect(readWav(readFileSync(path)).frames).toBe(0);
  });
});

describe('WAV layouts built byte by byte', () => {
  const samples = [0, 1000, -1000, 32767, -32768, 5, -5, 12345];
  const expected = samples.map((v) => v / 32768);
  const fmt = fmtChunk({ formatTag: 1, channels: 1, sampleRate: 16000, bitsPerSample: 16 });

  it('skips unknown chunks, with the pad byte after odd sizes', () => {
    const bytes = riffWave([
      { id: 'JUNK', body: new Uint8Array(3) },
      fmt,
      {
        id: 'LIST',
        body: Uint8Array.from('INFOISFT\x05\x00\x00\x00sox!\x00', (c) => c.charCodeAt(0)),
      },
      { id: 'fact', body: new Uint8Array(4) },
      { id: 'odd ', body: new Uint8Array(7).fill(0x41) },
      { id: 'data', body: int16Bytes(samples) },
      { id: 'cue ', body: new Uint8Array(5) },
    ]);
    const wav = readWav(bytes);
    expect(wav.sampleRate).toBe(16000);
    expect([...wav.channelData[0]!]).toEqual(expected);
    expect(wav.warnings).toEqual([]);
  });

  it('skips an odd chunk whose writer forgot the pad byte', () => {
    const bytes = riffWave([
      fmt,
      { id: 'note', body: new Uint8Array(5).fill(0x20), omitPad: true },
      { id: 'data', body: int16Bytes(samples) },
    ]);
    expect([...readWav(bytes).channelData[0]!]).toEqual(expected);
  });

  it('reads a data chunk that comes before fmt', () => {
    const bytes = riffWave([{ id: 'data', body: int16Bytes(samples) }, fmt]);
    expect([...readWav(bytes).channelData[0]!]).toEqual(expected);
  });

  it('reads what is there of a truncated recording, and says so', () => {
    const full = riffWave([fmt, { id: 'data', body: int16Bytes(samples) }]);
    // Cut in the middle of sample 5: 5 whole frames remain.
    const cut = full.subarray(0, full.length - 5);
    const wav = readWav(cut);
    expect(wav.frames).toBe(5);
    expect([...wav.channelData[0]!]).toEqual(expected.slice(0, 5));
    expect(wav.warnings.join(' ')).toMatch(
      /declares 16 bytes but the file holds 11.*5 sample frames.*truncated/,
    );
  });

  it('treats a data size of 0xFFFFFFFF (never filled in) as "to the end of the file"', () => {
    const bytes = riffWave(
      [fmt, { id: 'data', body: int16Bytes(samples), declaredSize: 0xffffffff }],
      'RIFF',
      0xffffffff,
    );
    const wav = readWav(bytes);
    expect([...wav.channelData[0]!]).toEqual(expected);
    expect(wav.warnings).toHaveLength(1);
  });

  it('drops a partial frame at the end of the data, and says so', () => {
    const stereo = riffWave([
      fmtChunk({ formatTag: 1, channels: 2, sampleRate: 8000, bitsPerSample: 16 }),
      { id: 'data', body: concat([int16Bytes([1, 2, 3, 4]), new Uint8Array(2)]) },
    ]);
    const wav = readWav(stereo);
    expect(wav.frames).toBe(2);
    expect(wav.warnings.join(' ')).toMatch(/partial sample frame/);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE float', () => {
    const values = [0.5, -0.25, 1.5, -2, 1e-30, 0.125];
    const bytes = riffWave([
      fmtChunk({
        formatTag: 3,
        channels: 2,
        sampleRate: 8000,
        bitsPerSample: 32,
        extensible: { subformat: 3 },
      }),
      { id: 'data', body: float32Bytes(values) },
    ]);
    const wav = readWav(bytes);
    expect(wav.encoding).toBe('float32');
    expect(wav.extensible).toBe(true);
    expect([...wav.channelData[0]!]).toEqual([0.5, 1.5, Math.fround(1e-30)]);
    expect([...wav.channelData[1]!]).toEqual([-0.25, -2, 0.125]);
  });

  it('scales 24 significant bits in 32-bit containers by the container', () => {
    const values = [0x7fffff00, -0x80000000, 0x100];
    const bytes = riffWave([
      fmtChunk({
        formatTag: 1,
        channels: 1,
        sampleRate: 8000,
        bitsPerSample: 32,
        extensible: { subformat: 1, validBits: 24 },
      }),
      { id: 'data', body: int32Bytes(values) },
    ]);
    const wav = readWav(bytes);
    expect(wav.bitsPerSample).toBe(24);
    expect([...wav.channelData[0]!]).toEqual(values.map((v) => v / 2 ** 31));
  });

  it('reads 20-bit PCM in 3-byte containers as 24-bit', () => {
    const body = Uint8Array.of(0x00, 0x00, 0x40, 0xf0, 0xff, 0xff);
    const bytes = riffWave([
      fmtChunk({ formatTag: 1, channels: 1, sampleRate: 8000, bitsPerSample: 20, blockAlign: 3 }),
      { id: 'data', body },
    ]);
    expect([...readWav(bytes).channelData[0]!]).toEqual([0.5, -16 / 2 ** 23]);
  });

  it('reads RF64 with the sizes in its ds64 chunk', () => {
    const data = int16Bytes(samples);
    const ds64 = new Uint8Array(28);
    const view = new DataView(ds64.buffer);
    view.setBigUint64(0, BigInt(4 + 36 + 16 + 8 + data.length), true);
    view.setBigUint64(8, BigInt(data.length), true);
    view.setBigUint64(16, BigInt(samples.length), true);
    const bytes = riffWave(
      [{ id: 'ds64', body: ds64 }, fmt, { id: 'data', body: data, declaredSize: 0xffffffff }],
      'RF64',
      0xffffffff,
    );
    const wav = readWav(bytes);
    expect([...wav.channelData[0]!]).toEqual(expected);
    expect(wav.warnings).toEqual([]);
  });

  it('decodes 8-bit unsigned as (v - 128) / 128', () => {
    const bytes = riffWave([
      fmtChunk({ formatTag: 1, channels: 1, sampleRate: 8000, bitsPerSample: 8 }),
      { id: 'data', body: Uint8Array.of(0, 128, 255) },
    ]);
    expect([...readWav(bytes).channelData[0]!]).toEqual([-1, 0, 127 / 128]);
  });
});

describe('WAV files refused, each with one clear line', () => {
  const fmt = fmtChunk({ formatTag: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
  const data = { id: 'data', body: int16Bytes([1, 2, 3]) };

  function refusal(bytes: Uint8Array): string {
    try {
      readWav(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(FileFormatError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error('the file was accepted');
  }

  it('not a WAV at all', () => {
    expect(refusal(Uint8Array.from('hello, this is text', (c) => c.charCodeAt(0)))).toBe(
      'not a WAV file (no RIFF/WAVE header)',
    );
    expect(refusal(riffWave([fmt, data]).map((b, i) => (i >= 8 && i < 12 ? 0x41 : b)))).toBe(
      'not a WAV file (no RIFF/WAVE header)',
    );
    expect(refusal(new Uint8Array(0))).toBe('not a WAV file (no RIFF/WAVE header)');
  });

  it('truncated header', () => {
    const whole = riffWave([fmt, data]);
    expect(refusal(whole.subarray(0, 8))).toBe('truncated WAV header');
    expect(refusal(whole.subarray(0, 12))).toBe('truncated WAV header');
    expect(refusal(whole.subarray(0, 16))).toBe('truncated WAV header');
    expect(refusal(whole.subarray(0, 30))).toBe('truncated WAV header');
  });

  it('unsupported encodings, named', () => {
    const adpcm = join(dir, 'adpcm.wav');
    sox(['-n', '-r', '8000', '-e', 'ms-adpcm', '-c', '1', adpcm, 'synth', '0.05', 'sine', '440']);
    expect(refusal(readFileSync(adpcm))).toBe(
      'unsupported WAV encoding: format tag 0x0002 (ADPCM)',
    );
    const ima = join(dir, 'ima.wav');
    sox(['-n', '-r', '8000', '-e', 'ima-adpcm', '-c', '1', ima, 'synth', '0.05', 'sine', '440']);
    expect(refusal(readFileSync(ima))).toBe(
      'unsupported WAV encoding: format tag 0x0011 (IMA ADPCM)',
    );
    const alaw = join(dir, 'alaw.wav');
    sox(['-n', '-r', '8000', '-e', 'a-law', '-c', '1', alaw, 'synth', '0.05', 'sine', '440']);
    expect(refusal(readFileSync(alaw))).toBe('unsupported WAV encoding: format tag 0x0006 (A-law)');
    expect(
      refusal(
        riffWave([
          fmtChunk({ formatTag: 0x1234, channels: 1, sampleRate: 8000, bitsPerSample: 16 }),
          data,
        ]),
      ),
    ).toBe('unsupported WAV encoding: format tag 0x1234');
    expect(
      refusal(
        riffWave([
          fmtChunk({ formatTag: 3, channels: 1, sampleRate: 8000, bitsPerSample: 16 }),
          data,
        ]),
      ),
    ).toBe('unsupported WAV encoding: 16-bit float');
    const oddGuid = fmtChunk({
      formatTag: 1,
      channels: 1,
      sampleRate: 8000,
      bitsPerSample: 16,
      extensible: { subformat: 1, guidTail: new Array<number>(14).fill(7) },
    });
    expect(refusal(riffWave([oddGuid, data]))).toMatch(
      /^unsupported WAV encoding: WAVE_FORMAT_EXTENSIBLE subformat GUID 0100(07){14}$/,
    );
    expect(
      refusal(
        concat([
          Uint8Array.from('RIFX', (c) => c.charCodeAt(0)),
          riffWave([fmt, data]).subarray(4),
        ]),
      ),
    ).toMatch(/big-endian/);
  });

  it('no data chunk, no fmt chunk, malformed fmt', () => {
    expect(refusal(riffWave([fmt, { id: 'LIST', body: new Uint8Array(4) }]))).toBe(
      'WAV has no data chunk',
    );
    expect(refusal(riffWave([data]))).toBe('WAV has no fmt chunk');
    expect(refusal(riffWave([{ ...data, declaredSize: 1000 }]))).toBe(
      'WAV has no fmt chunk before its data',
    );
    expect(refusal(riffWave([{ id: 'fmt ', body: new Uint8Array(12) }, data]))).toBe(
      'malformed WAV fmt chunk (12 bytes, at least 16 expected)',
    );
    expect(
      refusal(
        riffWave([
          fmtChunk({ formatTag: 1, channels: 0, sampleRate: 8000, bitsPerSample: 16 }),
          data,
        ]),
      ),
    ).toBe('malformed WAV fmt chunk: 0 channels');
    expect(
      refusal(
        riffWave([fmtChunk({ formatTag: 1, channels: 1, sampleRate: 0, bitsPerSample: 16 }), data]),
      ),
    ).toBe('malformed WAV fmt chunk: sample rate 0 Hz');
  });

  it('NaN and infinite samples, with the first bad frame and its channel', () => {
    const values = [0, 0, 0.5, 0.5, 0, Number.POSITIVE_INFINITY, Number.NaN, 0];
    expect(() => readWav(float32Wav(values, 2))).toThrow(NonFiniteSampleError);
    expect(() => readWav(float32Wav(values, 2))).toThrow(
      'sample 2 of channel 1 is Infinity: the input must hold finite samples only',
    );
    expect(() => readWav(float32Wav([0, Number.NaN], 1))).toThrow('sample 1 of channel 0 is NaN');
  });

  it('NaN far into a file read block by block: the index counts from the start of the file', () => {
    const values = new Array<number>(300_000).fill(0.25);
    values[123_457] = Number.NaN;
    const path = join(dir, 'nan.wav');
    writeFileSync(path, float32Wav(values, 1));
    const reader = openWavFile(path);
    try {
      const block = [new Float64Array(65536)];
      expect(() => {
        while (reader.read(block) > 0);
      }).toThrow('sample 123457 of channel 0 is NaN');
    } finally {
      reader.close();
    }
  });

  it('16-bit PCM needs no such check', () => {
    expect(readWav(pcm16Wav([1, 2, 3])).frames).toBe(3);
  });
});
