/**
 * WAV files through the project's own reader (src/io/wav-reader.ts), as DecodedAudio pieces.
 */
import type { ByteSource } from '../byte-source.js';
import { openWav } from '../wav-reader.js';
import { nameFileInError } from './decode-errors.js';
import type { DecodedAudio } from './decoded-audio.js';

/** Sample frames per read(): 8192 frames is 170 ms at 48 kHz, 64 KiB per channel as float64. */
const PIECE_FRAMES = 8192;

/** Opens a WAV over `source` (closed with the result, or at once when the header is rejected). */
export function openWavAudio(source: ByteSource): DecodedAudio {
  const path = source.name;
  let reader;
  try {
    reader = openWav(source);
  } catch (error) {
    throw nameFileInError(error, path);
  }
  const { info } = reader;
  const scratch = Array.from({ length: info.channels }, () => new Float64Array(PIECE_FRAMES));
  let closed = false;
  return {
    path,
    format: 'wav',
    sampleRate: info.sampleRate ?? 0,
    channelCount: info.channels,
    frames: info.frames,
    warnings: info.warnings,
    read: () => {
      if (closed) return Promise.resolve(null);
      let got: number;
      try {
        got = reader.read(scratch);
      } catch (error) {
        const named = nameFileInError(error, path);
        return Promise.reject(named instanceof Error ? named : new Error(String(named)));
      }
      // Float64 → Float32: the pipeline's chunks are float32 (24 significant bits, as WAV's best PCM).
      return Promise.resolve(
        got === 0 ? null : scratch.map((c) => Float32Array.from(c.subarray(0, got))),
      );
    },
    seek: (frame) => {
      if (!closed) reader.seek(frame);
      return Promise.resolve();
    },
    close: () => {
      if (closed) return;
      closed = true;
      reader.close();
    },
  };
}
