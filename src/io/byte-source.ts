/**
 * Random access to the bytes of an input, from a file (read on demand, so a long recording is
 * never held in memory) or from memory (tests, small inputs).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FileAccessError, toFileAccessError } from './errors.js';

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** What to call this input in messages (a path, or a description). */
  readonly name: string;
  /**
   * Copies up to `target.length` bytes starting at byte `position` into `target`; returns how
   * many were copied (fewer only at the end of the input).
   */
  readAt(target: Uint8Array, position: number): number;
  close(): void;
}

/** Up to `length` bytes from byte `position` (fewer only at the end of the input). */
export function readBytes(source: ByteSource, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const got = source.readAt(bytes, position);
  return bytes.subarray(0, got);
}

export class MemoryByteSource implements ByteSource {
  readonly size: number;

  constructor(
    private readonly bytes: Uint8Array,
    readonly name = 'input',
  ) {
    this.size = bytes.length;
  }

  readAt(target: Uint8Array, position: number): number {
    const available = Math.max(0, Math.min(target.length, this.size - position));
    target.set(this.bytes.subarray(position, position + available));
    return available;
  }

  close(): void {
    // Nothing to release.
  }
}

export class FileByteSource implements ByteSource {
  readonly size: number;
  private fd: number | undefined;

  /** Opens `path` for reading; FileAccessError when it is missing, unreadable or not a file. */
  constructor(readonly name: string) {
    let fd: number;
    try {
      fd = openSync(name, 'r');
    } catch (error) {
      throw toFileAccessError(error, 'read', name);
    }
    try {
      const stats = fstatSync(fd);
      if (stats.isDirectory())
        throw new FileAccessError(`cannot read ${name}: it is a folder`, 'EISDIR');
      if (!stats.isFile())
        throw new FileAccessError(`cannot read ${name}: not a regular file`, undefined);
      this.size = stats.size;
    } catch (error) {
      closeSync(fd);
      throw error instanceof FileAccessError ? error : toFileAccessError(error, 'read', name);
    }
    this.fd = fd;
  }

  readAt(target: Uint8Array, position: number): number {
    if (this.fd === undefined) throw new Error(`${this.name} is closed`);
    let filled = 0;
    try {
      // readSync may return less than asked before the end of the file; loop until full or EOF.
      while (filled < target.length) {
        const got = readSync(this.fd, target, filled, target.length - filled, position + filled);
        if (got === 0) break;
        filled += got;
      }
    } catch (error) {
      throw toFileAccessError(error, 'read', this.name);
    }
    return filled;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
