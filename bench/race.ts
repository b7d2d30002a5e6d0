/**
 * Two engines raced on the same audio in one process, for the benchmarks that compare them
 * (ab-bench.ts, revision-ab.ts): on a shared machine whose speed moves by more than the
 * difference measured, only CPU time taken turn by turn on the same chunks compares.
 */
import { fillChunk, SAMPLE_RATE } from './bench-audio.js';

/** One engine's stream, the frames it emitted, and the CPU time its pushes took. */
export interface Arm {
  readonly stream: { push(samples: Float32Array): void };
  readonly frames: Float32Array[];
  cpuMicros: number;
}

/** Audio before timing starts: the engines fill their blocks and the JIT settles. */
const WARM_UP_SECONDS = 5;

/**
 * Feeds both arms the same `seconds` of audio (after the warm-up) in chunks of `chunk` samples,
 * taking turns at going first, and adds each push's CPU time to its arm. Returns the audio
 * timed, in seconds.
 */
export function race(a: Arm, b: Arm, seconds: number, chunk: number): number {
  const samples = new Float32Array(chunk);
  const noise = { state: 12345 };
  const warmUp = Math.floor((WARM_UP_SECONDS * SAMPLE_RATE) / chunk);
  const chunks = Math.floor(((seconds + WARM_UP_SECONDS) * SAMPLE_RATE) / chunk);
  for (let c = 0; c < chunks; c++) {
    fillChunk(samples, c * chunk, noise);
    for (const side of c % 2 === 0 ? [a, b] : [b, a]) {
      const cpu = process.cpuUsage();
      side.stream.push(samples);
      const used = process.cpuUsage(cpu);
      if (c >= warmUp) side.cpuMicros += used.user + used.system;
    }
  }
  return ((chunks - warmUp) * chunk) / SAMPLE_RATE;
}
