/**
 * This engine against another build of it (another checkout, with its dependencies installed
 * and built there: `npm ci && npm run build`), in one process on the same audio: how much faster
 * a change made it, on a machine whose speed moves by more than that between separate runs.
 *
 * Both engines are fed the same chunks, taking turns at going first. The engine made first
 * still runs a little faster or slower than the other (their memory lies differently), so each
 * pair is two runs with the engines made in both orders, and its speed-up is the geometric mean
 * of the two runs' ratios. Reported per pair, then their range and median, and the largest
 * difference between the two engines' frames relative to each row's maximum.
 *
 *   npm run build && node dist/bench/revision-ab.js ../other-checkout [J] [blocks] [seconds] [chunk] [pairs]
 *
 * Defaults: J = 10, 'latency' blocks, 30 s of 48 kHz audio per run, 2048-sample chunks (the
 * live analysis block), 3 pairs; Q = (8, 1), order 2, float32. A speed-up above 1: this
 * checkout is faster.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createScatteringEngine, type BlockPolicy } from '../src/dsp/index.js';
import { describePffftBuild, installNativePffft } from '../src/worker/native-pffft.js';
import { worstRowDifference } from './frame-difference.js';
import { race, type Arm } from './race.js';

/** The part of a build's engine module this bench uses (the same in every revision). */
interface EngineModule {
  readonly createScatteringEngine: typeof createScatteringEngine;
}

interface Options {
  readonly other: string;
  readonly J: number;
  readonly blocks: BlockPolicy;
  readonly seconds: number;
  readonly chunk: number;
  readonly pairs: number;
}

function parseOptions(args: readonly string[]): Options {
  const [other, J = '10', blocks = 'latency', seconds = '30', chunk = '2048', pairs = '3'] = args;
  if (other === undefined) {
    throw new Error('usage: revision-ab.js OTHER_CHECKOUT [J] [blocks] [seconds] [chunk] [pairs]');
  }
  if (blocks !== 'latency' && blocks !== 'throughput') {
    throw new Error(`blocks must be 'latency' or 'throughput' (got ${blocks})`);
  }
  const numbers = { J, seconds, chunk, pairs };
  for (const [name, value] of Object.entries(numbers)) {
    if (!(Number(value) > 0) || !Number.isInteger(Number(value))) {
      throw new Error(`${name} must be a positive integer (got ${value})`);
    }
  }
  return {
    other,
    J: Number(J),
    blocks,
    seconds: Number(seconds),
    chunk: Number(chunk),
    pairs: Number(pairs),
  };
}

async function loadOther(checkout: string): Promise<EngineModule> {
  const entry = join(resolve(checkout), 'dist', 'src', 'dsp', 'index.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run \`npm run build\` in ${checkout} first`);
  }
  return (await import(pathToFileURL(entry).href)) as EngineModule;
}

async function makeArm(module: EngineModule, options: Options): Promise<Arm> {
  const engine = await module.createScatteringEngine(
    { J: options.J, Q: [8, 1] },
    'float32',
    options.blocks,
  );
  const frames: Float32Array[] = [];
  const stream = engine.createStream((frame, index) => {
    frames[index] = Float32Array.from(frame);
  });
  return { stream, frames, cpuMicros: 0 };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // This checkout's engines as the app runs them; the other's as its own build made them (a
  // checkout that predates the native PFFFT runs PFFFT's WebAssembly build).
  process.stderr.write(`this checkout's FFTs: ${describePffftBuild(installNativePffft())}\n`);
  const self: EngineModule = { createScatteringEngine };
  const other = await loadOther(options.other);
  const speedUps: number[] = [];
  let worst = 0;
  for (let pair = 0; pair < options.pairs; pair++) {
    const ratios: number[] = [];
    for (const selfFirst of [true, false]) {
      const first = await makeArm(selfFirst ? self : other, options);
      const second = await makeArm(selfFirst ? other : self, options);
      const [mine, theirs] = selfFirst ? [first, second] : [second, first];
      race(mine, theirs, options.seconds, options.chunk);
      ratios.push(theirs.cpuMicros / mine.cpuMicros);
      worst = Math.max(worst, worstRowDifference(mine.frames, theirs.frames));
    }
    const speedUp = Math.sqrt(ratios[0]! * ratios[1]!);
    speedUps.push(speedUp);
    process.stderr.write(`pair ${String(pair + 1)}: ${speedUp.toFixed(3)}\n`);
  }
  const sorted = [...speedUps].sort((x, y) => x - y);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  process.stdout.write(
    `| J | blocks | chunk | pairs | speed-ups | median | largest difference / row max |\n` +
      `|---|---|---|---|---|---|---|\n` +
      `| ${String(options.J)} | ${options.blocks} | ${String(options.chunk)} | ${String(options.pairs)} | ${sorted[0]!.toFixed(3)} to ${sorted.at(-1)!.toFixed(3)} | ${median.toFixed(2)} | ${worst.toExponential(1)} |\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`revision-ab: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
