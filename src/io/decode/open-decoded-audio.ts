/**
 * Opens an audio file for incremental decoding, recognising its format by content:
 * RIFF/WAVE, `fLaC`, `OggS` with a Vorbis or Opus header, or MPEG audio (an ID3v2 tag or a
 * frame sync at the start). The extension is never consulted.
 */
import { FileByteSource, readBytes, type ByteSource } from '../byte-source.js';
import { RIFF_MAGICS } from '../signal-file.js';
import { openCompressedAudio } from './compressed-audio.js';
import { UnsupportedAudioFormatError, CorruptAudioError } from './decode-errors.js';
import type { DecodedAudio } from './decoded-audio.js';
import { readFlacStreamInfo } from './flac-stream-info.js';
import { id3v2TagBytes, readMpegStreamInfo } from './mpeg-stream-info.js';
import { endsWithCompleteOggPage, readOggStreamInfo } from './ogg-stream-info.js';
import { openWavAudio } from './wav-audio.js';

/**
 * Opens `path` and reads its headers: the result knows its sample rate and channel count before
 * the first read(). Throws FileAccessError (missing, unreadable), UnsupportedAudioFormatError or
 * CorruptAudioError, each with a one-line message naming the file.
 */
export async function openDecodedAudio(path: string): Promise<DecodedAudio> {
  const source = new FileByteSource(path);
  try {
    return await openByContent(source);
  } catch (error) {
    source.close();
    throw error;
  }
}

function magicAt(source: ByteSource, offset: number): string {
  return String.fromCharCode(...readBytes(source, offset, 4));
}

async function openByContent(source: ByteSource): Promise<DecodedAudio> {
  const path = source.name;
  if (source.size === 0) throw new UnsupportedAudioFormatError(path, 'the file is empty (0 bytes)');
  const magic = magicAt(source, 0);
  if (RIFF_MAGICS.has(magic)) return openWavAudio(source);
  // Some taggers put an ID3v2 tag before FLAC too.
  const flacOffset = magic === 'fLaC' ? 0 : id3v2TagBytes(readBytes(source, 0, 10));
  if (magicAt(source, flacOffset) === 'fLaC') {
    const info = readFlacStreamInfo(source, flacOffset);
    if (typeof info === 'string') throw new CorruptAudioError(path, info);
    const expected = info.frames;
    return openCompressedAudio(source, {
      info,
      integerBits: info.bitsPerSample,
      checkComplete: (decoded) =>
        expected !== null && decoded < expected
          ? `it ends after ${String(decoded)} of its ${String(expected)} sample frames`
          : null,
    });
  }
  if (magic === 'OggS') {
    const info = readOggStreamInfo(source);
    if (typeof info === 'string') {
      throw info.startsWith('unsupported')
        ? new UnsupportedAudioFormatError(path, info)
        : new CorruptAudioError(path, info);
    }
    return openCompressedAudio(source, {
      info,
      checkComplete: () =>
        endsWithCompleteOggPage(source)
          ? null
          : 'it does not end with a complete end-of-stream page',
    });
  }
  const mpeg = readMpegStreamInfo(source);
  if (mpeg !== null) return openCompressedAudio(source, { info: mpeg });
  throw new UnsupportedAudioFormatError(
    path,
    'unsupported format: expected WAV, FLAC, MP3, Ogg Vorbis or Ogg Opus',
  );
}
