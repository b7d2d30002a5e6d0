/**
 * Puts a deleted file back at its path from the descriptor still open on it: on Linux (and
 * every POSIX system) an unlinked file lives on while a descriptor refers to it.
 */
import { closeSync, fsyncSync, openSync, readSync } from 'node:fs';
import { writeFullyAt } from '../write-fully.js';
import type { GrowingFile } from './growing-file.js';

/** Bytes copied per read: large enough for few system calls, small enough to stay in cache. */
const COPY_BLOCK_BYTES = 1 << 20;

/** Copies the header and the data written in full (nothing after) into a new file at its path. */
export function restoreDeletedFile(file: GrowingFile): void {
  const source = file.descriptor;
  if (source === undefined) throw new Error(`${file.path} is closed`);
  const length = file.dataOffset + file.dataBytes;
  const target = openSync(file.path, 'wx');
  try {
    const block = new Uint8Array(Math.min(COPY_BLOCK_BYTES, Math.max(1, length)));
    for (let position = 0; position < length;) {
      const got = readSync(source, block, 0, Math.min(block.length, length - position), position);
      if (got === 0) break;
      writeFullyAt(target, block.subarray(0, got), position);
      position += got;
    }
    fsyncSync(target);
  } finally {
    closeSync(target);
  }
}
