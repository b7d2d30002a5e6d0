/**
 * Incremental decoding of a compressed file (FLAC, MP3, Ogg Vorbis, Ogg Opus): the file is read
 * FEED_BYTES at a time and fed to a WebAssembly decoder, so memory stays bounded whatever the
 * file's length. The format (rate, channels) comes from the headers, read before this starts.
 */
import type { ByteSource } from '../byte-source.js';
import { CorruptAudioError } from './decode-errors.js';
import type { AudioStreamInfo, CompressedStreamInfo, DecodedAudio } from './decoded-audio.js';
import { rescaleToPowerOfTwo } from './integer-rescale.js';
import { createWasmCodec, type CodecOutput, type WasmCodec } from './wasm-codec.js';

/** Bytes fed to the decoder per step: 64 KiB is ~1.5 s of 320 kbit/s MP3, a few ms to decode. */
const FEED_BYTES = 1 << 16;

const FORMAT_NAMES: Readonly<Record<AudioStreamInfo['format'], string>> = {
  wav: 'WAV',
  flac: 'FLAC',
  mp3: 'MP3',
  'ogg-vorbis': 'Ogg Vorbis',
  'ogg-opus': 'Ogg Opus',
};

export interface CompressedAudioOptions {
  readonly info: CompressedStreamInfo;
  /**
   * Called once the whole file has been fed, with the frames decoded; when the file turns out to
   * be cut short, returns how (`it ends after ...`), else null. MP3 has no such check: its
   * streams have no end marker, and a cut MP3 plays up to the cut, as in every player.
   */
  readonly checkComplete?: (framesDecoded: number) => string | null;
  /** For integer codecs (FLAC): bits per sample, to rescale as the WAV reader does. */
  readonly integerBits?: number;
}

/** Opens the decoder for a file whose headers have been read; the source is closed with it. */
export async function openCompressedAudio(
  source: ByteSource,
  options: CompressedAudioOptions,
): Promise<DecodedAudio> {
  const codec = await createWasmCodec(options.info.format);
  return new CompressedAudio(source, options, codec);
}

class CompressedAudio implements DecodedAudio {
  readonly path: string;
  readonly format: AudioStreamInfo['format'];
  readonly sampleRate: number;
  readonly channelCount: number;
  readonly frames: number | null;
  readonly warnings: readonly string[] = [];
  private readonly feed = new Uint8Array(FEED_BYTES);
  /** Next byte of the file to feed. */
  private bytePosition = 0;
  /** Frames decoded since the start of the file (before any discarding for a seek). */
  private framesDecoded = 0;
  /** Frames still to drop after a seek, decoded from the start of the file. */
  private discard = 0;
  private flushed = false;
  private closed = false;

  constructor(
    private readonly source: ByteSource,
    private readonly options: CompressedAudioOptions,
    private codec: WasmCodec,
  ) {
    this.path = source.name;
    ({
      format: this.format,
      sampleRate: this.sampleRate,
      channelCount: this.channelCount,
      frames: this.frames,
    } = options.info);
  }

  async read(): Promise<Float32Array[] | null> {
    while (!this.closed && !this.flushed) {
      const output = await this.decodeNext();
      const samples = this.accept(output);
      if (samples !== null) return samples;
    }
    return null;
  }

  /** Feeds the next piece of the file, or flushes the decoder at its end. */
  private async decodeNext(): Promise<CodecOutput> {
    const got = this.source.readAt(this.feed, this.bytePosition);
    this.bytePosition += got;
    try {
      if (got > 0) return await this.codec.decode(this.feed.slice(0, got));
      this.flushed = true;
      return await this.codec.flush();
    } catch (error) {
      // The libraries throw plain Errors on data they cannot parse at all.
      throw this.corrupt(error instanceof Error ? error.message : String(error));
    }
  }

  /** Checks a decoder output and turns it into the caller's channels (null when there are none). */
  private accept(output: CodecOutput): Float32Array[] | null {
    const [firstError] = output.errors;
    if (firstError !== undefined) throw this.corrupt(firstError.message);
    const count = output.samplesDecoded;
    if (count > 0 && output.sampleRate !== this.sampleRate) {
      throw this.corrupt(
        `the sample rate changes from ${String(this.sampleRate)} Hz to ${String(output.sampleRate)} Hz`,
      );
    }
    this.framesDecoded += count;
    if (this.flushed) {
      const problem = this.options.checkComplete?.(this.framesDecoded) ?? null;
      if (problem !== null) {
        throw new CorruptAudioError(
          this.path,
          `truncated ${FORMAT_NAMES[this.format]} file: ${problem}`,
        );
      }
    }
    const skip = Math.min(this.discard, count);
    this.discard -= skip;
    if (count - skip === 0) return null;
    // mpg123 always outputs two channels: a mono file's are copies, keep the first.
    const channels = output.channelData.slice(0, this.channelCount);
    if (channels.length !== this.channelCount) {
      throw this.corrupt(
        `the decoder produced ${String(channels.length)} channels where the header declares ${String(this.channelCount)}`,
      );
    }
    // Copies: the libraries' arrays may be views on buffers they reuse.
    const copies = channels.map((channel) => channel.slice(skip, count));
    const bits = this.options.integerBits;
    if (bits !== undefined) for (const copy of copies) rescaleToPowerOfTwo(copy, bits);
    return copies;
  }

  private corrupt(problem: string): CorruptAudioError {
    return new CorruptAudioError(
      this.path,
      `corrupt ${FORMAT_NAMES[this.format]} data (${problem})`,
    );
  }

  async seek(frame: number): Promise<void> {
    if (this.closed) return;
    // Compressed frames depend on what came before: restart from the top and drop samples.
    this.codec.free();
    const codec = await createWasmCodec(this.options.info.format);
    if (this.isClosed()) {
      // close() ran while the new instance was being made.
      codec.free();
      return;
    }
    this.codec = codec;
    this.bytePosition = 0;
    this.framesDecoded = 0;
    this.flushed = false;
    this.discard = Math.max(0, Math.floor(frame));
  }

  private isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.codec.free();
    this.source.close();
  }
}
