/**
 * Streaming scattering benchmark: 48 kHz audio pushed in 1024-sample chunks, Q = (8, 1), order 2.
 *
 * Each configuration runs in its own child process so that its peak RSS is its own. Reported:
 * real-time factor (audio seconds per CPU second of this one thread), bank build time, per-chunk
 * compute time p50/p99, peak RSS after the whole stream, and the speed relative to float64 in the
 * same run. Timings are measurements on a shared machine, not assertions.
 *
 *   npm run bench                      # 10 minutes of audio per configuration
 *   BENCH_MINUTES=1 npm run bench      # quicker
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createScatteringEngine, type BlockPolicy, type Precision } from '../src/dsp/index.js';
import { describePffftBuild, installNativePffft } from '../src/worker/native-pffft.js';
import { fillChunk, SAMPLE_RATE } from './bench-audio.js';

const CHUNK = 1024;

interface RunConfig {
  readonly J: number;
  readonly precision: Precision;
  readonly blocks: BlockPolicy;
  readonly minutes: number;
}

interface RunResult extends RunConfig {
  readonly rows: number;
  readonly buildMs: number;
  readonly realTimeFactor: number;
  readonly chunkP50Ms: number;
  readonly chunkP99Ms: number;
  readonly peakRssMb: number;
  readonly rssAfterFirstMinuteMb: number;
  readonly latencyMs: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

async function runOne(config: RunConfig): Promise<RunResult> {
  installNativePffft();
  const buildStart = performance.now();
  const engine = await createScatteringEngine(
    { J: config.J, Q: [8, 1] },
    config.precision,
    config.blocks,
  );
  const buildMs = performance.now() - buildStart;
  let frames = 0;
  const stream = engine.createStream(() => {
    frames++;
  });
  const chunk = new Float32Array(CHUNK);
  const noise = { state: 12345 };
  const chunks = Math.floor((config.minutes * 60 * SAMPLE_RATE) / CHUNK);
  const times = new Float64Array(chunks);
  let cpuMicros = 0;
  let rssAfterFirstMinute = 0;
  for (let c = 0; c < chunks; c++) {
    fillChunk(chunk, c * CHUNK, noise);
    const cpu = process.cpuUsage();
    const wall = performance.now();
    stream.push(chunk);
    times[c] = performance.now() - wall;
    const used = process.cpuUsage(cpu);
    cpuMicros += used.user + used.system;
    if ((c + 1) * CHUNK === 60 * SAMPLE_RATE - ((60 * SAMPLE_RATE) % CHUNK)) {
      rssAfterFirstMinute = process.memoryUsage().rss;
    }
  }
  if (frames === 0) throw new Error('no frames were produced');
  times.sort();
  const audioSeconds = (chunks * CHUNK) / SAMPLE_RATE;
  return {
    ...config,
    rows: engine.layout.paths.length,
    buildMs,
    realTimeFactor: audioSeconds / (cpuMicros / 1e6),
    chunkP50Ms: percentile(times, 0.5),
    chunkP99Ms: percentile(times, 0.99),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rssAfterFirstMinuteMb: rssAfterFirstMinute / 2 ** 20,
    latencyMs: (stream.latencySamples / SAMPLE_RATE) * 1000,
  };
}

function table(results: readonly RunResult[]): string {
  const baseline = new Map(
    results
      .filter((r) => r.precision === 'float64')
      .map((r) => [`${String(r.J)}/${r.blocks}`, r.realTimeFactor]),
  );
  const lines = [
    '| J | precision | blocks | rows | × real time | × float64 | build ms | chunk p50 ms | chunk p99 ms | RSS after 1 min MB | peak RSS MB | latency ms |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const base = baseline.get(`${String(r.J)}/${r.blocks}`);
    lines.push(
      `| ${String(r.J)} | ${r.precision} | ${r.blocks} | ${String(r.rows)} | ${r.realTimeFactor.toFixed(1)} | ${base === undefined ? '–' : (r.realTimeFactor / base).toFixed(2)} | ${r.buildMs.toFixed(0)} | ${r.chunkP50Ms.toFixed(3)} | ${r.chunkP99Ms.toFixed(3)} | ${r.rssAfterFirstMinuteMb.toFixed(0)} | ${r.peakRssMb.toFixed(0)} | ${r.latencyMs.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const single = process.argv[2];
  if (single !== undefined) {
    const result = await runOne(JSON.parse(single) as RunConfig);
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const minutes = Number(process.env.BENCH_MINUTES ?? 10);
  const configs: RunConfig[] = [];
  for (const J of [8, 10, 12]) {
    for (const precision of ['float64', 'float32'] as const) {
      for (const blocks of ['latency', 'throughput'] as const)
        configs.push({ J, precision, blocks, minutes });
    }
  }
  const self = fileURLToPath(import.meta.url);
  const results: RunResult[] = [];
  for (const config of configs) {
    process.stderr.write(
      `J=${String(config.J)} ${config.precision} ${config.blocks}: ${String(minutes)} min of audio... `,
    );
    const output = execFileSync(process.execPath, [self, JSON.stringify(config)], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const result = JSON.parse(output) as RunResult;
    process.stderr.write(`${result.realTimeFactor.toFixed(1)}× real time\n`);
    results.push(result);
  }
  process.stdout.write(
    `\nNode ${process.version}, ${String(minutes)} min of 48 kHz audio per row, 1024-sample chunks, ` +
      `float32 FFTs on ${describePffftBuild(installNativePffft())}\n\n`,
  );
  process.stdout.write(`${table(results)}\n`);
}

await main();
