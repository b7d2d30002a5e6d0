/**
 * Output files that appear whole or not at all: the bytes go to a temporary file in the same
 * folder, renamed over the final path only once everything is written. A failed or interrupted
 * run leaves neither a half-written file nor the temporary one.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileAccessError, toFileAccessError } from './errors.js';
import type { OutputSink } from './output-sink.js';
import { writeFullyAt } from './write-fully.js';

/** Temporary files not yet committed or discarded, for cleanup when the process ends early. */
const pending = new Set<AtomicOutputFile>();

export class AtomicOutputFile implements OutputSink {
  /** The temporary file, next to the final one (a rename within one folder is atomic). */
  readonly temporaryPath: string;
  private fd: number | undefined;
  private end = 0;

  /** Creates the temporary file; FileAccessError when the folder is missing or not writable. */
  constructor(readonly path: string) {
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // Absent (the usual case) or unreadable: opening the temporary file says which.
    }
    if (isFolder) throw new FileAccessError(`cannot write ${path}: it is a folder`, 'EISDIR');
    const suffix = `${String(process.pid)}-${randomBytes(4).toString('hex')}`;
    this.temporaryPath = join(dirname(path), `.${basename(path)}.${suffix}.partial`);
    try {
      // 'wx': never reuse an existing file of that name.
      this.fd = openSync(this.temporaryPath, 'wx');
    } catch (error) {
      const folder = dirname(path);
      if (
        error instanceof Error &&
        'code' in error &&
        error.code === 'ENOENT' &&
        !existsSync(folder)
      ) {
        throw new FileAccessError(
          `cannot write ${path}: folder ${folder} does not exist`,
          'ENOENT',
        );
      }
      throw toFileAccessError(error, 'write', path);
    }
    pending.add(this);
  }

  writeAt(bytes: Uint8Array, position: number): void {
    const fd = this.openFd();
    try {
      writeFullyAt(fd, bytes, position);
    } catch (error) {
      throw toFileAccessError(error, 'write', this.path);
    }
    this.end = Math.max(this.end, position + bytes.length);
  }

  append(bytes: Uint8Array): void {
    this.writeAt(bytes, this.end);
  }

  /** Flushes to disk and renames the temporary file to the final path. */
  commit(): void {
    const fd = this.openFd();
    try {
      fdatasyncSync(fd);
      closeSync(fd);
      this.fd = undefined;
      renameSync(this.temporaryPath, this.path);
    } catch (error) {
      this.discard();
      throw toFileAccessError(error, 'write', this.path);
    }
    pending.delete(this);
  }

  /** Closes and deletes the temporary file; safe to call more than once. */
  discard(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already unusable: deleting it is all that is left to do.
      }
      this.fd = undefined;
    }
    if (pending.delete(this)) {
      try {
        unlinkSync(this.temporaryPath);
      } catch {
        // Gone already.
      }
    }
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error(`${this.path} is already closed`);
    return this.fd;
  }
}

/**
 * Deletes every temporary file still open. Synchronous, so it can run in a process 'exit'
 * handler or on SIGINT.
 */
export function discardPendingOutputs(): void {
  for (const file of [...pending]) file.discard();
}
