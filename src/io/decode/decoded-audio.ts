/**
 * What every decoded audio file looks like to a player: its format, known before any sample is
 * decoded, and its samples pulled piece by piece, so that memory stays bounded by the piece size.
 */

/** The formats recognised by content. */
export type AudioFileFormat = 'wav' | 'flac' | 'mp3' | 'ogg-vorbis' | 'ogg-opus';

/** The formats decoded by a WebAssembly codec. */
export type CompressedAudioFormat = Exclude<AudioFileFormat, 'wav'>;

/** Read from the file's headers, before decoding starts. */
export interface AudioStreamInfo {
  readonly format: AudioFileFormat;
  /** Hz, of the decoded samples (always 48 000 for Opus, whatever rate it was made from). */
  readonly sampleRate: number;
  readonly channelCount: number;
  /** Sample frames (samples per channel) in the file, when its headers say; else null. */
  readonly frames: number | null;
}

export interface CompressedStreamInfo extends AudioStreamInfo {
  readonly format: CompressedAudioFormat;
}

export interface DecodedAudio extends AudioStreamInfo {
  readonly path: string;
  /** Things worth telling the user that do not stop decoding (e.g. a truncated WAV recording). */
  readonly warnings: readonly string[];
  /**
   * The next decoded samples: one Float32Array per channel, all the same non-zero length (which
   * varies from call to call), full scale ±1; null once the file is exhausted. The arrays are the
   * caller's to keep. Throws CorruptAudioError when the data is damaged or ends too early.
   */
  read(): Promise<Float32Array[] | null>;
  /**
   * Makes the next read() start at sample frame `frame` (per channel, from 0). WAV seeks
   * directly; compressed formats restart their decoder and decode up to the frame, discarding.
   * A frame past the end makes the next read() return null.
   */
  seek(frame: number): Promise<void>;
  /** Releases the file and the decoder's WebAssembly memory. Idempotent. */
  close(): void;
}
