import { describe, expect, it } from 'vitest';
import {
  MAX_SAVE_BYTES,
  parseSaveBytes,
  parseSourceKind,
  parseSuggestedName,
} from '../../electron/ipc-arguments.js';

describe('what the page may send the main process', () => {
  it('accepts the two source kinds only', () => {
    expect(parseSourceKind('file')).toBe('file');
    expect(parseSourceKind('session')).toBe('session');
    expect(() => parseSourceKind('/etc')).toThrow(/source kind must be 'file' or 'session'/);
    expect(() => parseSourceKind(undefined)).toThrow(/got undefined/);
  });

  it('takes plain file names as save suggestions, never paths', () => {
    expect(parseSuggestedName(' scalogram.png ')).toBe('scalogram.png');
    for (const bad of ['../../.bashrc', '/tmp/x.npy', 'a\\b.csv', '.hidden', '', 'a\0b', 42])
      expect(() => parseSuggestedName(bad)).toThrow(/file name/);
    expect(() => parseSuggestedName('x'.repeat(201))).toThrow(/not a plain file name/);
  });

  it('saves bytes up to 1 GiB, as a Uint8Array', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(parseSaveBytes(bytes)).toBe(bytes);
    expect(() => parseSaveBytes([1, 2, 3])).toThrow(/must be a Uint8Array/);
    // A view claiming more than the limit (no memory allocated for it).
    const huge = { byteLength: MAX_SAVE_BYTES + 1 };
    Object.setPrototypeOf(huge, Uint8Array.prototype);
    expect(() => parseSaveBytes(huge)).toThrow(/refusing to save/);
  });
});
