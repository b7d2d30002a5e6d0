/**
 * A file that grows by appends and has a header rewritten in place: the shared mechanics of a
 * recording's audio.wav and scattering.npy. Synchronous, so that a write that fails is known
 * at once, and so that the order data → header → fsync is the order the kernel sees.
 *
 * Every method throws the Node error of a failed system call as it is (ENOSPC, EFBIG, EROFS,
 * ...); the session recorder turns it into a status, never into an exception for its caller.
 */
import { closeSync, fstatSync, fsyncSync, openSync, statSync } from 'node:fs';
import { writeFullyAt } from '../write-fully.js';

export class GrowingFile {
  /** Byte offset of the first data byte: the header's length, fixed for the file's life. */
  readonly dataOffset: number;
  private fd: number | undefined;
  /** Bytes known to be in the file after the header (the header's own bytes excluded). */
  private appendedBytes = 0;
  /** Device and inode at creation: the file at `path` must still be this one. */
  private readonly identity: { readonly dev: number; readonly ino: number };

  /**
   * Creates `path` (it must not exist: a recording never overwrites one) and writes `header`.
   * The data starts at `header.length`.
   */
  constructor(
    readonly path: string,
    header: Uint8Array,
  ) {
    // Read as well as write: a deleted file is copied back through this descriptor.
    const fd = openSync(path, 'wx+');
    this.fd = fd;
    try {
      this.writeFully(header, 0);
      const stats = fstatSync(fd);
      this.identity = { dev: stats.dev, ino: stats.ino };
    } catch (error) {
      this.close();
      throw error;
    }
    this.dataOffset = header.length;
  }

  /** Bytes of data written after the header so far (whole successful appends). */
  get dataBytes(): number {
    return this.appendedBytes;
  }

  /** Writes `bytes` after the data appended so far; counted only once all are written. */
  append(bytes: Uint8Array): void {
    this.writeFully(bytes, this.dataOffset + this.appendedBytes);
    this.appendedBytes += bytes.length;
  }

  /** Rewrites (part of) the header in place. */
  writeHeader(bytes: Uint8Array, position = 0): void {
    if (position + bytes.length > this.dataOffset) {
      throw new Error(
        `a header write of ${String(bytes.length)} bytes would overwrite ${this.path}'s data`,
      );
    }
    this.writeFully(bytes, position);
  }

  /** Flushes data and metadata (the file's size) to the device. */
  fsync(): void {
    fsyncSync(this.openFd());
  }

  /**
   * Why the file is no longer where the session expects it, or undefined when it is: deleted
   * (no link left: fstat nlink 0, e.g. `rm -rf` of the folder), or replaced or moved away.
   */
  whyDetached(): string | undefined {
    const { nlink } = fstatSync(this.openFd());
    if (nlink === 0) return 'the file was deleted';
    try {
      const current = statSync(this.path);
      if (current.dev !== this.identity.dev || current.ino !== this.identity.ino) {
        return 'the file was replaced by another';
      }
    } catch {
      return 'the file was moved away';
    }
    return undefined;
  }

  /** The descriptor, for copying a deleted file's bytes back; undefined once closed. */
  get descriptor(): number | undefined {
    return this.fd;
  }

  /** Closes the descriptor; safe to call more than once and after a failure. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // Nothing more can be done with it.
    }
    this.fd = undefined;
  }

  private writeFully(bytes: Uint8Array, position: number): void {
    writeFullyAt(this.openFd(), bytes, position);
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error(`${this.path} is already closed`);
    return this.fd;
  }
}
