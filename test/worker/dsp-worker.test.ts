/**
 * The DSP worker, run for real from the build (dist/): frames equal the engine's own, buffers
 * are reused, and a crashed worker is replaced with the gap counted.
 */
import { filter, firstValueFrom, lastValueFrom, map, merge, skipWhile, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createScatteringEngine } from '../../src/dsp/index.js';
import type {
  DspWorkerClient as Client,
  FramesPacket,
} from '../../src/worker/dsp-worker-client.js';
import { installNativePffft } from '../../src/worker/native-pffft.js';
import { importBuilt, SMALL_ENGINE } from '../support/built.js';
import { collectStream, testSignal } from '../support/signals.js';

const CONFIG = SMALL_ENGINE;
const BLOCK = 1024;

async function startClient(blockSize?: number): Promise<Client> {
  const module = await importBuilt<typeof import('../../src/worker/dsp-worker-client.js')>(
    'src/worker/dsp-worker-client.js',
  );
  return module.DspWorkerClient.start(CONFIG, blockSize === undefined ? {} : { blockSize });
}

async function sendAll(
  client: Client,
  signal: Float32Array,
  startIndex = 0,
  block = BLOCK,
): Promise<void> {
  for (let at = 0; at < signal.length; at += block) {
    await lastValueFrom(
      client.process(signal.subarray(at, Math.min(signal.length, at + block)), startIndex + at),
      {
        defaultValue: undefined,
      },
    );
  }
}

describe('DSP worker', () => {
  // One block of 60 000 samples (one slot of the command ring) completes more frames than the
  // worker's frame ring holds: they come in parts, sent before the block is done.
  it.each([
    { length: 20_000, block: BLOCK },
    { length: 60_000, block: 60_000 },
  ])(
    'streams the same frames as the engine in this thread ($length samples in blocks of $block)',
    async ({ length, block }) => {
      const client = await startClient(block);
      const signal = Float32Array.from(testSignal(length, 3));
      // Copied in the callback: a packet's buffer is reused once it returns.
      const packets = lastValueFrom(
        client.frames$.pipe(
          map((p) => ({ ...p, data: p.data.slice() })),
          toArray(),
        ),
      );
      await sendAll(client, signal, 0, block);
      await client.flush();
      await client.close();
      const received: FramesPacket[] = await packets;
      // The FFTs the worker runs (native where the addon is built), so that frames are equal.
      installNativePffft();
      const engine = await createScatteringEngine(CONFIG, CONFIG.precision, CONFIG.blocks);
      const local = collectStream(engine, [signal]);
      const rows = engine.layout.paths.length;
      expect(client.paths.length).toBe(rows);
      const frames = received.reduce((n, p) => n + p.count, 0);
      expect(frames).toBe(local.frames);
      expect(received[0]!.firstCentreSample).toBe(local.firstFrame * local.hop);
      let k = 0;
      for (const packet of received) {
        // Every packet says where its first frame is centred, the flush's too.
        expect(packet.firstCentreSample).toBe((local.firstFrame + k) * local.hop);
        for (let f = 0; f < packet.count; f++, k++) {
          for (let r = 0; r < rows; r++) {
            expect(packet.data[f * rows + r]).toBe(Math.fround(local.data[r * local.frames + k]!));
          }
        }
      }
    },
  );

  it('allocates no ArrayBuffer per block once warm, in either direction', async () => {
    const client = await startClient();
    const signal = Float32Array.from(testSignal(BLOCK * 400, 7));
    let frames = 0;
    let lastCentre = -1;
    client.frames$.subscribe((p) => {
      frames += p.count;
      lastCentre = p.firstCentreSample + (p.count - 1) * client.hop;
    });
    // Eight blocks in flight at a time, as a pipeline that runs ahead of the worker sends them.
    const sendPipelined = async (from: number, to: number): Promise<void> => {
      for (let at = from; at < to; at += 8 * BLOCK) {
        const batch = [];
        for (let b = at; b < Math.min(to, at + 8 * BLOCK); b += BLOCK)
          batch.push(client.process(signal.subarray(b, b + BLOCK), b));
        await lastValueFrom(merge(...batch), { defaultValue: undefined });
      }
    };
    await sendPipelined(0, BLOCK * 40);
    const warm = client.status$.value;
    await sendPipelined(BLOCK * 40, BLOCK * 400);
    const after = client.status$.value;
    await client.close();
    console.log(
      `after 40 blocks: ${String(warm.audioBuffersAllocated)} audio and ${String(warm.frameBuffersAllocated)} frame buffers allocated; after 400: ${String(after.audioBuffersAllocated)} and ${String(after.frameBuffersAllocated)}`,
    );
    // 360 more blocks and thousands of frames, and not one more buffer on either side.
    expect(frames).toBeGreaterThan(5000);
    expect(lastCentre).toBeGreaterThan(BLOCK * 390);
    expect(after.audioBuffersAllocated).toBe(warm.audioBuffersAllocated);
    expect(after.frameBuffersAllocated).toBe(warm.frameBuffersAllocated);
    expect(warm.audioBuffersAllocated).toBeLessThanOrEqual(8);
    // One packet per block in flight at most, and the worker's scratch growing a few times.
    expect(warm.frameBuffersAllocated).toBeLessThanOrEqual(8 + 4);
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
