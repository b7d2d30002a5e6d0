/**
 * A decoded view of an audio input, read block by block so that memory stays bounded by the
 * block size, whatever the length of the recording.
 */
import type { ByteSource } from './byte-source.js';
import { FileFormatError } from './errors.js';
import { decodeInterleaved } from './pcm-decode.js';
import { BYTES_PER_SAMPLE, type SampleEncoding } from './sample-encoding.js';

export interface SignalInfo {
  /** The container the samples came from. */
  readonly container: 'wav' | 'npy';
  /** Samples per second per channel, or null when the container does not say (.npy). */
  readonly sampleRate: number | null;
  readonly channels: number;
  /** Sample frames (samples per channel) that read() delivers in total. */
  readonly frames: number;
  readonly encoding: SampleEncoding;
  /** Significant bits per sample as the file declares them (may be fewer than the container's). */
  readonly bitsPerSample: number;
  /** Things worth telling the user that do not stop the read (e.g. a truncated recording). */
  readonly warnings: readonly string[];
}

export interface SignalReader {
  readonly info: SignalInfo;
  /**
   * Decodes the next frames into `out` (one Float64Array per channel, all of the same length),
   * from index 0; returns how many frames were written, 0 once every frame has been read.
   * Throws NonFiniteSampleError at a NaN or infinite sample.
   */
  read(out: readonly Float64Array[]): number;
  /** Frames delivered so far. */
  readonly position: number;
  close(): void;
}

/** Where interleaved samples lie in a byte source. */
export interface InterleavedLayout {
  readonly dataOffset: number;
  readonly frames: number;
  readonly channels: number;
  readonly encoding: SampleEncoding;
}

/** Bytes read from the source per call: large enough for few system calls, small for the cache. */
const READ_BLOCK_BYTES = 1 << 18;

/** Reads interleaved samples in place from a byte source (a WAV data chunk, an .npy body). */
export class InterleavedSignalReader implements SignalReader {
  private readonly frameBytes: number;
  private readonly scratch: Uint8Array;
  private next = 0;

  constructor(
    private readonly source: ByteSource,
    private readonly layout: InterleavedLayout,
    readonly info: SignalInfo,
  ) {
    this.frameBytes = BYTES_PER_SAMPLE[layout.encoding] * layout.channels;
    const blockFrames = Math.max(1, Math.floor(READ_BLOCK_BYTES / this.frameBytes));
    this.scratch = new Uint8Array(blockFrames * this.frameBytes);
  }

  get position(): number {
    return this.next;
  }

  read(out: readonly Float64Array[]): number {
    const first = out[0];
    if (out.length !== this.layout.channels || first === undefined) {
      throw new Error(
        `read() needs ${String(this.layout.channels)} channel buffers, got ${String(out.length)}`,
      );
    }
    const wanted = Math.min(first.length, this.layout.frames - this.next);
    let done = 0;
    while (done < wanted) {
      const frames = Math.min(wanted - done, this.scratch.length / this.frameBytes);
      const bytes = this.scratch.subarray(0, frames * this.frameBytes);
      const position = this.layout.dataOffset + (this.next + done) * this.frameBytes;
      const got = this.source.readAt(bytes, position);
      if (got < bytes.length) {
        // The layout was checked against the file size when it was opened; the file has changed since.
        throw new FileFormatError(`${this.source.name} became shorter while it was being read`);
      }
      decodeInterleaved(
        bytes,
        this.layout.encoding,
        this.layout.channels,
        frames,
        out,
        done,
        this.next + done,
      );
      done += frames;
    }
    this.next += done;
    return done;
  }

  /** Makes the next read() start at sample frame `frame` (clamped to the signal). */
  seek(frame: number): void {
    this.next = Math.min(Math.max(0, Math.floor(frame)), this.layout.frames);
  }

  close(): void {
    this.source.close();
  }
}

/**
 * Reads a whole input into one Float64Array per channel: for tests and short inputs.
 * (A 10-minute 48 kHz stereo recording takes 460 MB this way; the CLI streams instead.)
 */
export function readAllChannels(reader: SignalReader): Float64Array[] {
  const channels = Array.from(
    { length: reader.info.channels },
    () => new Float64Array(reader.info.frames),
  );
  reader.read(channels);
  return channels;
}
