/**
 * Live-audio measurements on the virtual microphone (../shared/tools/virtual-mic.sh must be
 * running, with PULSE_SERVER exported) and on a long replay:
 *
 * 1. A live session (48 kHz, J = 10, Q = (8, 1), order 2, float32) for each block policy and
 *    capture buffer size, one after the other in this process, while 30 s of low noise
 *    (−50 dBFS, as a real microphone never gives exact zeros) with a click every second are
 *    played into the microphone:
 *    - CPU over the last 20 s (the first 10 s, while the runtime warms up, reported apart):
 *      process CPU time (all threads) over wall time, and per thread (Linux /proc): the
 *      main thread (capture, pipeline, recording tap), the DSP worker, the audio driver's
 *      threads (PortAudio's callback, PulseAudio's client), and the runtime's (garbage
 *      collection, the thread pool the binding reads through); with each group's context
 *      switches per second, and, once, the CPU time an idle wake-up of this thread costs.
 *    - End-to-end latency of each click: from the capture time of its sample (the device's
 *      timeline, see CaptureClock) to the moment the frame centred nearest it leaves the worker.
 *      Minus the engine's worst-case algorithmic latency: the measure. And the
 *      delivery delay: from the capture of the last sample the worker had when it emitted the
 *      frame (everything the engine waited for) to the frame leaving the worker, i.e. what the
 *      pipeline adds: driver hand-over, queueing, the worker's compute and the messages.
 * 2. Memory over 30 minutes of audio replayed at maximum speed: RSS every 30 s of audio.
 *
 *   npm run build && eval "$(bash ../shared/tools/virtual-mic.sh --env)" && node dist/bench/live-bench.js
 *
 * BENCH_LIVE_SECONDS (default 20) sets each live run's measured length (after BENCH_LIVE_WARMUP
 * seconds, default 10, of the same sound, reported apart), BENCH_REPLAY_MINUTES (30) the
 * replay's (0 skips it), BENCH_SKIP_LIVE skips the live runs, BENCH_LIVE_RUNS=default,large…
 * runs only the rows whose labels start with those words, BENCH_LIVE_REPEAT=N runs each row N
 * times (with min, median and max CPU), and BENCH_J / BENCH_T change the engine (J = 10,
 * T = 2^J by default).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ANALYSIS_BLOCK, LiveAnalysis } from '../src/engine/live-analysis.js';
import { MicSource } from '../src/io/mic/mic-source.js';
import { openReplaySource } from '../src/io/replay-source.js';
import type { AudioChunk } from '../src/pipeline/audio-source.js';
import type { EngineConfig } from '../src/protocol/worker-messages.js';
import { LIVE_ENGINE, playNoiseAndClicks, RATE } from './live-setup.js';
import { threadUse } from './thread-use.js';

const LIVE_SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 20);
/**
 * Seconds of each live session before its CPU is measured: a new session's runtime compiles
 * and collects for its first 6 to 8 s (its helper threads took 1.1 to 1.9 % of a core in each of
 * those seconds, 0.0 to 0.3 % in most seconds after), and a session runs for minutes.
 */
const WARMUP_SECONDS = Number(process.env.BENCH_LIVE_WARMUP ?? 10);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time as a share of one core over `wallMs`, e.g. "4.0 %". */
function share(cpu: NodeJS.CpuUsage, wallMs: number): string {
  return `${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(1)} %`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

/**
 * CPU time (µs) this thread spends per wake-up doing nothing else: a timer every 21 ms (an
 * analysis block's period), timed by the thread's own CPU clock. On a virtual machine waking a
 * sleeping thread is far from free, and a live session wakes its threads hundreds of times a
 * second.
 */
async function idleWakeUpMicros(): Promise<number> {
  const wakeUps = 200;
  const start = process.threadCpuUsage();
  for (let i = 0; i < wakeUps; i++) await sleep(21);
  const used = process.threadCpuUsage(start);
  return (used.user + used.system) / wakeUps;
}

interface LiveRun {
  readonly label: string;
  readonly blocks: EngineConfig['blocks'];
  readonly framesPerBuffer: number;
  readonly framesPerRead: number;
  /** Samples per analysis block sent to the worker (default: LiveAnalysis's, 2048 at J = 10). */
  readonly blockSize?: number;
}

/** One live session of `run`, reported as it ends; returns its CPU, % of one core. */
async function liveRun(run: LiveRun): Promise<number> {
  /** Capture time (ms, performance.now()) of each click sample found in the input. */
  const clicks: { sample: number; time: number }[] = [];
  /** Recent chunks' first sample, capture time and arrival here, to time any recent sample. */
  const recent: { sampleIndex: number; captureTime: number; arrival: number }[] = [];
  const chunkOf = (sample: number): (typeof recent)[number] | undefined =>
    recent.findLast((c) => c.sampleIndex <= sample) ?? recent[0];
  const captureTimeOf = (sample: number): number => {
    const chunk = chunkOf(sample);
    return chunk === undefined
      ? Number.NaN
      : chunk.captureTime + ((sample - chunk.sampleIndex) / RATE) * 1000;
  };
  const onAudio = (chunk: AudioChunk): void => {
    recent.push({
      sampleIndex: chunk.sampleIndex,
      captureTime: chunk.captureTime,
      arrival: performance.now(),
    });
    if (recent.length > 1000) recent.shift();
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
  const endToEnd: number[] = [];
  const delivery: number[] = [];
  /** Parts of the delivery: capture to arrival here, and the worker's compute for the block. */
  const handOver: number[] = [];
  const compute: number[] = [];
  // The session's start (the worker, its engine, the device) counts in its whole.
  const openedAt = performance.now();
  const cpuAtOpen = process.cpuUsage();
  const live = await LiveAnalysis.start({
    engine: { ...LIVE_ENGINE, blocks: run.blocks },
    channel: 0,
    ...(run.blockSize === undefined ? {} : { blockSize: run.blockSize }),
    source: () =>
      new MicSource({
        sampleRate: RATE,
        framesPerBuffer: run.framesPerBuffer,
        framesPerRead: run.framesPerRead,
      }),
    onAudio,
  });
  const latencyMs = (live.latencySamples / RATE) * 1000;
  live.frames$.subscribe((packet) => {
    const now = performance.now();
    for (const click of clicks) {
      // The frame centred nearest the click: is it in this packet?
      const k = Math.round((click.sample - packet.firstCentreSample) / live.hop);
      if (k >= 0 && k < packet.count) {
        endToEnd.push(now - click.time);
        const last = packet.inputEnd - 1;
        delivery.push(now - captureTimeOf(last));
        handOver.push((chunkOf(last)?.arrival ?? Number.NaN) - captureTimeOf(last));
        compute.push(live.status$.value.worker.lastComputeMs);
      }
    }
  });
  // The sound plays from the start: warming up on silence would leave the code that only
  // sound reaches (the FFTs: silent blocks skip them) to be compiled in the measured stretch.
  const played = playNoiseAndClicks(WARMUP_SECONDS + LIVE_SECONDS);
  await sleep(WARMUP_SECONDS * 1000);
  const threadsStart = threadUse();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const warmUp = process.cpuUsage(cpuAtOpen);
  await played;
  // pacat usually returns once the sound has played, at times a little after: no wait then.
  await sleep(Math.max(0, LIVE_SECONDS * 1000 - (performance.now() - wallStart)));
  const cpu = process.cpuUsage(cpuStart);
  const whole = process.cpuUsage(cpuAtOpen);
  const wall = performance.now() - wallStart;
  const wholeWall = performance.now() - openedAt;
  const threadsEnd = threadUse();
  // The last clicks' frames come out up to the algorithmic latency later.
  await sleep(latencyMs + 500);
  await live.stop();
  const percent = (ms: number): string => `${((ms / wall) * 100).toFixed(1)} %`;
  const perThread = [...threadsEnd]
    .map(([group, use]) => `${group} ${percent(use.cpuMs - (threadsStart.get(group)?.cpuMs ?? 0))}`)
    .join(', ');
  const wakeUps = [...threadsEnd].map(([group, use]) => {
    const switches = use.switches - (threadsStart.get(group)?.switches ?? 0);
    return `${group} ${(switches / (wall / 1000)).toFixed(0)}`;
  });
  const beyond = endToEnd.map((d) => d - latencyMs);
  console.log(
    `\n${run.label}: ${run.blocks} blocks of ${String(run.blockSize ?? DEFAULT_ANALYSIS_BLOCK)} samples, ${String(run.framesPerBuffer)}-frame driver buffers read ${String(run.framesPerRead)} frames at a time; worst-case algorithmic latency ${latencyMs.toFixed(1)} ms`,
  );
  console.log(
    `  CPU ${share(cpu, wall)} of one core over ${(wall / 1000).toFixed(1)} s (all threads): ${perThread}`,
  );
  console.log(
    `  (its start and first ${String(WARMUP_SECONDS)} s, not counted above: ${share(warmUp, wallStart - openedAt)}; the whole ${(wholeWall / 1000).toFixed(1)} s: ${share(whole, wholeWall)})`,
  );
  console.log(`  context switches per second: ${wakeUps.join(', ')}`);
  console.log(
    `  ${String(endToEnd.length)} clicks: capture to frame out median ${percentile(endToEnd, 0.5).toFixed(1)} ms, max ${Math.max(...endToEnd).toFixed(1)} ms; minus the worst-case algorithmic latency: max ${Math.max(...beyond).toFixed(1)} ms`,
  );
  console.log(
    `  delivery (last sample the worker waited for, to frame out): median ${percentile(delivery, 0.5).toFixed(1)} ms, p90 ${percentile(delivery, 0.9).toFixed(1)} ms, max ${Math.max(...delivery).toFixed(1)} ms`,
  );
  console.log(
    `    of which capture to arrival in this thread: median ${percentile(handOver, 0.5).toFixed(1)} ms, max ${Math.max(...handOver).toFixed(1)} ms; the worker's compute for that block: median ${percentile(compute, 0.5).toFixed(1)} ms, max ${Math.max(...compute).toFixed(1)} ms`,
  );
  return ((cpu.user + cpu.system) / 1000 / wall) * 100;
}

async function memoryOverLongReplay(minutes: number): Promise<void> {
  // sox reads a length of 0 as 'no end': it would fill the disk.
  if (!(minutes > 0)) {
    console.log(`\nno replay (BENCH_REPLAY_MINUTES = ${String(minutes)})`);
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'scatterscope-bench-'));
  try {
    await replayAndReport(join(folder, 'long.wav'), minutes);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function replayAndReport(wav: string, minutes: number): Promise<void> {
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
    engine: { ...LIVE_ENGINE, blocks: 'throughput' },
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
  const first = samples.find((s) => s.audioMinutes >= 1) ?? samples[0];
  const last = samples.at(-1);
  console.log(
    `\nreplay of ${String(minutes)} min at max speed: ${((minutes * 60) / seconds).toFixed(1)}x real time`,
  );
  const every5 = samples
    .filter((_, i) => i % 10 === 0)
    .map((s) => `${s.audioMinutes.toFixed(0)} min ${s.rssMb.toFixed(0)} MB`);
  console.log(`RSS over the replay: ${every5.join(', ')}`);
  console.log(
    `RSS at 1 min: ${first?.rssMb.toFixed(0) ?? '?'} MB; at ${last?.audioMinutes.toFixed(1) ?? '?'} min: ${last?.rssMb.toFixed(0) ?? '?'} MB; max ${Math.max(...samples.map((s) => s.rssMb)).toFixed(0)} MB`,
  );
}

if (process.env.BENCH_SKIP_LIVE === undefined) {
  console.log(
    `\nan idle wake-up of this thread (a timer every 21 ms) costs ${(await idleWakeUpMicros()).toFixed(0)} µs of its CPU time`,
  );
  const runs: LiveRun[] = [
    {
      label: 'a read per driver buffer',
      blocks: 'latency',
      framesPerBuffer: 512,
      framesPerRead: 512,
      blockSize: 1024,
    },
    {
      label: 'small reads and blocks (the default before)',
      blocks: 'latency',
      framesPerBuffer: 512,
      framesPerRead: 1024,
      blockSize: 1024,
    },
    { label: 'default', blocks: 'latency', framesPerBuffer: 1024, framesPerRead: 2048 },
    {
      label: 'larger driver buffers',
      blocks: 'latency',
      framesPerBuffer: 2048,
      framesPerRead: 2048,
    },
    {
      label: 'throughput blocks',
      blocks: 'throughput',
      framesPerBuffer: 1024,
      framesPerRead: 2048,
    },
    {
      label: 'large reads and blocks',
      blocks: 'latency',
      framesPerBuffer: 2048,
      framesPerRead: 4096,
      blockSize: 4096,
    },
  ];
  // BENCH_LIVE_RUNS=default,large… runs only the rows whose labels start with those words.
  const only = process.env.BENCH_LIVE_RUNS?.split(',').map((word) => word.trim());
  // BENCH_LIVE_REPEAT=N runs each row N times: one 20 s run on a shared machine is a sample,
  // not a measure (runs minutes apart differed by 1.5 points of a core).
  const repeat = Math.max(1, Math.floor(Number(process.env.BENCH_LIVE_REPEAT ?? 1)));
  for (const run of runs) {
    if (only !== undefined && !only.some((word) => run.label.startsWith(word))) continue;
    const cpu: number[] = [];
    for (let n = 0; n < repeat; n++) cpu.push(await liveRun(run));
    if (repeat > 1) {
      const [least, most] = [Math.min(...cpu), Math.max(...cpu)];
      console.log(
        `\n${run.label}, ${String(repeat)} runs: CPU ${cpu.map((c) => c.toFixed(1)).join(', ')} % of one core; min ${least.toFixed(1)}, median ${percentile(cpu, 0.5).toFixed(1)}, max ${most.toFixed(1)}`,
      );
    }
  }
}
await memoryOverLongReplay(Number(process.env.BENCH_REPLAY_MINUTES ?? 30));
