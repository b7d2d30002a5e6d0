/**
 * What running narrow-band filters on a decimated input (src/dsp/stage-planner.ts) gains: the
 * same cascade planned with and without it, in one process, fed the same 1024-sample chunks
 * alternately, so that both see the same machine load and caches. Reported: each one's real-time
 * factor over the same audio, their ratio, and the largest difference between their frames
 * relative to each row's maximum (float32 round-off, not an approximation).
 *
 *   npm run build && node dist/bench/decimation-bench.js
 *   BENCH_AB_SECONDS=60 (default) sets the audio per configuration.
 */
import { createPffftBackend } from '../src/dsp/fft/pffft-backend.js';
import { buildGraphTemplate, PRECISION_COSTS, PRECISION_TAILS } from '../src/dsp/graph-template.js';
import { normalizeParams } from '../src/dsp/params.js';
import { ScatteringStreamImpl } from '../src/dsp/scattering-stream.js';
import type { BlockPolicy } from '../src/dsp/stage-planner.js';
import { fillChunk, SAMPLE_RATE } from './bench-audio.js';

const CHUNK = 1024;
/** Audio before timing starts: the cascade fills its blocks and the JIT settles. */
const WARM_UP_SECONDS = 5;

interface Arm {
  readonly stream: ScatteringStreamImpl;
  readonly frames: Float32Array[];
  cpuMicros: number;
}

async function compare(J: number, blocks: BlockPolicy, seconds: number): Promise<string> {
  const backend = await createPffftBackend();
  const arm = (decimate: boolean): Arm => {
    const template = buildGraphTemplate(normalizeParams({ J, Q: [8, 1] }), {
      ...PRECISION_TAILS.float32,
      blocks,
      costs: PRECISION_COSTS.float32,
      minFftSize: backend.minSize,
      allocate: backend.allocate,
      decimate,
    });
    const frames: Float32Array[] = [];
    const stream = new ScatteringStreamImpl(template, backend, (frame, index) => {
      frames[index] = Float32Array.from(frame);
    });
    return { stream, frames, cpuMicros: 0 };
  };
  const direct = arm(false);
  const decimated = arm(true);
  const chunk = new Float32Array(CHUNK);
  const noise = { state: 12345 };
  const chunks = Math.floor(((seconds + WARM_UP_SECONDS) * SAMPLE_RATE) / CHUNK);
  const warmUp = Math.floor((WARM_UP_SECONDS * SAMPLE_RATE) / CHUNK);
  for (let c = 0; c < chunks; c++) {
    fillChunk(chunk, c * CHUNK, noise);
    for (const side of [direct, decimated]) {
      const cpu = process.cpuUsage();
      side.stream.push(chunk);
      const used = process.cpuUsage(cpu);
      if (c >= warmUp) side.cpuMicros += used.user + used.system;
    }
  }
  const timed = ((chunks - warmUp) * CHUNK) / SAMPLE_RATE;
  const speed = (side: Arm): number => timed / (side.cpuMicros / 1e6);
  return `| ${String(J)} | ${blocks} | ${speed(direct).toFixed(1)} | ${speed(decimated).toFixed(1)} | ${(direct.cpuMicros / decimated.cpuMicros).toFixed(2)} | ${worstRowDifference(decimated.frames, direct.frames).toExponential(1)} |`;
}

/** Largest |a − b| over the frames both emitted, relative to each row's largest |b|. */
function worstRowDifference(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  const common = b.flatMap((frame, index) => {
    const other = a[index];
    return other === undefined ? [] : [[other, frame] as const];
  });
  const rows = common[0]?.[1].length ?? 0;
  let worst = 0;
  for (let r = 0; r < rows; r++) {
    let peak = 0;
    let difference = 0;
    for (const [x, y] of common) {
      peak = Math.max(peak, Math.abs(y[r] ?? 0));
      difference = Math.max(difference, Math.abs((x[r] ?? 0) - (y[r] ?? 0)));
    }
    if (peak > 0) worst = Math.max(worst, difference / peak);
  }
  return worst;
}

const seconds = Number(process.env.BENCH_AB_SECONDS ?? 60);
process.stdout.write(
  `\nDecimated narrow-band filters, float32, ${String(seconds)} s of 48 kHz audio per row, alternating chunks\n\n` +
    '| J | blocks | × real time without | × real time with | speed-up | largest difference / row max |\n' +
    '|---|---|---|---|---|---|\n',
);
for (const [J, blocks] of [
  [8, 'throughput'],
  [10, 'throughput'],
  [12, 'throughput'],
  [10, 'latency'],
  [12, 'latency'],
] as const) {
  process.stdout.write(`${await compare(J, blocks, seconds)}\n`);
}
