/**
 * Reading WAV files: open one for block-by-block decoding, or decode a small one whole.
 */
import { FileByteSource, MemoryByteSource, type ByteSource } from './byte-source.js';
import { parseWavHeader, type WavHeader } from './wav-header.js';
import { InterleavedSignalReader, readAllChannels, type SignalReader } from './signal-reader.js';
import type { SampleEncoding } from './sample-encoding.js';

export { FileFormatError } from './errors.js';
export type { WavHeader } from './wav-header.js';

export interface WavReader extends SignalReader {
  readonly header: WavHeader;
  /** Makes the next read() start at sample frame `frame` (clamped to the file). */
  seek(frame: number): void;
}

/** A reader over `source` (closed with the reader, or at once when the header is rejected). */
export function openWav(source: ByteSource): WavReader {
  let header: WavHeader;
  try {
    header = parseWavHeader(source);
  } catch (error) {
    source.close();
    throw error;
  }
  return new WavSignalReader(source, header);
}

class WavSignalReader extends InterleavedSignalReader implements WavReader {
  constructor(
    source: ByteSource,
    readonly header: WavHeader,
  ) {
    super(source, header.layout, header.info);
  }
}

/** Opens a WAV file for block-by-block reading: memory use does not grow with the file. */
export function openWavFile(path: string): WavReader {
  return openWav(new FileByteSource(path));
}

/** A whole decoded WAV file, one Float64Array per channel (scaled to [-1, 1) for integers). */
export interface DecodedWav {
  readonly sampleRate: number;
  readonly channels: number;
  /** Sample frames per channel. */
  readonly frames: number;
  /** Significant bits per sample as declared. */
  readonly bitsPerSample: number;
  readonly encoding: SampleEncoding;
  /** True when the header is WAVE_FORMAT_EXTENSIBLE. */
  readonly extensible: boolean;
  /** channelData[c][i]: sample i of channel c. */
  readonly channelData: Float64Array[];
  readonly warnings: readonly string[];
}

/** Decodes a whole WAV held in memory (tests, short clips). */
export function readWav(bytes: Uint8Array): DecodedWav {
  const reader = openWav(new MemoryByteSource(bytes));
  try {
    const channelData = readAllChannels(reader);
    const { info, extensible } = reader.header;
    return {
      sampleRate: info.sampleRate ?? 0,
      channels: info.channels,
      frames: info.frames,
      bitsPerSample: info.bitsPerSample,
      encoding: info.encoding,
      extensible,
      channelData,
      warnings: info.warnings,
    };
  } finally {
    reader.close();
  }
}
