/**
 * The streaming transform: input handling around a GraphInstance.
 *
 * Two modes (see StreamOptions):
 * - file (signalLength known): positions are those of Kymatio's padded signal; the stream holds
 *   back the first samples until it can reflect-pad the start, and flush() reflect-pads the end,
 *   so the frames are Kymatio's, edges included.
 * - live: the stream starts at input position 0 with an unknown past taken as silence; frames
 *   are emitted from the first one that past no longer weighs on, or from frame 0 when the past
 *   is known to be silence (`silentPast`).
 *
 * Either way the frames depend only on the samples, never on how they were chunked: blocks run at
 * fixed positions.
 */
import type { FrameSink, ScatteringStream, StreamOptions } from './engine-types.js';
import type { FftBackend } from './fft/fft-plan.js';
import { GraphInstance } from './graph-instance.js';
import type { GraphTemplate } from './graph-template.js';
import { kymatioFrameGrid, type FrameGrid } from './kymatio-grid.js';

/** Index into a signal of n samples, extended by reflection about both ends (numpy 'reflect'). */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const r = ((i % period) + period) % period;
  return r < n ? r : period - r;
}

/** Chunk in which padding is fed to the cascade. */
const PAD_CHUNK = 4096;

export class ScatteringStreamImpl implements ScatteringStream {
  readonly latencySamples: number;
  readonly firstCentre: number;
  readonly firstFrame: number;
  readonly hop: number;
  private readonly graph: GraphInstance;
  /** File mode: Kymatio's grid and the declared length. */
  private readonly grid: FrameGrid | undefined;
  private readonly signalLength: number | undefined;
  /** A frame depends on input within this many samples of its centre. */
  private readonly reach: number;
  /** The last `history.length` input samples, for the end reflection (a ring). */
  private readonly history: Float64Array;
  /** File mode: the first samples, held until the start can be reflect-padded. */
  private held: Float64Array | undefined;
  private heldCount = 0;
  private received = 0;
  private flushed = false;
  private readonly padChunk = new Float64Array(PAD_CHUNK);

  constructor(
    template: GraphTemplate,
    backend: FftBackend,
    sink: FrameSink,
    options: StreamOptions = {},
  ) {
    const params = template.params;
    this.hop = params.hop;
    this.latencySamples = template.latencySamples;
    this.reach = template.firstFrameOffset * params.hop;
    this.signalLength = options.signalLength;
    this.grid =
      options.signalLength === undefined
        ? undefined
        : kymatioFrameGrid(params, options.signalLength);
    this.firstCentre = this.grid?.firstCentre ?? 0;
    this.firstFrame =
      this.grid !== undefined || options.silentPast === true ? 0 : template.settledFrameOffset;
    this.graph = new GraphInstance(
      template,
      backend,
      sink,
      this.grid?.frames ?? Number.POSITIVE_INFINITY,
    );
    this.history = new Float64Array(this.reach + this.hop + 2);
    this.reset();
  }

  /** File mode: samples of start padding, x[-startPad .. -1], so that frame 0 has its whole reach. */
  private get startPad(): number {
    return this.reach - this.firstCentre;
  }

  reset(): void {
    this.received = 0;
    this.flushed = false;
    this.heldCount = 0;
    const grid = this.grid;
    if (grid === undefined || this.signalLength === undefined) {
      // Unknown past: the cascade starts `reach` samples early on silence, and frames are
      // emitted from the first one that past no longer weighs on (see settledFrameOffset), or
      // from frame 0 when the past is known to be silence.
      this.held = undefined;
      this.graph.start(-this.reach, 0, this.firstFrame);
      this.padChunk.fill(0);
      for (let done = 0; done < this.reach; done += PAD_CHUNK) {
        this.graph.push(this.padChunk, 0, Math.min(PAD_CHUNK, this.reach - done));
      }
      return;
    }
    // Reflecting x[-1..-startPad] needs x[1..startPad]: hold that much (at most the whole signal).
    this.held = new Float64Array(Math.min(this.startPad + 1, this.signalLength));
    const frame0 = grid.firstCentre + grid.padLeft; // padded position, a multiple of the hop
    this.graph.start(frame0 - this.reach, frame0 / grid.hop, 0);
  }

  push(chunk: ArrayLike<number>): void {
    if (this.flushed) throw new Error('push() after flush(): call reset() to start a new stream');
    if (this.signalLength !== undefined && this.received + chunk.length > this.signalLength) {
      throw new RangeError(
        `the stream was declared ${String(this.signalLength)} samples long but got ${String(this.received + chunk.length)}`,
      );
    }
    let from = 0;
    const held = this.held;
    if (held !== undefined) {
      from = Math.min(chunk.length, held.length - this.heldCount);
      for (let i = 0; i < from; i++) held[this.heldCount + i] = chunk[i];
      this.heldCount += from;
      this.remember(chunk, 0, from);
      if (this.heldCount === held.length) this.release();
    }
    if (from < chunk.length) {
      this.remember(chunk, from, chunk.length - from);
      this.graph.push(chunk, from, chunk.length - from);
    }
  }

  flush(): void {
    if (this.flushed) return;
    if (this.signalLength !== undefined && this.received !== this.signalLength) {
      throw new RangeError(
        `the stream was declared ${String(this.signalLength)} samples long but ended after ${String(this.received)}`,
      );
    }
    this.flushed = true;
    const n = this.received;
    if (n === 0) return;
    const lastFrame =
      this.grid === undefined ? Math.floor((n - 1) / this.hop) : this.grid.frames - 1;
    if (this.grid === undefined) this.graph.assembler.setFrameLimit(lastFrame + 1);
    // Reflect the end as far as the last frame's reach, then zeros until every block has run:
    // samples beyond the reach do not change any emitted frame.
    const lastCentre = this.firstCentre + lastFrame * this.hop;
    const reflectUntil = lastCentre + this.reach;
    const ring = this.history;
    const pad = this.padChunk;
    let position = n;
    while (position <= reflectUntil) {
      const count = Math.min(PAD_CHUNK, reflectUntil + 1 - position);
      for (let i = 0; i < count; i++) pad[i] = ring[reflectIndex(position + i, n) % ring.length];
      this.graph.push(pad, 0, count);
      position += count;
    }
    pad.fill(0);
    const zerosUntil = lastCentre + this.latencySamples + this.hop;
    while (this.graph.assembler.pendingFrame <= lastFrame && position <= zerosUntil) {
      const count = Math.min(PAD_CHUNK, zerosUntil + 1 - position);
      this.graph.push(pad, 0, count);
      position += count;
    }
  }

  /** Feeds the reflected start x[-startPad .. -1], then the held samples. */
  private release(): void {
    const held = this.held;
    if (held === undefined || this.signalLength === undefined) return;
    this.held = undefined;
    const n = this.signalLength;
    const padCount = this.startPad;
    const pad = this.padChunk;
    for (let done = 0; done < padCount; done += PAD_CHUNK) {
      const count = Math.min(PAD_CHUNK, padCount - done);
      for (let i = 0; i < count; i++) pad[i] = held[reflectIndex(done + i - padCount, n)];
      this.graph.push(pad, 0, count);
    }
    this.graph.push(held, 0, this.heldCount);
  }

  /** Keeps the latest samples in the history ring and counts them. */
  private remember(chunk: ArrayLike<number>, from: number, count: number): void {
    const ring = this.history;
    const size = ring.length;
    // Only the last `size` samples can stay; they go in at most two stretches (the ring wraps).
    const skip = Math.max(0, count - size);
    let read = from + skip;
    let write = (this.received + skip) % size;
    let left = count - skip;
    while (left > 0) {
      const take = Math.min(left, size - write);
      if (ArrayBuffer.isView(chunk)) {
        ring.set((chunk as Float32Array | Float64Array).subarray(read, read + take), write);
      } else {
        for (let i = 0; i < take; i++) ring[write + i] = chunk[read + i];
      }
      read += take;
      write = (write + take) % size;
      left -= take;
    }
    this.received += count;
  }
}
