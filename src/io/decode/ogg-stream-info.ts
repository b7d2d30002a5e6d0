/**
 * The first Ogg page's first packet says which codec the stream holds and its format:
 * a Vorbis identification header (`\x01vorbis`) or an Opus `OpusHead`.
 * Ogg page layout (RFC 3533): `OggS`, version, flags, granule (8), serial (4), sequence (4),
 * CRC (4), segment count at byte 26, segment table, then the packet data.
 */
import { readBytes, type ByteSource } from '../byte-source.js';
import type { CompressedStreamInfo } from './decoded-audio.js';

const PAGE_HEADER_BYTES = 27;
/** Bytes the end-of-stream check reads from the end of the file: more than one page (≤ 65 307). */
const TAIL_BYTES = 1 << 17;
const END_OF_STREAM_FLAG = 0x04;
/** Opus always decodes at 48 kHz (RFC 7845, 5.1: the input rate is informational). */
const OPUS_RATE = 48_000;

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}

/** Reads the codec header at the start of an Ogg file; a problem (one line) when it is not usable. */
export function readOggStreamInfo(source: ByteSource): CompressedStreamInfo | string {
  const page = readBytes(source, 0, PAGE_HEADER_BYTES + 255 + 64);
  const segments = page[26];
  if (segments === undefined) return 'truncated Ogg header';
  const packet = page.subarray(PAGE_HEADER_BYTES + segments);
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  if (ascii(packet, 0, 7) === '\x01vorbis') {
    if (packet.length < 16) return 'truncated Ogg Vorbis header';
    const channelCount = view.getUint8(11);
    const sampleRate = view.getUint32(12, true);
    if (channelCount === 0 || sampleRate === 0) return 'malformed Ogg Vorbis header';
    return { format: 'ogg-vorbis', sampleRate, channelCount, frames: null };
  }
  if (ascii(packet, 0, 8) === 'OpusHead') {
    if (packet.length < 19) return 'truncated Ogg Opus header';
    const channelCount = view.getUint8(9);
    if (channelCount === 0) return 'malformed Ogg Opus header (0 channels)';
    return { format: 'ogg-opus', sampleRate: OPUS_RATE, channelCount, frames: null };
  }
  if (ascii(packet, 0, 5) === '\x7fFLAC') return 'unsupported format: FLAC in an Ogg container';
  if (ascii(packet, 0, 8) === 'Speex   ') return 'unsupported format: Ogg Speex';
  if (ascii(packet, 1, 6) === 'theora') return 'unsupported format: Ogg Theora video';
  return 'unsupported format: an Ogg stream of an unknown codec (Vorbis and Opus are supported)';
}

/**
 * Whether the file ends with a complete end-of-stream page, as a finished Ogg file does. A file
 * cut short (a copy interrupted, a recording that crashed) ends inside a page or without the flag.
 */
export function endsWithCompleteOggPage(source: ByteSource): boolean {
  const start = Math.max(0, source.size - TAIL_BYTES);
  const tail = readBytes(source, start, source.size - start);
  for (let at = tail.length - PAGE_HEADER_BYTES; at >= 0; at--) {
    if (tail[at] !== 0x4f || ascii(tail, at, 4) !== 'OggS') continue;
    const segments = tail[at + 26] ?? 0;
    const table = tail.subarray(at + PAGE_HEADER_BYTES, at + PAGE_HEADER_BYTES + segments);
    const bodyBytes = table.reduce((sum, lacing) => sum + lacing, 0);
    const pageEnd = at + PAGE_HEADER_BYTES + segments + bodyBytes;
    // A candidate that does not end the file may be `OggS` inside a page's data: look further back.
    if (pageEnd === tail.length) return ((tail[at + 5] ?? 0) & END_OF_STREAM_FLAG) !== 0;
  }
  return false;
}
