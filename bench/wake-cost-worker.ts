/**
 * The worker side of bench/wake-cost.ts: takes a 2048-sample block every time the host hands
 * one over, the way `workerData.mode` says, and reports its own CPU time per block.
 */
import {
  parentPort,
  receiveMessageOnPort,
  workerData,
  type MessagePort,
} from 'node:worker_threads';

export type HandOver = 'message' | 'message after wait' | 'small message' | 'shared';

export interface WakeCostSetup {
  readonly mode: HandOver;
  /** Int32 [0]: blocks handed over, for Atomics.wait / notify. */
  readonly counter: SharedArrayBuffer;
  /** Float32 [2048]: the block, for the modes that share it. */
  readonly samples: SharedArrayBuffer;
  readonly port: MessagePort;
  readonly blocks: number;
  /** Blocks not timed at the start. */
  readonly warmUp: number;
}

const setup = workerData as WakeCostSetup;
const counter = new Int32Array(setup.counter);
const shared = new Float32Array(setup.samples);
const cpuMicros = (): number => {
  const used = process.threadCpuUsage();
  return used.user + used.system;
};
let taken = 0;
let startedAt = 0;
let sum = 0;

/** Reads a block (as an analysis would); true once the last block is in. */
function take(samples: Float32Array): boolean {
  for (const value of samples) sum += value;
  taken++;
  if (taken === setup.warmUp) startedAt = cpuMicros();
  if (taken < setup.blocks) return false;
  const perBlock = (cpuMicros() - startedAt) / (setup.blocks - setup.warmUp);
  parentPort?.postMessage({ perBlock, sum });
  return true;
}

if (setup.mode === 'message') {
  setup.port.on('message', (message: { samples: Float32Array }) => {
    if (take(message.samples)) setup.port.close();
  });
} else {
  let seen = 0;
  for (let done = false; !done;) {
    Atomics.wait(counter, 0, seen);
    seen = Atomics.load(counter, 0);
    if (setup.mode === 'shared') {
      done = take(shared);
      continue;
    }
    for (let m = receiveMessageOnPort(setup.port); m !== undefined;) {
      const message = m.message as { samples?: Float32Array; length?: number };
      done = take(message.samples ?? shared.subarray(0, message.length)) || done;
      m = receiveMessageOnPort(setup.port);
    }
  }
  setup.port.close();
}
