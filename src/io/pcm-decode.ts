/**
 * Decodes interleaved little-endian samples into one Float64Array per channel.
 *
 * Float64 because it holds every supported encoding exactly (int32 and float64 included) and
 * the channel mix-down then rounds once, in the engine, rather than twice. Decoding runs over
 * blocks of a few thousand frames, so the wider type costs no memory worth counting.
 */
import { NonFiniteSampleError } from './errors.js';
import type { SampleEncoding } from './sample-encoding.js';

const INT16_SCALE = 1 / 32768;
const INT24_SCALE = 1 / 8388608;
const INT32_SCALE = 1 / 2147483648;

/**
 * Decodes `frames` frames of `channels` interleaved samples from `bytes` (starting at byte 0)
 * into `out[c][outOffset + i]`.
 *
 * Float encodings are checked as they are decoded: the first NaN or infinite sample throws a
 * NonFiniteSampleError with its frame index (`firstFrame` + its position here) and channel.
 */
export function decodeInterleaved(
  bytes: Uint8Array,
  encoding: SampleEncoding,
  channels: number,
  frames: number,
  out: readonly Float64Array[],
  outOffset: number,
  firstFrame: number,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The earliest bad sample over all channels (ties go to the lower channel).
  let badFrame = frames;
  let badChannel = -1;
  for (let c = 0; c < channels; c++) {
    const target = out[c];
    if (target === undefined) throw new Error(`no output buffer for channel ${String(c)}`);
    const bad = decodeChannel(view, bytes, encoding, channels, c, frames, target, outOffset);
    if (bad < badFrame) {
      badFrame = bad;
      badChannel = c;
    }
  }
  if (badChannel >= 0) {
    const value = out[badChannel]?.[outOffset + badFrame] ?? Number.NaN;
    throw new NonFiniteSampleError(firstFrame + badFrame, badChannel, value);
  }
}

/**
 * One channel at a time: a tight loop per encoding, with no per-sample branching on it.
 * Returns the index of the first non-finite sample (floats only), or `frames` when there is none.
 */
function decodeChannel(
  view: DataView,
  bytes: Uint8Array,
  encoding: SampleEncoding,
  channels: number,
  channel: number,
  frames: number,
  out: Float64Array,
  outOffset: number,
): number {
  switch (encoding) {
    case 'uint8': {
      const stride = channels;
      for (let i = 0, p = channel; i < frames; i++, p += stride) {
        out[outOffset + i] = ((bytes[p] ?? 128) - 128) / 128;
      }
      return frames;
    }
    case 'int16': {
      const stride = 2 * channels;
      for (let i = 0, p = 2 * channel; i < frames; i++, p += stride) {
        out[outOffset + i] = view.getInt16(p, true) * INT16_SCALE;
      }
      return frames;
    }
    case 'int24': {
      const stride = 3 * channels;
      for (let i = 0, p = 3 * channel; i < frames; i++, p += stride) {
        // Little-endian 3 bytes; the top byte is sign-extended by reading it as Int8.
        const value = view.getUint16(p, true) | (view.getInt8(p + 2) << 16);
        out[outOffset + i] = value * INT24_SCALE;
      }
      return frames;
    }
    case 'int32': {
      const stride = 4 * channels;
      for (let i = 0, p = 4 * channel; i < frames; i++, p += stride) {
        out[outOffset + i] = view.getInt32(p, true) * INT32_SCALE;
      }
      return frames;
    }
    case 'float32': {
      const stride = 4 * channels;
      for (let i = 0, p = 4 * channel; i < frames; i++, p += stride) {
        const value = view.getFloat32(p, true);
        out[outOffset + i] = value;
        // One comparison catches NaN and both infinities.
        if (!(Math.abs(value) <= Number.MAX_VALUE)) return i;
      }
      return frames;
    }
    case 'float64': {
      const stride = 8 * channels;
      for (let i = 0, p = 8 * channel; i < frames; i++, p += stride) {
        const value = view.getFloat64(p, true);
        out[outOffset + i] = value;
        if (!(Math.abs(value) <= Number.MAX_VALUE)) return i;
      }
      return frames;
    }
  }
}
