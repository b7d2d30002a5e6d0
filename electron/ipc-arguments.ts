/**
 * Checks of what the page sends the main process (it is untrusted: a compromised page could
 * send anything). Each returns the clean value or throws an error naming the problem.
 */

export type SourceKind = 'file' | 'session';

export function parseSourceKind(value: unknown): SourceKind {
  if (value === 'file' || value === 'session') return value;
  throw new TypeError(`source kind must be 'file' or 'session' (got ${JSON.stringify(value)})`);
}

/** Largest export the page may ask to save: 1 GiB. */
export const MAX_SAVE_BYTES = 1 << 30;

/**
 * A suggested file name for a save dialog: a plain name (no folders, no leading dot), at most
 * 200 characters. Only a suggestion: the user picks the final path in the dialog.
 */
export function parseSuggestedName(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError('the suggested file name must be a string');
  const name = value.trim();
  if (name === '' || name.length > 200 || /[/\\\0]/.test(name) || name.startsWith('.'))
    throw new TypeError(`not a plain file name: ${JSON.stringify(value)}`);
  return name;
}

export function parseSaveBytes(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError('the bytes to save must be a Uint8Array');
  if (value.byteLength > MAX_SAVE_BYTES)
    throw new RangeError(`refusing to save ${value.byteLength} bytes (limit ${MAX_SAVE_BYTES})`);
  return value;
}
