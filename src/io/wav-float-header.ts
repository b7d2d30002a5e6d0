/**
 * The header of a 32-bit IEEE float WAV file whose sizes can be rewritten in place as the data
 * grows: RIFF/WAVE, a `fmt ` chunk, then the `data` chunk header, and nothing after the data.
 *
 * Plain WAVE_FORMAT_IEEE_FLOAT for mono and stereo; WAVE_FORMAT_EXTENSIBLE (float subformat) for
 * more channels, as the format asks for channel counts over 2. The fmt chunk has a fixed size
 * either way, so the header length never changes with the sizes.
 */

const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** KSDATAFORMAT_SUBTYPE_IEEE_FLOAT. */
const FLOAT_SUBFORMAT_GUID = Uint8Array.of(
  0x03,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00,
  0x10,
  0x00,
  0x80,
  0x00,
  0x00,
  0xaa,
  0x00,
  0x38,
  0x9b,
  0x71,
);
/** Bytes per float32 sample. */
const SAMPLE_BYTES = 4;
/** The largest data chunk a 32-bit RIFF size can describe (whole header included). */
export const MAX_WAV_DATA_BYTES = 0xffffffff - 80;

export interface FloatWavFormat {
  /** Hz, a positive integer. */
  readonly sampleRate: number;
  readonly channels: number;
}

/** Bytes per sample frame (one sample of every channel). */
export function floatWavFrameBytes(format: FloatWavFormat): number {
  return SAMPLE_BYTES * format.channels;
}

/** The header for `dataBytes` bytes of interleaved float32 samples; the data follows it. */
export function formatFloatWavHeader(format: FloatWavFormat, dataBytes: number): Uint8Array {
  const { sampleRate, channels } = format;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff) {
    throw new Error(
      `a WAV sample rate must be a positive integer of Hz (got ${String(sampleRate)})`,
    );
  }
  if (!Number.isInteger(channels) || channels < 1 || channels > 0xffff) {
    throw new Error(`a WAV file holds 1 to 65535 channels (got ${String(channels)})`);
  }
  if (dataBytes > MAX_WAV_DATA_BYTES) {
    throw new Error(`${String(dataBytes)} bytes of audio do not fit a WAV file`);
  }
  const extensible = channels > 2;
  // fmt body: 18 bytes (cbSize 0) plainly, 40 with the WAVE_FORMAT_EXTENSIBLE extension.
  const fmtBytes = extensible ? 40 : 18;
  const headerBytes = 12 + 8 + fmtBytes + 8;
  const header = new Uint8Array(headerBytes);
  const view = new DataView(header.buffer);
  const ascii = (text: string, offset: number): void => {
    for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i);
  };
  const blockAlign = SAMPLE_BYTES * channels;
  ascii('RIFF', 0);
  view.setUint32(4, headerBytes - 8 + dataBytes, true);
  ascii('WAVE', 8);
  ascii('fmt ', 12);
  view.setUint32(16, fmtBytes, true);
  view.setUint16(20, extensible ? WAVE_FORMAT_EXTENSIBLE : WAVE_FORMAT_IEEE_FLOAT, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 8 * SAMPLE_BYTES, true);
  view.setUint16(36, extensible ? 22 : 0, true);
  if (extensible) {
    view.setUint16(38, 8 * SAMPLE_BYTES, true); // valid bits per sample
    view.setUint32(40, 0, true); // channel mask: no speaker positions claimed
    header.set(FLOAT_SUBFORMAT_GUID, 44);
  }
  ascii('data', headerBytes - 8);
  view.setUint32(headerBytes - 4, dataBytes, true);
  return header;
}

/**
 * The two size fields of a RIFF/WAVE file, for `dataBytes` of data starting at `dataOffset`:
 * the RIFF size (at byte 4) and the data chunk size (just before the data), each as 4 bytes LE.
 */
export function wavSizeFields(
  dataOffset: number,
  dataBytes: number,
): { riffSize: Uint8Array; dataSize: Uint8Array; dataSizeOffset: number } {
  const riffSize = new Uint8Array(4);
  new DataView(riffSize.buffer).setUint32(0, dataOffset - 8 + dataBytes, true);
  const dataSize = new Uint8Array(4);
  new DataView(dataSize.buffer).setUint32(0, dataBytes, true);
  return { riffSize, dataSize, dataSizeOffset: dataOffset - 4 };
}
