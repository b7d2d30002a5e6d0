/**
 * What the live benchmarks share: the engine they run and the sound they play into the virtual
 * microphone (../shared/tools).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineConfig } from '../src/protocol/worker-messages.js';

export const RATE = 48_000;

/**
 * J = 10, Q = (8, 1), order 2, float32, 'latency' blocks. BENCH_J=2 BENCH_T=1024: the same
 * blocks and messages, almost no analysis (the path's own cost).
 */
export const LIVE_ENGINE: EngineConfig = {
  J: Number(process.env.BENCH_J ?? 10),
  ...(process.env.BENCH_T === undefined ? {} : { T: Number(process.env.BENCH_T) }),
  Q: [8, 1],
  maxOrder: 2,
  oversampling: 0,
  precision: 'float32',
  blocks: 'latency',
};

/**
 * Low noise with a click every second (48 kHz, mono), played into the virtual microphone by pacat
 * from a file, so that
 * feeding it costs this process nothing (a pipe to pacat would wake the main thread whenever
 * it drains, and those wake-ups would be counted as the session's).
 */
export function playNoiseAndClicks(seconds: number): Promise<void> {
  const samples = Math.round(seconds * RATE);
  const pcm = Buffer.alloc(samples * 2);
  let state = 12345;
  for (let n = 0; n < samples; n++) {
    // xorshift32 noise, ±100 of 32767 (about −50 dBFS).
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    pcm.writeInt16LE(Math.round(((state >>> 0) / 4294967296 - 0.5) * 200), n * 2);
  }
  for (let k = 0; k + 0.5 < seconds; k++)
    pcm.writeInt16LE(30_000, Math.round((k + 0.5) * RATE) * 2);
  const folder = mkdtempSync(join(tmpdir(), 'scatterscope-bench-'));
  const file = join(folder, 'clicks.raw');
  writeFileSync(file, pcm);
  return new Promise<void>((resolve, reject) => {
    const pacat = spawn(
      'pacat',
      [
        '-d',
        'vmic_sink',
        '--raw',
        '--format=s16le',
        `--rate=${String(RATE)}`,
        '--channels=1',
        file,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    pacat.on('error', reject);
    pacat.on('exit', () => {
      resolve();
    });
  }).finally(() => {
    rmSync(folder, { recursive: true, force: true });
  });
}
