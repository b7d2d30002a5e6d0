/**
 * scattering.npy of a recording: float32 frames appended one at a time, so the array is
 * [frames, rows] in C order (frame-major: the transpose of `analyse`'s [rows, frames]). The
 * header is padded to a fixed length so the shape can be rewritten in place as frames arrive.
 */
import { LittleEndianEncoder, npyDescr } from '../npy.js';
import { formatNpyHeader } from '../npy-header.js';
import { GrowingFile } from './growing-file.js';

/**
 * Header bytes reserved: room for a shape of (9007199254740991, 65535), whatever the counts
 * become, so the data never moves.
 */
export const RECORDING_NPY_HEADER_BYTES = 128;

export class RecordingNpy {
  readonly file: GrowingFile;
  private readonly encoder = new LittleEndianEncoder('float32');

  constructor(
    path: string,
    /** Values per frame. */
    readonly rows: number,
  ) {
    if (!Number.isInteger(rows) || rows < 1) {
      throw new Error(`a scattering frame needs at least one row (got ${String(rows)})`);
    }
    this.file = new GrowingFile(path, this.header(0));
  }

  /** Frames written so far. */
  get frames(): number {
    return this.file.dataBytes / (4 * this.rows);
  }

  append(frame: Float32Array | Float64Array): void {
    if (frame.length !== this.rows) {
      throw new Error(
        `a scattering frame has ${String(frame.length)} values for ${String(this.rows)} rows`,
      );
    }
    this.file.append(this.encoder.encode(frame));
  }

  /** Rewrites the shape for the frames written so far (not yet fsynced). */
  writeHeader(): void {
    this.file.writeHeader(this.header(this.frames));
  }

  private header(frames: number): Uint8Array {
    return formatNpyHeader(npyDescr('float32'), [frames, this.rows], RECORDING_NPY_HEADER_BYTES);
  }
}
