/**
 * What it costs a worker thread to wake for a block and take it, by the way the block is handed
 * over: the question behind src/protocol/command-ring.ts. A block of 2048 samples every 42.7 ms
 * (a live analysis block at 48 kHz), the worker's own CPU time per block, after 20 blocks:
 *
 * - 'message': a message with the samples' buffer transferred, handled by its event loop;
 * - 'message after wait': the same message, taken with receiveMessageOnPort after Atomics.wait;
 * - 'small message': a message with only the length, the samples in shared memory;
 * - 'shared': the samples in shared memory, Atomics.notify / Atomics.wait only (the ring's way).
 *
 * Then the other direction, which a reply must take: this thread's CPU per wake-up by a message
 * from a worker, and by Atomics.waitAsync.
 *
 *   npm run build && node dist/bench/wake-cost.js [blocks]
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { HandOver, WakeCostSetup } from './wake-cost-worker.js';

const BLOCK = 2048;
const PERIOD_MS = (BLOCK / 48_000) * 1000;
const WARM_UP = 20;

/** Atomics.waitAsync, ES2024 (the project's library types are ES2023's). */
const { waitAsync } = Atomics as unknown as {
  readonly waitAsync: (
    array: Int32Array,
    index: number,
    value: number,
  ) => { async: true; value: Promise<string> } | { async: false; value: string };
};

const sleepUntil = (time: number): Promise<void> =>
  new Promise((done) => setTimeout(done, Math.max(0, time - performance.now())));

async function workerWake(mode: HandOver, blocks: number): Promise<number> {
  const counter = new SharedArrayBuffer(4);
  const samples = new SharedArrayBuffer(BLOCK * 4);
  const { port1, port2 } = new MessageChannel();
  const setup: WakeCostSetup = {
    mode,
    counter,
    samples,
    port: port2,
    blocks,
    warmUp: WARM_UP,
  };
  const worker = new Worker(new URL('./wake-cost-worker.js', import.meta.url), {
    workerData: setup,
    transferList: [port2],
  });
  const result = new Promise<{ perBlock: number }>((done) => worker.once('message', done));
  const count = new Int32Array(counter);
  const shared = new Float32Array(samples);
  const start = performance.now();
  for (let n = 0; n < blocks; n++) {
    await sleepUntil(start + (n + 1) * PERIOD_MS);
    const block = new Float32Array(BLOCK).fill(n);
    if (mode === 'message' || mode === 'message after wait') {
      port1.postMessage({ samples: block }, [block.buffer]);
    } else {
      shared.set(block);
      if (mode === 'small message') port1.postMessage({ length: BLOCK });
    }
    if (mode !== 'message') {
      Atomics.add(count, 0, 1);
      Atomics.notify(count, 0);
    }
  }
  const { perBlock } = await result;
  await worker.terminate();
  return perBlock;
}

/** This thread's CPU per wake-up by a worker every block period: a message, or waitAsync. */
async function hostWake(byMessage: boolean, blocks: number): Promise<number> {
  const counter = new SharedArrayBuffer(4);
  const count = new Int32Array(counter);
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const count = new Int32Array(workerData.counter);
    const start = performance.now();
    let n = 0;
    const tick = () => {
      n++;
      if (workerData.byMessage) parentPort.postMessage({ type: 'release', count: n });
      else { Atomics.add(count, 0, 1); Atomics.notify(count, 0); }
      if (n < workerData.blocks) setTimeout(tick, Math.max(0, start + (n + 1) * ${String(PERIOD_MS)} - performance.now()));
    };
    setTimeout(tick, ${String(PERIOD_MS)});`;
  const worker = new Worker(source, { eval: true, workerData: { counter, byMessage, blocks } });
  const cpuMicros = (): number => {
    const used = process.threadCpuUsage();
    return used.user + used.system;
  };
  let woken = 0;
  let startedAt = 0;
  const wake = (): boolean => {
    woken++;
    if (woken === WARM_UP) startedAt = cpuMicros();
    return woken >= blocks;
  };
  const perWake = await new Promise<number>((done) => {
    const finish = (): void => {
      done((cpuMicros() - startedAt) / (blocks - WARM_UP));
    };
    if (byMessage) {
      worker.on('message', () => {
        if (wake()) finish();
      });
      return;
    }
    void (async () => {
      for (let seen = 0; ;) {
        const waited = waitAsync(count, 0, seen);
        if (waited.async) await waited.value;
        seen = Atomics.load(count, 0);
        if (wake()) break;
      }
      finish();
    })();
  });
  await worker.terminate();
  return perWake;
}

async function main(): Promise<void> {
  const blocks = Number(process.argv[2] ?? 300);
  if (!Number.isInteger(blocks) || blocks <= WARM_UP) {
    throw new Error(`blocks must be an integer above ${String(WARM_UP)} (got ${String(blocks)})`);
  }
  process.stdout.write(`a ${String(BLOCK)}-sample block every ${PERIOD_MS.toFixed(1)} ms:\n`);
  const modes: HandOver[] = ['message', 'message after wait', 'small message', 'shared'];
  for (const mode of modes) {
    const micros = await workerWake(mode, blocks);
    process.stdout.write(`  worker, ${mode}: ${micros.toFixed(0)} µs of CPU per block\n`);
  }
  for (const byMessage of [true, false]) {
    const micros = await hostWake(byMessage, blocks);
    process.stdout.write(
      `  this thread woken by ${byMessage ? 'a message' : 'Atomics.waitAsync'}: ${micros.toFixed(0)} µs of CPU per wake-up\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`wake-cost: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
