/**
 * One shape over the four WebAssembly decoders (FLAC, mpg123, Vorbis, Opus): feed bytes in
 * pieces, flush at the end, free the instance. Each library already returns the same result
 * record; only its methods differ (some decode synchronously, mpg123 has no flush).
 */
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { MPEGDecoder } from 'mpg123-decoder';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import type { CompressedAudioFormat } from './decoded-audio.js';

/** What every decoder returns for the bytes it was given. */
export interface CodecOutput {
  /** One array per channel the decoder produced (mpg123 always gives two). */
  readonly channelData: readonly Float32Array[];
  readonly samplesDecoded: number;
  /** Hz; 0 when nothing was decoded yet. */
  readonly sampleRate: number;
  readonly errors: readonly { readonly message: string }[];
}

export interface WasmCodec {
  /** Decodes the next bytes of the file (any amount: the codec keeps partial frames). */
  decode(bytes: Uint8Array): Promise<CodecOutput>;
  /** Decodes what the codec still holds at the end of the file. */
  flush(): Promise<CodecOutput>;
  /** Releases the WebAssembly instance. Idempotent. */
  free(): void;
}

const NOTHING: CodecOutput = { channelData: [], samplesDecoded: 0, sampleRate: 0, errors: [] };

interface LibraryDecoder {
  readonly ready: Promise<void>;
  decode(bytes: Uint8Array): CodecOutput | Promise<CodecOutput>;
  free(): void;
  flush?: () => Promise<CodecOutput>;
}

function createLibraryDecoder(format: CompressedAudioFormat): LibraryDecoder {
  switch (format) {
    case 'flac':
      return new FLACDecoder();
    case 'mp3':
      // Gapless: mpg123 drops the encoder delay and padding that a LAME/Xing header declares.
      return new MPEGDecoder({ enableGapless: true });
    case 'ogg-vorbis':
      return new OggVorbisDecoder();
    case 'ogg-opus':
      return new OggOpusDecoder();
  }
}

/** A ready decoder for `format`: its WebAssembly instance is compiled and instantiated. */
export async function createWasmCodec(format: CompressedAudioFormat): Promise<WasmCodec> {
  const library = createLibraryDecoder(format);
  await library.ready;
  let freed = false;
  return {
    decode: async (bytes) => library.decode(bytes),
    flush: async () => (library.flush === undefined ? NOTHING : library.flush()),
    free: () => {
      if (freed) return;
      freed = true;
      library.free();
    },
  };
}
