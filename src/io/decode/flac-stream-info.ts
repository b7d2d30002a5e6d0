/**
 * The FLAC STREAMINFO block: sample rate, channels and length, read before decoding starts.
 * Layout (FLAC format, "METADATA_BLOCK_STREAMINFO"): after `fLaC` and a 4-byte block header,
 * 34 bytes whose bits 80..143 hold rate (20 bits), channels − 1 (3), bits − 1 (5), frames (36).
 */
import { readBytes, type ByteSource } from '../byte-source.js';
import type { CompressedStreamInfo } from './decoded-audio.js';

/** `fLaC` + block header (4 bytes) + STREAMINFO body (34 bytes). */
const STREAMINFO_END = 4 + 4 + 34;
const STREAMINFO_TYPE = 0;

export interface FlacStreamInfo extends CompressedStreamInfo {
  readonly bitsPerSample: number;
}

/** Reads STREAMINFO at `offset` (where `fLaC` is); returns a problem (one line) when it is not there. */
export function readFlacStreamInfo(source: ByteSource, offset: number): FlacStreamInfo | string {
  const b = readBytes(source, offset, STREAMINFO_END);
  if (b.length < STREAMINFO_END) return 'truncated FLAC header';
  if ((b[4] ?? 0) % 128 !== STREAMINFO_TYPE) return 'malformed FLAC header (no STREAMINFO block)';
  const at = (i: number): number => b[8 + i] ?? 0;
  const sampleRate = (at(10) << 12) | (at(11) << 4) | (at(12) >> 4);
  const channelCount = ((at(12) >> 1) & 7) + 1;
  const bitsPerSample = (((at(12) & 1) << 4) | (at(13) >> 4)) + 1;
  // 36 bits do not fit a 32-bit shift: combine the top 4 bits arithmetically.
  const frames =
    (at(13) & 0x0f) * 2 ** 32 + ((at(14) << 24) >>> 0) + (at(15) << 16) + (at(16) << 8) + at(17);
  if (sampleRate === 0) return 'malformed FLAC header (sample rate 0 Hz)';
  return {
    format: 'flac',
    sampleRate,
    channelCount,
    bitsPerSample,
    // 0 means "unknown" in STREAMINFO (a stream written without seeking back).
    frames: frames === 0 ? null : frames,
  };
}
