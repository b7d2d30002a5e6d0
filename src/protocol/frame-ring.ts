/**
 * Frames from the DSP worker to its host, in shared memory: a ring of float32 values in one
 * SharedArrayBuffer that the worker creates (it knows the frame size) and fills, frame after
 * frame; its messages say where each packet lies ({at, count}), and the host copies the packet
 * out and hands the space back. No buffer is transferred, pooled or returned.
 *
 * Layout: Int32 [0] the position up to which the host has read, [1] capacity (values, a power
 * of two); then Float32 values [capacity]. Positions count values modulo 2^32 (wrap-safe
 * differences); a packet, and a frame, may wrap round the end of the ring.
 */
import { isPowerOfTwo } from './command-ring.js';

/** Where a packet of frames lies: `count` frames of `rows` values from position `at`. */
export interface RingPacket {
  readonly at: number;
  readonly count: number;
}

const READ = 0;
const CAPACITY = 1;
/** Values start on a 16-byte boundary. */
const VALUES_AT = 16;

export class FrameRing {
  readonly capacity: number;
  private readonly header: Int32Array;
  private readonly values: Float32Array;
  /** The worker's side: where the next value goes, and the packet being filled. */
  private written = 0;
  private packetAt = 0;
  private packetFrames = 0;

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, 2);
    this.capacity = this.header[CAPACITY] ?? 0;
    if (buffer.byteLength < VALUES_AT + this.capacity * 4) {
      throw new RangeError(
        `a frame ring of ${String(this.capacity)} values needs more than ${String(buffer.byteLength)} bytes`,
      );
    }
    this.values = new Float32Array(buffer, VALUES_AT, this.capacity);
  }

  /** A new, empty ring of `capacity` values, a power of two (the worker's side). */
  static create(capacity: number): FrameRing {
    if (!isPowerOfTwo(capacity)) {
      throw new RangeError(
        `a frame ring's capacity must be a power of two (got ${String(capacity)})`,
      );
    }
    const buffer = new SharedArrayBuffer(VALUES_AT + capacity * 4);
    new Int32Array(buffer, 0, 2)[CAPACITY] = capacity;
    return new FrameRing(buffer);
  }

  /** The ring a worker created, from its buffer (the host's side). */
  static attach(buffer: SharedArrayBuffer): FrameRing {
    return new FrameRing(buffer);
  }

  // ---- The worker's side.

  /**
   * Appends one frame to the packet being filled. When the ring has no room, the packet so far
   * is handed to `sendEarly` (the host must be told where it lies to free its space) and this
   * thread blocks until the host has read enough.
   */
  add(frame: Float32Array | Float64Array, sendEarly: (packet: RingPacket) => void): void {
    const rows = frame.length;
    if (rows > this.capacity) {
      throw new RangeError(
        `frames of ${String(rows)} values do not fit a frame ring of ${String(this.capacity)}`,
      );
    }
    while (this.capacity - ((this.written - Atomics.load(this.header, READ)) | 0) < rows) {
      const packet = this.take();
      if (packet !== undefined) sendEarly(packet);
      const read = Atomics.load(this.header, READ);
      if (this.capacity - ((this.written - read) | 0) < rows) {
        Atomics.wait(this.header, READ, read, 100);
      }
    }
    const start = (this.written >>> 0) % this.capacity;
    const first = Math.min(rows, this.capacity - start);
    this.values.set(first === rows ? frame : frame.subarray(0, first), start);
    if (first < rows) this.values.set(frame.subarray(first), 0);
    this.written = (this.written + rows) | 0;
    this.packetFrames++;
  }

  /** The packet filled so far (undefined if empty); the next frame starts a new one. */
  take(): RingPacket | undefined {
    if (this.packetFrames === 0) return undefined;
    const packet = { at: this.packetAt, count: this.packetFrames };
    this.packetAt = this.written;
    this.packetFrames = 0;
    return packet;
  }

  /** Forgets the packet being filled (the host never hears of it). */
  discard(): void {
    this.written = this.packetAt;
    this.packetFrames = 0;
  }

  // ---- The host's side.

  /**
   * Copies a packet of `count` frames of `rows` values into `into` (from its start), then gives
   * its space back to the worker. Packets must be read in the order they were sent.
   */
  read(packet: RingPacket, rows: number, into: Float32Array): void {
    const length = packet.count * rows;
    if (length > into.length) {
      throw new RangeError(
        `a packet of ${String(length)} values does not fit ${String(into.length)}`,
      );
    }
    const start = (packet.at >>> 0) % this.capacity;
    const first = Math.min(length, this.capacity - start);
    into.set(this.values.subarray(start, start + first), 0);
    if (first < length) into.set(this.values.subarray(0, length - first), first);
    Atomics.store(this.header, READ, (packet.at + length) | 0);
    Atomics.notify(this.header, READ);
  }
}
