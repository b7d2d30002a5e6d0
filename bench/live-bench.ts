/**
 * Live-audio measurements on the virtual microphone (../shared/tools/virtual-mic.sh must be
 * running, with PULSE_SERVER exported) and on a long replay:
 *
 * 1. End-to-end latency: clicks played into the microphone; from the capture time of the click's
 *    sample to the moment the frame centred nearest it leaves the DSP worker, minus the engine's
 *    algorithmic latency (samples after a frame's centre before it can be computed).
 * 2. CPU of a live session (48 kHz, J = 10, Q = (8, 1), order 2): process CPU time (all threads)
 *    over wall time while the microphone runs for 20 s.
 * 3. Memory over 30 minutes of audio replayed at maximum speed: RSS every 30 s of audio.
 *
 *   npm run build && eval "$(bash ../shared/tools/virtual-mic.sh --env)" && node dist/bench/live-bench.js
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveAnalysis } from '../src/engine/live-analysis.js';
import { MicSource } from '../src/io/mic/mic-source.js';
import { openReplaySource } from '../src/io/replay-source.js';
import type { AudioChunk } from '../src/pipeline/audio-source.js';
import type { EngineConfig } from '../src/protocol/worker-messages.js';

const RATE = 48_000;
const LIVE: EngineConfig = {
  J: 10,
  Q: [8, 1],
  maxOrder: 2,
  oversampling: 0,
  precision: 'float32',
  blocks: 'latency',
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function playClicks(count: number, everySeconds: number): Promise<void> {
  const samples = Math.round(count * everySeconds * RATE);
  const pcm = Buffer.alloc(samples * 2);
  for (let k = 0; k < count; k++)
    pcm.writeInt16LE(30_000, Math.round((k + 0.5) * everySeconds * RATE) * 2);
  return new Promise((resolve, reject) => {
    const pacat = spawn(
      'pacat',
      ['-d', 'vmic_sink', '--raw', '--format=s16le', `--rate=${String(RATE)}`, '--channels=1'],
      {
        stdio: ['pipe', 'ignore', 'inherit'],
      },
    );
    pacat.on('error', reject);
    pacat.on('exit', () => {
      resolve();
    });
    pacat.stdin.end(pcm);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

async function latencyAndCpu(): Promise<void> {
  /** Capture time (ms, performance.now()) of each click sample found in the input. */
  const clicks: { sample: number; time: number }[] = [];
  const detect = (chunk: AudioChunk): void => {
    const channel = chunk.channels[0];
    if (channel === undefined) return;
    for (let i = 0; i < channel.length; i++) {
      const last = clicks.at(-1);
      if (
        Math.abs(channel[i] ?? 0) > 0.5 &&
        (last === undefined || chunk.sampleIndex + i - last.sample > RATE / 4)
      ) {
        clicks.push({ sample: chunk.sampleIndex + i, time: chunk.captureTime + (i / RATE) * 1000 });
      }
    }
  };
  const delays: number[] = [];
  const live = await LiveAnalysis.start({
    engine: LIVE,
    channel: 0,
    source: () => new MicSource({ sampleRate: RATE }),
    onAudio: detect,
  });
  const latencySamples = live.latencySamples;
  live.frames$.subscribe((packet) => {
    const now = performance.now();
    const hop = live.hop;
    for (const click of clicks) {
      // The frame centred nearest the click: is it in this packet?
      const k = Math.round((click.sample - packet.firstCentreSample) / hop);
      if (k >= 0 && k < packet.count) delays.push(now - click.time);
    }
  });
  await sleep(3000);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  await playClicks(16, 1);
  await sleep(20_000 - (performance.now() - wallStart));
  const cpu = process.cpuUsage(cpuStart);
  const wall = performance.now() - wallStart;
  await sleep((latencySamples / RATE) * 1000 + 500);
  await live.stop();
  const algorithmic = (latencySamples / RATE) * 1000;
  const beyond = delays.map((d) => d - algorithmic);
  console.log(
    `engine: J=10 Q=(8,1) order 2, float32, latency blocks; algorithmic latency ${algorithmic.toFixed(1)} ms`,
  );
  console.log(
    `end-to-end: ${String(delays.length)} clicks; capture-to-frame ${percentile(delays, 0.5).toFixed(1)} ms median; beyond the algorithmic latency: median ${percentile(beyond, 0.5).toFixed(1)} ms, max ${Math.max(...beyond).toFixed(1)} ms`,
  );
  console.log(
    `CPU of the live session: ${(((cpu.user + cpu.system) / 1000 / wall) * 100).toFixed(1)} % of one core over ${(wall / 1000).toFixed(1)} s (all threads)`,
  );
}

async function memoryOverLongReplay(minutes: number): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'scatterscope-bench-'));
  const wav = join(folder, 'long.wav');
  const sox = spawnSync('sox', [
    '-n',
    '-r',
    String(RATE),
    '-c',
    '1',
    '-b',
    '16',
    wav,
    'synth',
    String(minutes * 60),
    'sine',
    '300-3000',
    'tremolo',
    '5',
    '40',
  ]);
  if (sox.status !== 0) throw new Error(`sox failed: ${sox.stderr.toString()}`);
  const source = await openReplaySource(wav, { speed: 'max' });
  const live = await LiveAnalysis.start({
    engine: { ...LIVE, blocks: 'throughput' },
    channel: 0,
    source,
    queueBlocks: 32,
    pausable: source,
  });
  const samples: { audioMinutes: number; rssMb: number }[] = [];
  let nextReport = 0;
  live.status$.subscribe((status) => {
    if (status.samples >= nextReport) {
      samples.push({
        audioMinutes: status.samples / RATE / 60,
        rssMb: process.memoryUsage().rss / 2 ** 20,
      });
      nextReport += 30 * RATE;
    }
  });
  const started = performance.now();
  await live.finished;
  await live.stop();
  const seconds = (performance.now() - started) / 1000;
  rmSync(folder, { recursive: true, force: true });
  const first = samples.find((s) => s.audioMinutes >= 1) ?? samples[0];
  const last = samples.at(-1);
  console.log(
    `replay of ${String(minutes)} min at max speed: ${((minutes * 60) / seconds).toFixed(1)}x real time`,
  );
  const every5 = samples
    .filter((_, i) => i % 10 === 0)
    .map((s) => `${s.audioMinutes.toFixed(0)} min ${s.rssMb.toFixed(0)} MB`);
  console.log(`RSS over the replay: ${every5.join(', ')}`);
  console.log(
    `RSS at 1 min: ${first?.rssMb.toFixed(0) ?? '?'} MB; at ${last?.audioMinutes.toFixed(1) ?? '?'} min: ${last?.rssMb.toFixed(0) ?? '?'} MB; max ${Math.max(...samples.map((s) => s.rssMb)).toFixed(0)} MB`,
  );
}

if (process.env.BENCH_SKIP_LIVE === undefined) await latencyAndCpu();
await memoryOverLongReplay(Number(process.env.BENCH_REPLAY_MINUTES ?? 30));
