/** The benchmarks' input: audio-like, reproducible, generated chunk by chunk. */

export const SAMPLE_RATE = 48_000;

/** Audio-like test input: two tones with vibrato and tremolo, a repeating chirp, clicks, noise. */
export function fillChunk(chunk: Float32Array, start: number, noise: { state: number }): void {
  for (let i = 0; i < chunk.length; i++) {
    const n = start + i;
    const t = n / SAMPLE_RATE;
    const tremolo = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    const vibrato = Math.sin(2 * Math.PI * (440 * t + 2 * Math.sin(2 * Math.PI * 5 * t)));
    const chirpT = t % 2;
    const chirp = Math.sin(2 * Math.PI * (100 * chirpT + 2000 * chirpT * chirpT));
    noise.state = (Math.imul(noise.state, 1664525) + 1013904223) >>> 0;
    const click = n % 24_000 === 0 ? 0.8 : 0;
    chunk[i] =
      0.3 * tremolo * vibrato + 0.2 * chirp + click + 0.02 * (noise.state / 4294967296 - 0.5);
  }
}
