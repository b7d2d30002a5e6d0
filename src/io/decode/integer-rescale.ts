/**
 * The FLAC decoder scales a b-bit integer v to v / (2^(b−1) − 1); the project's convention (the
 * WAV reader's, sample-encoding.ts) is v / 2^(b−1), so that the two readers of the same PCM agree
 * to the bit. This recovers v by rounding and applies the project's scale, in place.
 */
export function rescaleToPowerOfTwo(channel: Float32Array, bits: number): void {
  const decoderScale = 2 ** (bits - 1) - 1;
  const projectScale = 1 / 2 ** (bits - 1);
  for (let i = 0; i < channel.length; i++) {
    channel[i] = Math.round((channel[i] ?? 0) * decoderScale) * projectScale;
  }
}
