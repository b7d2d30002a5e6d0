/**
 * MPEG audio (MP3 and its layers I/II): skipping an ID3v2 tag and reading the first frame header
 * for the sample rate and channel mode. Header bits (ISO 11172-3, 2.4.1.3): sync (11), version (2),
 * layer (2), protection (1), bitrate index (4), rate index (2), padding (1), private (1), mode (2).
 */
import { readBytes, type ByteSource } from '../byte-source.js';
import type { CompressedStreamInfo } from './decoded-audio.js';

const ID3_HEADER_BYTES = 10;
const ID3_FOOTER_FLAG = 0x10;

/** Rates by version bits (0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1), by rate index. */
const RATES: Readonly<Record<number, readonly number[]>> = {
  0: [11025, 12000, 8000],
  2: [22050, 24000, 16000],
  3: [44100, 48000, 32000],
};

/** kbit/s by bitrate index, for MPEG 1 layers I, II, III and MPEG 2/2.5 layer I and II/III. */
const BITRATES = {
  v1l1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;

interface FrameHeader {
  readonly sampleRate: number;
  readonly channelCount: number;
  /** Bytes of the whole frame, header included. */
  readonly frameBytes: number;
}

/** Size of the ID3v2 tag at the start of the file (0 when there is none). */
export function id3v2TagBytes(head: Uint8Array): number {
  if (head.length < ID3_HEADER_BYTES || String.fromCharCode(...head.subarray(0, 3)) !== 'ID3') {
    return 0;
  }
  // The size is "syncsafe": four 7-bit bytes, excluding the 10-byte header (and footer).
  const size = head.subarray(6, 10).reduce((sum, byte) => sum * 128 + (byte & 0x7f), 0);
  const footer = ((head[5] ?? 0) & ID3_FOOTER_FLAG) !== 0 ? ID3_HEADER_BYTES : 0;
  return ID3_HEADER_BYTES + size + footer;
}

/** The frame header in the 4 bytes at `at`, or null when they are not one. */
function parseFrameHeader(b: Uint8Array, at: number): FrameHeader | null {
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0] = b.subarray(at, at + 4);
  if (b.length < at + 4 || b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 3;
  const layer = 4 - ((b1 >> 1) & 3); // bits 3, 2, 1 mean layers I, II, III
  const bitrateIndex = b2 >> 4;
  const rate = RATES[version]?.[(b2 >> 2) & 3];
  if (rate === undefined || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15) return null;
  const mpeg1 = version === 3;
  const table = mpeg1
    ? layer === 1
      ? BITRATES.v1l1
      : layer === 2
        ? BITRATES.v1l2
        : BITRATES.v1l3
    : layer === 1
      ? BITRATES.v2l1
      : BITRATES.v2l23;
  const bitsPerSecond = (table[bitrateIndex] ?? 0) * 1000;
  const padding = (b2 >> 1) & 1;
  // Samples per frame / 8: layer I 384/8 (in 4-byte slots), II 1152/8, III 1152/8 or 576/8.
  const frameBytes =
    layer === 1
      ? (Math.floor((12 * bitsPerSecond) / rate) + padding) * 4
      : Math.floor(((layer === 3 && !mpeg1 ? 72 : 144) * bitsPerSecond) / rate) + padding;
  const channelCount = b3 >> 6 === 3 ? 1 : 2;
  return { sampleRate: rate, channelCount, frameBytes };
}

/**
 * Reads the first MPEG audio frame after any ID3v2 tag; null when the file does not start so.
 * Without an ID3 tag, a second frame must follow the first: two bytes of 0xFFE. are too weak a
 * signature on their own.
 */
export function readMpegStreamInfo(source: ByteSource): CompressedStreamInfo | null {
  const tagBytes = id3v2TagBytes(readBytes(source, 0, ID3_HEADER_BYTES));
  const head = readBytes(source, tagBytes, 4);
  const first = parseFrameHeader(head, 0);
  if (first === null) return null;
  if (tagBytes === 0) {
    const next = readBytes(source, first.frameBytes, 4);
    // A file of a single frame has nothing after it; anything else must be a frame.
    if (next.length > 0 && parseFrameHeader(next, 0) === null) return null;
  }
  return {
    format: 'mp3',
    sampleRate: first.sampleRate,
    channelCount: first.channelCount,
    frames: null,
  };
}
