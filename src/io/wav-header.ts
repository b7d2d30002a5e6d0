/**
 * Parses the header of a RIFF/WAVE file: finds the `fmt ` and `data` chunks, skipping any other
 * (LIST, fact, cue, bext, ...), and works out where the samples are and how they are stored.
 *
 * Accepted: PCM 8-bit unsigned and 16/24/32-bit signed (also fewer significant bits in those
 * containers), IEEE float 32/64, either plainly or as WAVE_FORMAT_EXTENSIBLE, any channel count,
 * and RF64/BW64 files whose sizes do not fit 32 bits.
 */
import { readBytes, type ByteSource } from './byte-source.js';
import { FileFormatError } from './errors.js';
import type { InterleavedLayout, SignalInfo } from './signal-reader.js';
import { BYTES_PER_SAMPLE, describeEncoding, type SampleEncoding } from './sample-encoding.js';

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Names of the format tags people meet, so that a refusal says what the file is. */
const FORMAT_TAG_NAMES: Readonly<Record<number, string>> = {
  0x0002: 'ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0016: 'G.723 ADPCM',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0050: 'MPEG',
  0x0055: 'MPEG Layer 3',
  0x0092: 'Dolby AC-3',
  0x00ff: 'AAC',
  0x0161: 'Windows Media Audio',
  0x0162: 'Windows Media Audio Pro',
  0x0163: 'Windows Media Audio Lossless',
  0x1610: 'HE-AAC',
  0x2000: 'AC-3',
  0xf1ac: 'FLAC',
};

/** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID; bytes 0..1 hold the plain format tag. */
const SUBFORMAT_GUID_TAIL = [
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
];

/** ds64 and data sizes of 0xFFFFFFFF mean "see the ds64 chunk" in RF64/BW64 files. */
const SIZE_IN_DS64 = 0xffffffff;

export interface WavHeader {
  readonly layout: InterleavedLayout;
  readonly info: SignalInfo;
  /** The format tag after resolving WAVE_FORMAT_EXTENSIBLE (1 PCM, 3 float). */
  readonly formatTag: number;
  /** True when the header is WAVE_FORMAT_EXTENSIBLE (0xFFFE). */
  readonly extensible: boolean;
  /** Bytes the data chunk declares and bytes actually present after its header. */
  readonly declaredDataBytes: number;
  readonly availableDataBytes: number;
}

interface FormatChunk {
  readonly formatTag: number;
  readonly extensible: boolean;
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly bitsPerSample: number;
  /** Significant bits (WAVE_FORMAT_EXTENSIBLE's wValidBitsPerSample), else bitsPerSample. */
  readonly validBits: number;
}

function hex4(tag: number): string {
  return `0x${tag.toString(16).toUpperCase().padStart(4, '0')}`;
}

function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(
    bytes[offset] ?? 0,
    bytes[offset + 1] ?? 0,
    bytes[offset + 2] ?? 0,
    bytes[offset + 3] ?? 0,
  );
}

/** A chunk id made of printable ASCII, as every real chunk id is. */
function plausibleChunkId(id: string): boolean {
  return /^[\x20-\x7e]{4}$/.test(id);
}

function parseFormatChunk(body: Uint8Array): FormatChunk {
  if (body.length < 16) {
    throw new FileFormatError(
      `malformed WAV fmt chunk (${String(body.length)} bytes, at least 16 expected)`,
    );
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let formatTag = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const blockAlign = view.getUint16(12, true);
  const bitsPerSample = view.getUint16(14, true);
  let validBits = bitsPerSample;
  const extensible = formatTag === WAVE_FORMAT_EXTENSIBLE;
  if (extensible) {
    if (body.length < 40) {
      throw new FileFormatError(
        `malformed WAV fmt chunk (WAVE_FORMAT_EXTENSIBLE needs 40 bytes, got ${String(body.length)})`,
      );
    }
    const declaredValid = view.getUint16(18, true);
    if (declaredValid !== 0) validBits = declaredValid;
    formatTag = view.getUint16(24, true);
    const tail = body.subarray(26, 40);
    if (!SUBFORMAT_GUID_TAIL.every((byte, i) => tail[i] === byte)) {
      const guid = Array.from(body.subarray(24, 40), (b) => b.toString(16).padStart(2, '0')).join(
        '',
      );
      throw new FileFormatError(
        `unsupported WAV encoding: WAVE_FORMAT_EXTENSIBLE subformat GUID ${guid}`,
      );
    }
  }
  if (channels === 0) throw new FileFormatError('malformed WAV fmt chunk: 0 channels');
  if (sampleRate === 0) throw new FileFormatError('malformed WAV fmt chunk: sample rate 0 Hz');
  return { formatTag, extensible, channels, sampleRate, blockAlign, bitsPerSample, validBits };
}

/** The storage of one sample, from the format tag and the sizes in the fmt chunk. */
function sampleEncoding(format: FormatChunk): SampleEncoding {
  const { formatTag, bitsPerSample, blockAlign, channels } = format;
  if (formatTag !== WAVE_FORMAT_PCM && formatTag !== WAVE_FORMAT_IEEE_FLOAT) {
    const name = FORMAT_TAG_NAMES[formatTag];
    throw new FileFormatError(
      `unsupported WAV encoding: format tag ${hex4(formatTag)}${name === undefined ? '' : ` (${name})`}`,
    );
  }
  if (bitsPerSample === 0) throw new FileFormatError('malformed WAV fmt chunk: 0 bits per sample');
  // Samples sit left-justified in whole bytes; the block alignment says how many (20-bit audio
  // in 3 or 4 bytes). Trust it when it is consistent, else round the bit count up.
  const fromBlock = blockAlign % channels === 0 ? blockAlign / channels : 0;
  const containerBytes =
    fromBlock * 8 >= bitsPerSample && fromBlock <= 8 ? fromBlock : Math.ceil(bitsPerSample / 8);
  if (formatTag === WAVE_FORMAT_IEEE_FLOAT) {
    if (containerBytes === 4 && bitsPerSample === 32) return 'float32';
    if (containerBytes === 8 && bitsPerSample === 64) return 'float64';
    throw new FileFormatError(`unsupported WAV encoding: ${String(bitsPerSample)}-bit float`);
  }
  switch (containerBytes) {
    case 1:
      return 'uint8';
    case 2:
      return 'int16';
    case 3:
      return 'int24';
    case 4:
      return 'int32';
    default:
      throw new FileFormatError(`unsupported WAV encoding: ${String(bitsPerSample)}-bit PCM`);
  }
}

/** Reads and checks the header of a WAV file; throws FileFormatError with a one-line reason. */
export function parseWavHeader(source: ByteSource): WavHeader {
  const riff = readBytes(source, 0, 12);
  const magic = fourCC(riff, 0);
  if (riff.length >= 4 && magic === 'RIFX') {
    throw new FileFormatError(
      'unsupported WAV encoding: big-endian (RIFX) files are not supported',
    );
  }
  const isRf64 = magic === 'RF64' || magic === 'BW64';
  if (riff.length < 4 || (magic !== 'RIFF' && !isRf64)) {
    throw new FileFormatError('not a WAV file (no RIFF/WAVE header)');
  }
  if (riff.length < 12) throw new FileFormatError('truncated WAV header');
  if (fourCC(riff, 8) !== 'WAVE') throw new FileFormatError('not a WAV file (no RIFF/WAVE header)');

  let format: FormatChunk | undefined;
  let dataOffset = -1;
  let declaredDataBytes = 0;
  let ds64DataBytes: number | undefined;
  let position = 12;
  let endedInsideHeader = false;
  let dataRunsToEnd = false;
  while (format === undefined || dataOffset < 0) {
    if (position >= source.size) break;
    const header = readBytes(source, position, 8);
    if (header.length < 8) {
      endedInsideHeader = true;
      break;
    }
    const id = fourCC(header, 0);
    const size = new DataView(header.buffer).getUint32(4, true);
    const bodyStart = position + 8;
    if (id === 'fmt ') {
      const body = readBytes(source, bodyStart, Math.min(size, 64));
      if (body.length < Math.min(size, 64)) throw new FileFormatError('truncated WAV header');
      format = parseFormatChunk(body);
    } else if (id === 'ds64' && isRf64) {
      const body = readBytes(source, bodyStart, 16);
      if (body.length < 16) throw new FileFormatError('truncated WAV header');
      // ds64: RIFF size (8 bytes), data size (8 bytes), sample count (8 bytes), table...
      ds64DataBytes = Number(new DataView(body.buffer).getBigUint64(8, true));
    } else if (id === 'data') {
      dataOffset = bodyStart;
      declaredDataBytes =
        size === SIZE_IN_DS64 && ds64DataBytes !== undefined ? ds64DataBytes : size;
      // A recording cut short (or one whose writer never filled in the size) ends before the
      // declared size: there is nothing after it to find.
      if (bodyStart + declaredDataBytes > source.size) {
        dataRunsToEnd = true;
        break;
      }
    }
    const chunkBytes = id === 'data' ? declaredDataBytes : size;
    position = nextChunkPosition(source, bodyStart + chunkBytes, chunkBytes % 2 === 1);
  }
  if (format === undefined) {
    if (dataRunsToEnd) throw new FileFormatError('WAV has no fmt chunk before its data');
    // Without data either, the file most likely ended while its header was being written.
    throw new FileFormatError(dataOffset >= 0 ? 'WAV has no fmt chunk' : 'truncated WAV header');
  }
  if (dataOffset < 0) {
    throw new FileFormatError(endedInsideHeader ? 'truncated WAV header' : 'WAV has no data chunk');
  }
  return describeLayout(source, format, dataOffset, declaredDataBytes);
}

/**
 * Where the next chunk starts. Chunks of odd size are followed by a pad byte; some writers forget
 * it, so when the padded position does not hold a plausible chunk id but the unpadded one does,
 * take the unpadded one.
 */
function nextChunkPosition(source: ByteSource, end: number, oddSize: boolean): number {
  if (!oddSize) return end;
  const padded = readBytes(source, end + 1, 4);
  if (padded.length < 4 || plausibleChunkId(fourCC(padded, 0))) return end + 1;
  const unpadded = readBytes(source, end, 4);
  return unpadded.length === 4 && plausibleChunkId(fourCC(unpadded, 0)) ? end : end + 1;
}

function describeLayout(
  source: ByteSource,
  format: FormatChunk,
  dataOffset: number,
  declaredDataBytes: number,
): WavHeader {
  const encoding = sampleEncoding(format);
  const frameBytes = BYTES_PER_SAMPLE[encoding] * format.channels;
  const availableDataBytes = Math.max(0, source.size - dataOffset);
  const usableBytes = Math.min(declaredDataBytes, availableDataBytes);
  const frames = Math.floor(usableBytes / frameBytes);
  const warnings: string[] = [];
  if (declaredDataBytes > availableDataBytes) {
    warnings.push(
      `the WAV data chunk declares ${String(declaredDataBytes)} bytes but the file holds ${String(availableDataBytes)}: reading the ${String(frames)} sample frames present (truncated recording?)`,
    );
  }
  const leftover = usableBytes - frames * frameBytes;
  if (leftover > 0) {
    warnings.push(
      `ignoring ${String(leftover)} bytes at the end of the WAV data (a partial sample frame)`,
    );
  }
  const bitsPerSample = Math.min(format.validBits, BYTES_PER_SAMPLE[encoding] * 8);
  return {
    layout: { dataOffset, frames, channels: format.channels, encoding },
    info: {
      container: 'wav',
      sampleRate: format.sampleRate,
      channels: format.channels,
      frames,
      encoding,
      bitsPerSample,
      warnings,
    },
    formatTag: format.formatTag,
    extensible: format.extensible,
    declaredDataBytes,
    availableDataBytes,
  };
}

/** `16-bit signed PCM, 2 channels, 44100 Hz` */
export function describeWav(header: WavHeader): string {
  const { info } = header;
  return `${describeEncoding(info.encoding)}, ${String(info.channels)} channel${info.channels === 1 ? '' : 's'}, ${String(info.sampleRate)} Hz`;
}
