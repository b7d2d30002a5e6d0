/**
 * What to decode for a replay: an audio file as it is, or a session folder's `audio.wav`
 * (the recorder writes a session as a folder holding audio.wav beside its other files).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { FileAccessError, toFileAccessError } from '../errors.js';

export const SESSION_AUDIO_FILE = 'audio.wav';

/** The audio file to replay for `path`; FileAccessError when there is none. */
export function resolveReplayPath(path: string): string {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (error) {
    throw toFileAccessError(error, 'replay', path);
  }
  if (!isFolder) return path;
  const audio = join(path, SESSION_AUDIO_FILE);
  try {
    if (statSync(audio).isFile()) return audio;
  } catch {
    // Reported below, in the words of a session.
  }
  throw new FileAccessError(
    `cannot replay ${path}: a folder without ${SESSION_AUDIO_FILE} (not a recorded session)`,
    'ENOENT',
  );
}
