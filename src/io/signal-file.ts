/**
 * Opens an audio input file whatever its format: WAV or a 1-D .npy, recognised by content
 * (their magic bytes), with the extension only used to word the error when neither matches.
 */
import { extname } from 'node:path';
import { FileByteSource } from './byte-source.js';
import { FileFormatError } from './errors.js';
import { hasNpyMagic } from './npy-header.js';
import { openNpySignal } from './npy.js';
import type { SignalReader } from './signal-reader.js';
import { openWav } from './wav-reader.js';

export interface OpenSignalOptions {
  /** Sample rate of an .npy input (which does not store one), in Hz; null when unknown. */
  readonly npySampleRate?: number | null;
}

/** The first four bytes of a WAV file: RIFF, its 64-bit variants, or big-endian RIFX. */
export const RIFF_MAGICS: ReadonlySet<string> = new Set(['RIFF', 'RF64', 'BW64', 'RIFX']);

export function openSignalFile(path: string, options: OpenSignalOptions = {}): SignalReader {
  const source = new FileByteSource(path);
  try {
    if (source.size === 0) throw new FileFormatError('the file is empty (0 bytes)');
    const head = new Uint8Array(12);
    const got = source.readAt(head, 0);
    const magic = String.fromCharCode(...head.subarray(0, Math.min(4, got)));
    if (RIFF_MAGICS.has(magic)) return openWav(source);
    if (hasNpyMagic(head.subarray(0, got)))
      return openNpySignal(source, options.npySampleRate ?? null);
    switch (extname(path).toLowerCase()) {
      case '.wav':
      case '.wave':
        return openWav(source);
      case '.npy':
        return openNpySignal(source, options.npySampleRate ?? null);
      default:
        throw new FileFormatError(
          'unrecognised input format: expected a WAV file or a 1-D .npy array',
        );
    }
  } catch (error) {
    source.close();
    throw error;
  }
}
