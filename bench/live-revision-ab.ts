/**
 * This checkout's live session against another build's (another checkout, with its dependencies
 * installed and built there: `npm ci && npm run build`), in one process: sessions of each take
 * turns, in A-B and B-A order, while one sound plays into the virtual microphone throughout (low
 * noise with a click every second). On a machine whose speed moves by more than a change's gain
 * between separate runs, the paired difference is the measure.
 *
 *   npm run build && eval "$(bash ../shared/tools/virtual-mic.sh --env)" && \
 *     node dist/bench/live-revision-ab.js ../other-checkout [pairs] [seconds] [warm-up seconds]
 *
 * The other checkout may link this one's node_modules (one audio binding in the process).
 * Defaults: 6 pairs, each session measured for 15 s after 10 s. Engine as bench/live-bench.ts
 * (bench/live-setup.ts: 48 kHz, J = 10, Q = (8, 1), order 2, float32, 'latency' blocks),
 * default capture. Reported per session, then each build's median and the median of the pairs'
 * differences (this checkout minus the other; below 0: this checkout costs less), for all
 * threads and per group.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LiveAnalysis } from '../src/engine/live-analysis.js';
import { MicSource } from '../src/io/mic/mic-source.js';
import { LIVE_ENGINE, playNoiseAndClicks, RATE } from './live-setup.js';
import { threadUse, type ThreadGroup } from './thread-use.js';

/** The parts of a build this bench uses (the same in every revision since the live host). */
interface LiveBuild {
  readonly LiveAnalysis: typeof LiveAnalysis;
  readonly MicSource: typeof MicSource;
}

const GROUPS: readonly ThreadGroup[] = ['main', 'dsp worker', 'runtime', 'audio driver'];
type Measure = Record<'all' | ThreadGroup, number>;

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

async function loadOther(checkout: string): Promise<LiveBuild> {
  const dist = join(resolve(checkout), 'dist', 'src');
  const analysis = join(dist, 'engine', 'live-analysis.js');
  const mic = join(dist, 'io', 'mic', 'mic-source.js');
  if (!existsSync(analysis) || !existsSync(mic)) {
    throw new Error(`${checkout} has no build of the live host: run \`npm run build\` there first`);
  }
  const { LiveAnalysis: otherAnalysis } = (await import(pathToFileURL(analysis).href)) as {
    LiveAnalysis: typeof LiveAnalysis;
  };
  const { MicSource: otherMic } = (await import(pathToFileURL(mic).href)) as {
    MicSource: typeof MicSource;
  };
  return { LiveAnalysis: otherAnalysis, MicSource: otherMic };
}

/** One session of `build`: CPU (% of one core) over `seconds` after `warmUp` seconds. */
async function session(build: LiveBuild, warmUp: number, seconds: number): Promise<Measure> {
  const live = await build.LiveAnalysis.start({
    engine: LIVE_ENGINE,
    channel: 0,
    source: () => new build.MicSource({ sampleRate: RATE }),
  });
  try {
    await sleep(warmUp * 1000);
    const threadsStart = threadUse();
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    await sleep(seconds * 1000);
    const cpu = process.cpuUsage(cpuStart);
    const wall = performance.now() - wallStart;
    const threadsEnd = threadUse();
    const percent = (ms: number): number => (ms / wall) * 100;
    const measure: Measure = {
      all: percent((cpu.user + cpu.system) / 1000),
      main: 0,
      'dsp worker': 0,
      runtime: 0,
      'audio driver': 0,
    };
    for (const group of GROUPS) {
      const end = threadsEnd.get(group)?.cpuMs ?? 0;
      measure[group] = percent(end - (threadsStart.get(group)?.cpuMs ?? 0));
    }
    return measure;
  } finally {
    await live.stop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const [other, pairs = '6', seconds = '15', warmUp = '10'] = process.argv.slice(2);
  if (other === undefined) {
    throw new Error(
      'usage: live-revision-ab.js OTHER_CHECKOUT [pairs] [seconds] [warm-up seconds]',
    );
  }
  const numbers = { pairs, seconds, warmUp };
  for (const [name, value] of Object.entries(numbers)) {
    if (!(Number(value) > 0) || !Number.isInteger(Number(value))) {
      throw new Error(`${name} must be a positive integer (got ${value})`);
    }
  }
  const builds: Record<'this' | 'other', LiveBuild> = {
    this: { LiveAnalysis, MicSource },
    other: await loadOther(other),
  };
  const results: Record<'this' | 'other', Measure[]> = { this: [], other: [] };
  // Longer than the sessions (each also starts its worker and opens and closes its device): a
  // session on silence would cost less, as silent blocks skip the FFTs.
  const playing = playNoiseAndClicks(Number(pairs) * 2 * (Number(seconds) + Number(warmUp) + 5));
  for (let pair = 0; pair < Number(pairs); pair++) {
    for (const which of pair % 2 === 0
      ? (['this', 'other'] as const)
      : (['other', 'this'] as const)) {
      const measure = await session(builds[which], Number(warmUp), Number(seconds));
      results[which].push(measure);
      process.stdout.write(
        `${which.padEnd(5)} all ${measure.all.toFixed(2)} %, ${GROUPS.map((g) => `${g} ${measure[g].toFixed(2)}`).join(', ')}\n`,
      );
    }
  }
  process.stdout.write(`\n| ${pairs} pairs | all threads | ${GROUPS.join(' | ')} |\n`);
  process.stdout.write(`|---|---|${GROUPS.map(() => '---').join('|')}|\n`);
  const row = (label: string, value: (key: 'all' | ThreadGroup) => number): void => {
    const cells = (['all', ...GROUPS] as const).map((key) => value(key).toFixed(2));
    process.stdout.write(`| ${label} | ${cells.join(' | ')} |\n`);
  };
  row('this checkout, median', (key) => median(results.this.map((m) => m[key])));
  row('the other, median', (key) => median(results.other.map((m) => m[key])));
  row('this − other, median of pairs', (key) =>
    median(results.this.map((m, i) => m[key] - (results.other[i]?.[key] ?? Number.NaN))),
  );
  await playing;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `live-revision-ab: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
