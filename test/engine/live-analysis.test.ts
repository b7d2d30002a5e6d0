/**
 * The engine host on a synthetic source: frames equal the engine's, the recording tap gets
 * every sample, and an overloaded analysis path drops the oldest blocks and counts them.
 */
import { BehaviorSubject, Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createScatteringEngine } from '../../src/dsp/index.js';
import type { LiveAnalysis as Live } from '../../src/engine/live-analysis.js';
import type {
  AudioChunk,
  AudioSource,
  AudioSourceStatus,
} from '../../src/pipeline/audio-source.js';
import type { EngineConfig } from '../../src/protocol/worker-messages.js';
import type { FramesPacket } from '../../src/worker/dsp-worker-client.js';
import { installNativePffft } from '../../src/worker/native-pffft.js';
import { importBuilt, SMALL_ENGINE } from '../support/built.js';
import { collectStream, testSignal } from '../support/signals.js';

const CONFIG = SMALL_ENGINE;

const liveAnalysisModule = (): Promise<typeof import('../../src/engine/live-analysis.js')> =>
  importBuilt('src/engine/live-analysis.js');

/**
 * Emits `signal` as stereo chunks of `chunk` samples, `chunksPerTurn` of them in each macrotask,
 * then completes.
 */
function arraySource(
  signal: Float32Array,
  chunk: number,
  chunksPerTurn = 1,
): AudioSource & { closed: boolean } {
  const status = new BehaviorSubject<AudioSourceStatus>({
    state: 'running',
    overruns: 0,
    droppedBlocks: 0,
  });
  const source = {
    sampleRate: 48_000,
    channelCount: 2,
    closed: false,
    status$: status.asObservable(),
    chunks$: new Observable<AudioChunk>((subscriber) => {
      let at = 0;
      const next = (): void => {
        for (let n = 0; n < chunksPerTurn; n++) {
          if (source.closed || at >= signal.length) {
            subscriber.complete();
            return;
          }
          const left = signal.slice(at, at + chunk);
          const right = left.map((v) => -v);
          subscriber.next({ channels: [left, right], sampleIndex: at, captureTime: at / 48 });
          at += chunk;
        }
        setTimeout(next, 0);
      };
      setTimeout(next, 0);
    }),
    close: () => {
      source.closed = true;
      status.next({ state: 'closed', overruns: 0, droppedBlocks: 0 });
      return Promise.resolve();
    },
  };
  return source;
}

async function startLive(options: Parameters<typeof Live.start>[0]): Promise<Live> {
  const module = await liveAnalysisModule();
  return module.LiveAnalysis.start(options);
}

describe('live analysis', () => {
  it('analyses a channel and records every sample of every channel', async () => {
    const signal = Float32Array.from(testSignal(30_000, 9));
    const recorded: AudioChunk[] = [];
    const live = await startLive({
      source: arraySource(signal, 700),
      engine: CONFIG,
      channel: 0,
      // Room for the whole signal: this test is about exactness, not overload.
      queueBlocks: 64,
      onAudio: (c) => recorded.push(c),
    });
    const packets: FramesPacket[] = [];
    // Copied in the callback: a packet's buffer goes back to the worker once it returns.
    live.frames$.subscribe((p) => packets.push({ ...p, data: p.data.slice() }));
    await live.finished;
    expect(live.status$.value.droppedBlocks).toBe(0);
    await live.stop(true);
    expect(recorded.reduce((n, c) => n + c.channels[1]!.length, 0)).toBe(signal.length);
    expect(
      recorded.every((c, i) => i === 0 || c.sampleIndex === recorded[i - 1]!.sampleIndex + 700),
    ).toBe(true);
    // The FFTs the worker runs (native where the addon is built), so that frames are equal.
    installNativePffft();
    const engine = await createScatteringEngine(CONFIG, CONFIG.precision, CONFIG.blocks);
    const local = collectStream(engine, [signal]);
    const rows = engine.layout.paths.length;
    expect(packets.reduce((n, p) => n + p.count, 0)).toBe(local.frames);
    expect(packets[0]!.firstCentreSample).toBe(local.firstFrame * local.hop);
    const last = packets.at(-1)!;
    const k = local.frames - 1;
    for (let r = 0; r < rows; r++) {
      expect(last.data[(last.count - 1) * rows + r]).toBe(
        Math.fround(local.data[r * local.frames + k]!),
      );
    }
    let released = false;
    live.status$.subscribe({ complete: () => (released = true) });
    expect(released).toBe(true);
  });

  it('drops the oldest analysis blocks under overload, counts them, and never drops recorded audio', async () => {
    // A heavy bank, and a source that delivers 8 analysis blocks (its hop, 4096 samples, each)
    // in each turn of the event loop: the worker's replies cannot arrive within a turn, so a
    // queue of 2 must drop blocks however fast the engine runs (with one chunk per turn, a fast
    // engine once kept up and dropped none).
    const heavy: EngineConfig = { ...CONFIG, J: 12, Q: [8, 1], blocks: 'throughput' };
    const signal = Float32Array.from(testSignal(48_000 * 6, 2));
    let recordedSamples = 0;
    let dropped = 0;
    const live = await startLive({
      source: arraySource(signal, 4096, 8),
      engine: heavy,
      channel: 'mix',
      queueBlocks: 2,
      onAudio: (c) => (recordedSamples += c.channels[0]!.length),
    });
    live.status$.subscribe((s) => (dropped = s.droppedBlocks));
    await live.finished;
    await live.stop();
    const { DEFAULT_ANALYSIS_BLOCK } = await liveAnalysisModule();
    console.log(
      `overload: ${String(dropped)} of ${String(signal.length / DEFAULT_ANALYSIS_BLOCK)} analysis blocks dropped`,
    );
    expect(recordedSamples).toBe(signal.length);
    expect(dropped).toBeGreaterThan(0);
  });
});
