/**
 * The DSP worker, run for real from the build (dist/): frames equal the engine's own, buffers
 * are reused, and a crashed worker is replaced with the gap counted.
 */
import { filter, firstValueFrom, lastValueFrom, skipWhile, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createScatteringEngine } from '../../src/dsp/index.js';
import type {
  DspWorkerClient as Client,
  FramesPacket,
} from '../../src/worker/dsp-worker-client.js';
import { importBuilt, SMALL_ENGINE } from '../support/built.js';
import { collectStream, testSignal } from '../support/signals.js';

const CONFIG = SMALL_ENGINE;
const BLOCK = 1024;

async function startClient(): Promise<Client> {
  const module = await importBuilt<typeof import('../../src/worker/dsp-worker-client.js')>(
    'src/worker/dsp-worker-client.js',
  );
  return module.DspWorkerClient.start(CONFIG);
}

async function sendAll(client: Client, signal: Float32Array, startIndex = 0): Promise<void> {
  for (let at = 0; at < signal.length; at += BLOCK) {
    await lastValueFrom(
      client.process(signal.subarray(at, Math.min(signal.length, at + BLOCK)), startIndex + at),
      {
        defaultValue: undefined,
      },
    );
  }
}

describe('DSP worker', () => {
  it('streams the same frames as the engine in this thread', async () => {
    const client = await startClient();
    const signal = Float32Array.from(testSignal(20_000, 3));
    const packets = lastValueFrom(client.frames$.pipe(toArray()));
    await sendAll(client, signal);
    await client.flush();
    await client.close();
    const received: FramesPacket[] = await packets;
    const engine = await createScatteringEngine(CONFIG, CONFIG.precision, CONFIG.blocks);
    const local = collectStream(engine, [signal]);
    const rows = engine.layout.paths.length;
    expect(client.paths.length).toBe(rows);
    const frames = received.reduce((n, p) => n + p.count, 0);
    expect(frames).toBe(local.frames);
    expect(received[0]!.firstCentreSample).toBe(local.firstFrame * local.hop);
    let k = 0;
    for (const packet of received) {
      for (let f = 0; f < packet.count; f++, k++) {
        for (let r = 0; r < rows; r++) {
          expect(packet.data[f * rows + r]).toBe(Math.fround(local.data[r * local.frames + k]!));
        }
      }
    }
  });

  it('replaces a crashed worker, counts the lost blocks and goes on', async () => {
    const client = await startClient();
    const gaps = lastValueFrom(client.gaps$.pipe(toArray()));
    const LONG = 1 << 18; // a block that takes the worker tens of milliseconds
    const signal = Float32Array.from(testSignal(BLOCK * 4 + LONG + BLOCK * 40, 5));
    await sendAll(client, signal.subarray(0, BLOCK * 4));
    const framesAfterRestart = firstValueFrom(
      client.frames$.pipe(skipWhile(() => client.status$.value.restarts === 0)),
    );
    // The long block is in flight when the worker dies.
    const pending = lastValueFrom(
      client.process(signal.subarray(BLOCK * 4, BLOCK * 4 + LONG), BLOCK * 4),
      {
        defaultValue: undefined,
      },
    );
    await client.killWorker();
    await pending;
    await firstValueFrom(
      client.status$.pipe(filter((s) => s.state === 'ready' && s.restarts === 1)),
    );
    await sendAll(client, signal.subarray(BLOCK * 4 + LONG), BLOCK * 4 + LONG);
    const packet = await framesAfterRestart;
    await client.flush();
    const status = client.status$.value;
    await client.close();
    const found = await gaps;
    expect(found).toEqual([
      { fromSample: BLOCK * 4, toSample: BLOCK * 4 + LONG, reason: expect.any(String) as string },
    ]);
    expect([status.restarts, status.lostBlocks, status.lostSamples]).toEqual([1, 1, LONG]);
    // Analysis resumed on the audio after the gap.
    expect(packet.firstCentreSample).toBeGreaterThanOrEqual(BLOCK * 4 + LONG);
  });
});
