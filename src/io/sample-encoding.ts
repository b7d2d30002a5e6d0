/**
 * How samples are stored in a file, and how they become numbers in [-1, 1).
 */

/**
 * Storage of one sample. Integers are scaled by their container size (left-justified, as WAV
 * stores 20-bit audio in 24-bit containers): uint8 (v - 128) / 128, int16 v / 32768,
 * int24 v / 8388608, int32 v / 2147483648. Floats are taken as they are.
 * All little-endian.
 */
export type SampleEncoding = 'uint8' | 'int16' | 'int24' | 'int32' | 'float32' | 'float64';

/** Bytes one sample occupies in the file. */
export const BYTES_PER_SAMPLE: Readonly<Record<SampleEncoding, number>> = {
  uint8: 1,
  int16: 2,
  int24: 3,
  int32: 4,
  float32: 4,
  float64: 8,
};

export function isFloatEncoding(encoding: SampleEncoding): boolean {
  return encoding === 'float32' || encoding === 'float64';
}

/** A human description, for messages and metadata: `16-bit signed PCM`, `32-bit float`. */
export function describeEncoding(encoding: SampleEncoding): string {
  switch (encoding) {
    case 'uint8':
      return '8-bit unsigned PCM';
    case 'int16':
      return '16-bit signed PCM';
    case 'int24':
      return '24-bit signed PCM';
    case 'int32':
      return '32-bit signed PCM';
    case 'float32':
      return '32-bit float';
    case 'float64':
      return '64-bit float';
  }
}
