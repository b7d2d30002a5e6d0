/**
 * A positional write of every byte: writeSync may write fewer bytes than asked (a file-size
 * limit reached part way, a signal), so continue until all are written or a write throws the
 * reason (ENOSPC, EFBIG, ...).
 */
import { writeSync } from 'node:fs';

export function writeFullyAt(fd: number, bytes: Uint8Array, position: number): void {
  for (let written = 0; written < bytes.length;) {
    written += writeSync(fd, bytes, written, bytes.length - written, position + written);
  }
}
