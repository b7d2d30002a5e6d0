/**
 * Writes scattering frames to an .npy of shape [rows, frames] (C order, so row by row), as they
 * arrive frame by frame.
 *
 * Frames are gathered in a [rows, blockFrames] buffer; a full block goes out as one positional
 * write per row, each a contiguous run of that row. Memory is bounded by the block
 * (rows × blockFrames values), not by the length of the signal.
 */
import { checkFrameOrder, type FrameWriter } from './frame-writer.js';
import { NpyWriter, type NpyDtype } from './npy.js';
import type { OutputSink } from './output-sink.js';

/** Frames per block: a 32 KB run per row in float32, few enough writes per second of audio. */
const DEFAULT_BLOCK_FRAMES = 8192;

export class NpyFrameWriter implements FrameWriter {
  private readonly writer: NpyWriter;
  /** Row-major [rows, blockFrames]. */
  private readonly block: Float32Array | Float64Array;
  private readonly blockFrames: number;
  /** Frame index of the block's first column. */
  private blockStart = 0;
  private next = 0;

  constructor(
    sink: OutputSink,
    dtype: NpyDtype,
    readonly rows: number,
    readonly frames: number,
    blockFrames = DEFAULT_BLOCK_FRAMES,
  ) {
    this.writer = new NpyWriter(sink, dtype, [rows, frames]);
    this.blockFrames = Math.max(1, Math.min(blockFrames, frames));
    const size = rows * this.blockFrames;
    this.block = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
  }

  writeFrame(frame: Float32Array | Float64Array, index: number): void {
    checkFrameOrder(index, this.next, this.frames);
    if (frame.length !== this.rows) {
      throw new Error(
        `frame ${String(index)} has ${String(frame.length)} values for ${String(this.rows)} rows`,
      );
    }
    const column = index - this.blockStart;
    const stride = this.blockFrames;
    for (let r = 0; r < this.rows; r++) this.block[r * stride + column] = frame[r] ?? 0;
    this.next++;
    if (column + 1 === this.blockFrames) this.flushBlock();
  }

  finish(): void {
    if (this.next !== this.frames) {
      throw new Error(`${String(this.next)} of ${String(this.frames)} frames were written`);
    }
    this.flushBlock();
  }

  private flushBlock(): void {
    const columns = this.next - this.blockStart;
    if (columns === 0) return;
    for (let r = 0; r < this.rows; r++) {
      const run = this.block.subarray(r * this.blockFrames, r * this.blockFrames + columns);
      this.writer.writeAt(r * this.frames + this.blockStart, run);
    }
    this.blockStart = this.next;
  }
}
