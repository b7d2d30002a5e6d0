/**
 * Builds WAV files byte by byte, for the layouts sox does not write: unknown and odd-sized
 * chunks, missing pad bytes, truncated data, RF64, extensible float, broken headers.
 */

export interface Chunk {
  readonly id: string;
  readonly body: Uint8Array;
  /** Size written in the header (default: the body's length). */
  readonly declaredSize?: number;
  /** Leave out the pad byte after an odd-sized body (a common writer bug). */
  readonly omitPad?: boolean;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function chunkBytes(chunk: Chunk): Uint8Array {
  const header = new Uint8Array(8);
  header.set(ascii(chunk.id), 0);
  new DataView(header.buffer).setUint32(4, chunk.declaredSize ?? chunk.body.length, true);
  const pad =
    chunk.body.length % 2 === 1 && chunk.omitPad !== true ? new Uint8Array(1) : new Uint8Array(0);
  return concat([header, chunk.body, pad]);
}

export interface FormatSpec {
  readonly formatTag: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
  /** Default: channels × ceil(bits / 8). */
  readonly blockAlign?: number;
  /** Write WAVE_FORMAT_EXTENSIBLE with this subformat tag (and optional valid bits, GUID tail). */
  readonly extensible?: {
    readonly subformat: number;
    readonly validBits?: number;
    readonly guidTail?: readonly number[];
  };
}

export const PCM_GUID_TAIL = [
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];

export function fmtChunk(spec: FormatSpec): Chunk {
  const blockAlign = spec.blockAlign ?? spec.channels * Math.ceil(spec.bitsPerSample / 8);
  const body = new Uint8Array(spec.extensible === undefined ? 16 : 40);
  const view = new DataView(body.buffer);
  view.setUint16(0, spec.extensible === undefined ? spec.formatTag : 0xfffe, true);
  view.setUint16(2, spec.channels, true);
  view.setUint32(4, spec.sampleRate, true);
  view.setUint32(8, spec.sampleRate * blockAlign, true);
  view.setUint16(12, blockAlign, true);
  view.setUint16(14, spec.bitsPerSample, true);
  if (spec.extensible !== undefined) {
    view.setUint16(16, 22, true);
    view.setUint16(18, spec.extensible.validBits ?? spec.bitsPerSample, true);
    view.setUint32(20, 0, true);
    view.setUint16(24, spec.extensible.subformat, true);
    body.set(spec.extensible.guidTail ?? PCM_GUID_TAIL, 26);
  }
  return { id: 'fmt ', body };
}

/** RIFF/WAVE around `chunks`, with the RIFF size computed (or as given). */
export function riffWave(chunks: readonly Chunk[], magic = 'RIFF', riffSize?: number): Uint8Array {
  const body = concat([ascii('WAVE'), ...chunks.map(chunkBytes)]);
  const header = new Uint8Array(8);
  header.set(ascii(magic), 0);
  new DataView(header.buffer).setUint32(4, riffSize ?? body.length, true);
  return concat([header, body]);
}

/** Interleaved little-endian samples of one encoding. */
export function int16Bytes(samples: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(2 * samples.length);
  const view = new DataView(bytes.buffer);
  samples.forEach((value, i) => {
    view.setInt16(2 * i, value, true);
  });
  return bytes;
}

export function float32Bytes(samples: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 * samples.length);
  const view = new DataView(bytes.buffer);
  samples.forEach((value, i) => {
    view.setFloat32(4 * i, value, true);
  });
  return bytes;
}

export function int32Bytes(samples: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 * samples.length);
  const view = new DataView(bytes.buffer);
  samples.forEach((value, i) => {
    view.setInt32(4 * i, value, true);
  });
  return bytes;
}

/** A plain 16-bit PCM WAV of interleaved `samples`. */
export function pcm16Wav(samples: readonly number[], channels = 1, sampleRate = 8000): Uint8Array {
  return riffWave([
    fmtChunk({ formatTag: 1, channels, sampleRate, bitsPerSample: 16 }),
    { id: 'data', body: int16Bytes(samples) },
  ]);
}

/** A plain 32-bit float WAV of interleaved `samples`. */
export function float32Wav(
  samples: readonly number[],
  channels = 1,
  sampleRate = 8000,
): Uint8Array {
  return riffWave([
    fmtChunk({ formatTag: 3, channels, sampleRate, bitsPerSample: 32 }),
    { id: 'data', body: float32Bytes(samples) },
  ]);
}

/** A mono 32-bit float WAV of a sine of `hz` Hz, `seconds` long, at `amplitude` full scale. */
export function sineWav(
  hz: number,
  seconds: number,
  sampleRate: number,
  amplitude = 0.5,
): Uint8Array {
  const samples = Array.from(
    { length: Math.round(seconds * sampleRate) },
    (_, n) => amplitude * Math.sin((2 * Math.PI * hz * n) / sampleRate),
  );
  return float32Wav(samples, 1, sampleRate);
}
