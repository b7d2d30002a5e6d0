/**
 * Typed errors of the audio decoders. Like every FileFormatError their message is one line for
 * the user, and here it starts with the file's path: `song.mp3: corrupt MP3 data (...)`.
 */
import { FileFormatError } from '../errors.js';

/** The file is not in a format we decode (recognised by content, never by extension). */
export class UnsupportedAudioFormatError extends FileFormatError {
  override readonly name: string = 'UnsupportedAudioFormatError';

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
  }
}

/** The file is in a format we decode, but its bytes are damaged or it ends too early. */
export class CorruptAudioError extends FileFormatError {
  override readonly name: string = 'CorruptAudioError';

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
  }
}

/**
 * Puts the file's path at the start of a FileFormatError's message (the WAV reader words its
 * problems without it). The error keeps its class; anything else is returned unchanged.
 */
export function nameFileInError(error: unknown, path: string): unknown {
  if (error instanceof FileFormatError && !error.message.startsWith(`${path}: `)) {
    error.message = `${path}: ${error.message}`;
  }
  return error;
}
