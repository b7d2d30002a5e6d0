/**
 * The worker's frame buffers: frames gather in a reused scratch array while one message is
 * processed, then leave in a pooled ArrayBuffer (transferred to the host, which gives it back
 * in a 'recycle' message). Once the pool is warm, sending frames allocates no ArrayBuffer.
 */

/** Smallest buffer handed out (bytes): enough for a few frames of any usual bank. */
const MIN_BUFFER_BYTES = 1 << 14;

export class FramePool {
  /** Frames of the current message, [count, rows] row-major; grows (rarely) by doubling. */
  private scratch = new Float32Array(0);
  private count = 0;
  private rows = 0;
  private readonly free: ArrayBuffer[] = [];
  private allocations = 0;

  /** ArrayBuffers allocated so far (scratch growth included): flat in steady streaming. */
  get allocated(): number {
    return this.allocations;
  }

  /** Frames gathered since the last take(). */
  get size(): number {
    return this.count;
  }

  /** Starts over with frames of `rows` values (a new engine). */
  configure(rows: number): void {
    this.rows = rows;
    this.count = 0;
  }

  /** Copies one frame (`rows` values) in. */
  add(frame: ArrayLike<number>): void {
    const needed = (this.count + 1) * this.rows;
    if (needed > this.scratch.length) {
      const grown = new Float32Array(Math.max(needed, 2 * this.scratch.length, 16 * this.rows));
      this.allocations++;
      grown.set(this.scratch.subarray(0, this.count * this.rows));
      this.scratch = grown;
    }
    this.scratch.set(frame, this.count * this.rows);
    this.count++;
  }

  /** Forgets the frames gathered. */
  clear(): void {
    this.count = 0;
  }

  /**
   * The frames gathered, copied into a pooled buffer (to be transferred), and a fresh start.
   * The view is exactly [count, rows]; its buffer may be longer.
   */
  take(): Float32Array {
    const length = this.count * this.rows;
    const bytes = length * Float32Array.BYTES_PER_ELEMENT;
    const index = this.free.findIndex((b) => b.byteLength >= bytes);
    let buffer: ArrayBuffer;
    if (index >= 0) {
      buffer = this.free[index] ?? new ArrayBuffer(bytes);
      this.free.splice(index, 1);
    } else {
      // Rounded up to a power of two, so that a slightly larger packet still finds a buffer.
      buffer = new ArrayBuffer(Math.max(MIN_BUFFER_BYTES, 2 ** Math.ceil(Math.log2(bytes))));
      this.allocations++;
    }
    const data = new Float32Array(buffer, 0, length);
    data.set(this.scratch.subarray(0, length));
    this.count = 0;
    return data;
  }

  /** A buffer given back by the host. */
  recycle(buffer: ArrayBuffer): void {
    this.free.push(buffer);
  }
}
