/**
 * The engine host's commands to its DSP worker, in shared memory: a ring of slots in one
 * SharedArrayBuffer, each an audio block (mono samples), a flush or a reset, written by the host
 * and taken by the worker strictly in order.
 *
 * Why not messages: a message wakes the worker through its event loop and costs it about
 * 0.15 ms of CPU per block on a virtual machine (most of it cold code after 40 ms of sleep);
 * a worker blocked in Atomics.wait on this ring wakes for 0.07 ms (bench/wake-cost.ts). The
 * host writes the samples straight into the slot: no buffer to transfer, pool or give back.
 *
 * Layout (one SharedArrayBuffer):
 *   Int32   [0] commands written (host), [1] commands taken (worker), [2] slots, [3] capacity
 *   Int32   per slot: kind, length, final (1: the last part of the host's block)
 *   Float64 per slot: sampleIndex
 *   Float32 per slot: capacity samples
 * The two counts run modulo 2^32 (wrap-safe differences), so a ring never wears out.
 */

export type RingCommand =
  | {
      readonly kind: 'audio';
      /** Mono samples: a view of the slot, valid until the command is released. */
      readonly samples: Float32Array;
      /** Host sample index of samples[0]. */
      readonly sampleIndex: number;
      /** The last (or only) part of a block the host split to fit the slots. */
      readonly final: boolean;
    }
  | { readonly kind: 'flush' }
  | { readonly kind: 'reset' };

const WRITTEN = 0;
const TAKEN = 1;
const SLOTS = 2;
const CAPACITY = 3;
const HEADER_INTS = 4;
const META_INTS = 3;

const KIND_CODES = { audio: 1, flush: 2, reset: 3 } as const;

export class CommandRing {
  readonly slots: number;
  /** Samples per slot: longer blocks are sent in parts. */
  readonly capacity: number;
  private readonly header: Int32Array;
  private readonly meta: Int32Array;
  private readonly indices: Float64Array;
  private readonly samples: Float32Array[];

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_INTS);
    this.slots = this.header[SLOTS] ?? 0;
    this.capacity = this.header[CAPACITY] ?? 0;
    const metaBytes = HEADER_INTS * 4 + this.slots * META_INTS * 4;
    // Float64 values start on an 8-byte boundary.
    const indicesAt = Math.ceil(metaBytes / 8) * 8;
    const samplesAt = indicesAt + this.slots * 8;
    if (buffer.byteLength < samplesAt + this.slots * this.capacity * 4) {
      throw new RangeError(
        `a command ring of ${String(this.slots)} slots of ${String(this.capacity)} samples needs more than ${String(buffer.byteLength)} bytes`,
      );
    }
    this.meta = new Int32Array(buffer, HEADER_INTS * 4, this.slots * META_INTS);
    this.indices = new Float64Array(buffer, indicesAt, this.slots);
    this.samples = Array.from(
      { length: this.slots },
      (_, slot) => new Float32Array(buffer, samplesAt + slot * this.capacity * 4, this.capacity),
    );
  }

  /** A new, empty ring (the host's side). */
  static create(slots: number, capacity: number): CommandRing {
    // A power of two of slots: the counts wrap at 2^32 without skipping a slot.
    if (!isPowerOfTwo(slots) || !Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `a command ring needs a power of two of slots and a positive whole number of samples per slot (got ${String(slots)} and ${String(capacity)})`,
      );
    }
    const indicesAt = Math.ceil(((HEADER_INTS + slots * META_INTS) * 4) / 8) * 8;
    const buffer = new SharedArrayBuffer(indicesAt + slots * 8 + slots * capacity * 4);
    const header = new Int32Array(buffer, 0, HEADER_INTS);
    header[SLOTS] = slots;
    header[CAPACITY] = capacity;
    return new CommandRing(buffer);
  }

  /** The ring a host created, from its buffer (the worker's side). */
  static attach(buffer: SharedArrayBuffer): CommandRing {
    return new CommandRing(buffer);
  }

  // ---- The host's side.

  /** Slots free for new commands. */
  get free(): number {
    return this.slots - this.pending;
  }

  /** The next free slot's samples, to be filled before publishAudio(); undefined when full. */
  nextSamples(): Float32Array | undefined {
    if (this.free === 0) return undefined;
    return this.samples[this.slotOf(Atomics.load(this.header, WRITTEN))];
  }

  /** Hands the worker the first `length` samples written into nextSamples(). */
  publishAudio(length: number, sampleIndex: number, final: boolean): void {
    if (length > this.capacity) {
      throw new RangeError(
        `a block part of ${String(length)} samples does not fit slots of ${String(this.capacity)}`,
      );
    }
    this.publish(KIND_CODES.audio, length, sampleIndex, final);
  }

  /** Hands the worker a command without samples. */
  publishControl(kind: 'flush' | 'reset'): void {
    this.publish(KIND_CODES[kind], 0, 0, true);
  }

  // ---- The worker's side.

  /** The oldest command not yet released, if any. */
  peek(): RingCommand | undefined {
    if (this.pending === 0) return undefined;
    const slot = this.slotOf(Atomics.load(this.header, TAKEN));
    const kind = this.meta[slot * META_INTS];
    if (kind === KIND_CODES.flush) return { kind: 'flush' };
    if (kind === KIND_CODES.reset) return { kind: 'reset' };
    const length = this.meta[slot * META_INTS + 1] ?? 0;
    return {
      kind: 'audio',
      samples: (this.samples[slot] ?? new Float32Array(0)).subarray(0, length),
      sampleIndex: this.indices[slot] ?? 0,
      final: this.meta[slot * META_INTS + 2] === 1,
    };
  }

  /** Frees the slot of the command peek() returned. */
  release(): void {
    Atomics.add(this.header, TAKEN, 1);
  }

  /**
   * Blocks this thread until a command is there or `timeoutMs` has passed; true if one is there.
   * (Atomics.wait: only where blocking is allowed, a worker.)
   */
  waitForCommand(timeoutMs: number): boolean {
    const written = Atomics.load(this.header, WRITTEN);
    if (((written - Atomics.load(this.header, TAKEN)) | 0) !== 0) return true;
    Atomics.wait(this.header, WRITTEN, written, timeoutMs);
    return this.pending !== 0;
  }

  /** Commands written and not yet released. */
  private get pending(): number {
    return (Atomics.load(this.header, WRITTEN) - Atomics.load(this.header, TAKEN)) | 0;
  }

  private slotOf(count: number): number {
    return (count >>> 0) % this.slots;
  }

  private publish(kind: number, length: number, sampleIndex: number, final: boolean): void {
    if (this.free === 0) throw new RangeError('the command ring is full');
    const written = Atomics.load(this.header, WRITTEN);
    const slot = this.slotOf(written);
    this.meta[slot * META_INTS] = kind;
    this.meta[slot * META_INTS + 1] = length;
    this.meta[slot * META_INTS + 2] = final ? 1 : 0;
    this.indices[slot] = sampleIndex;
    // The store publishes the slot: Atomics order the plain writes above before it.
    Atomics.store(this.header, WRITTEN, (written + 1) | 0);
    Atomics.notify(this.header, WRITTEN);
  }
}

/** 1, 2, 4, … up to 2^30. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 2 ** 30 && (n & (n - 1)) === 0;
}
