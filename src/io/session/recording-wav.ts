/**
 * audio.wav of a recording: interleaved float32 samples appended chunk by chunk, the header's
 * sizes brought up to date on each sync.
 */
import { LittleEndianEncoder } from '../npy.js';
import {
  floatWavFrameBytes,
  formatFloatWavHeader,
  MAX_WAV_DATA_BYTES,
  type FloatWavFormat,
} from '../wav-float-header.js';
import { GrowingFile } from './growing-file.js';

export class RecordingWav {
  readonly file: GrowingFile;
  private readonly frameBytes: number;
  private readonly encoder = new LittleEndianEncoder('float32');
  /** Interleaved samples of one chunk: [frame][channel]. Grown to the largest chunk seen. */
  private interleaved = new Float32Array(0);

  constructor(
    path: string,
    readonly format: FloatWavFormat,
  ) {
    this.frameBytes = floatWavFrameBytes(format);
    this.file = new GrowingFile(path, formatFloatWavHeader(format, 0));
  }

  /** Sample frames (per channel) written so far. */
  get frames(): number {
    return this.file.dataBytes / this.frameBytes;
  }

  /** Appends one chunk: one array per channel, all of the same length. */
  append(channels: readonly Float32Array[]): void {
    const frames = channels[0]?.length ?? 0;
    const count = this.format.channels;
    if (channels.length !== count || channels.some((samples) => samples.length !== frames)) {
      throw new Error(
        `a chunk must hold ${String(count)} channel arrays of one length (got lengths ${channels.map((samples) => samples.length).join(', ')})`,
      );
    }
    if (this.file.dataBytes + frames * this.frameBytes > MAX_WAV_DATA_BYTES) {
      throw new Error(`${this.file.path} reached the 4 GiB size limit of a WAV file`);
    }
    if (this.interleaved.length < frames * count) {
      this.interleaved = new Float32Array(frames * count);
    }
    const interleaved = this.interleaved.subarray(0, frames * count);
    for (let c = 0; c < count; c++) {
      const samples = channels[c];
      if (samples === undefined) continue;
      for (let i = 0; i < frames; i++) interleaved[i * count + c] = samples[i] ?? 0;
    }
    this.file.append(this.encoder.encode(interleaved));
  }

  /** Rewrites the RIFF and data sizes for the samples written so far (not yet fsynced). */
  writeHeader(): void {
    this.file.writeHeader(formatFloatWavHeader(this.format, this.file.dataBytes));
  }
}
