/**
 * Where writers put their bytes: positional writes (an .npy filled column block by column
 * block) and appends (CSV lines, headers).
 */
export interface OutputSink {
  /** Writes all of `bytes` at byte `position` (the file grows as needed). */
  writeAt(bytes: Uint8Array, position: number): void;
  /** Writes all of `bytes` after the furthest byte written so far. */
  append(bytes: Uint8Array): void;
}

/** An in-memory sink, for tests and for building small files before writing them. */
export class MemoryOutputSink implements OutputSink {
  private buffer = new Uint8Array(1024);
  private length = 0;

  writeAt(bytes: Uint8Array, position: number): void {
    const end = position + bytes.length;
    if (end > this.buffer.length) {
      const grown = new Uint8Array(Math.max(end, 2 * this.buffer.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, position);
    this.length = Math.max(this.length, end);
  }

  append(bytes: Uint8Array): void {
    this.writeAt(bytes, this.length);
  }

  /** A copy of everything written. */
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
