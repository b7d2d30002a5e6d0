/**
 * The replay source: every sample in order at 'max', real-time pacing without drift, seek,
 * pause, loop, close, session folders, and a replay feeding the streaming scattering.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScatteringEngine } from '../../src/dsp/index.js';
import { CorruptAudioError } from '../../src/io/decode/decode-errors.js';
import { FileAccessError } from '../../src/io/errors.js';
import { openReplaySource, type ReplaySource } from '../../src/io/replay-source.js';
import type { AudioChunk, AudioSourceState } from '../../src/pipeline/audio-source.js';
import { decodeFile, firstDifference } from '../support/decoded-audio.js';
import { sox } from '../support/sox.js';
import { writeToneWav } from '../support/tone-files.js';

const RATE = 48000;
const BLOCK = 1024;
const dir = mkdtempSync(join(tmpdir(), 'replay-source-'));
let halfSecondWav = '';
let stereoFlac = '';
/** The decoded samples of those files, one array per channel. */
let halfSecond: Float32Array[] = [];
let stereo: Float32Array[] = [];

beforeAll(async () => {
  halfSecondWav = writeToneWav(dir, 'half.wav', {
    seconds: 0.5,
    sampleRate: RATE,
    channels: 1,
  }).path;
  const stereoWav = writeToneWav(dir, 'stereo.wav', { seconds: 1, sampleRate: 44100, channels: 2 });
  stereoFlac = join(dir, 'stereo.flac');
  sox([stereoWav.path, stereoFlac]);
  halfSecond = (await decodeFile(halfSecondWav)).channels;
  stereo = (await decodeFile(stereoFlac)).channels;
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Joins channel `c` of the chunks. */
function joined(chunks: readonly AudioChunk[], c = 0): Float32Array {
  const out = new Float32Array(chunks.reduce((sum, chunk) => sum + chunk.channels[c]!.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk.channels[c]!, at);
    at += chunk.channels[c]!.length;
  }
  return out;
}

function expectConsecutive(chunks: readonly AudioChunk[]): void {
  let next = 0;
  for (const chunk of chunks) {
    expect(chunk.sampleIndex).toBe(next);
    next += chunk.channels[0]!.length;
  }
}

function states(source: ReplaySource): AudioSourceState[] {
  const seen: AudioSourceState[] = [];
  source.status$.subscribe((status) => seen.push(status.state));
  return seen;
}

const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

const openFds = (): number => readdirSync('/proc/self/fd').length;

describe('replay at max speed', () => {
  it('emits every sample of a WAV in order, in blocks, with consecutive sample indices', async () => {
    const source = await openReplaySource(halfSecondWav, { speed: 'max', blockSize: BLOCK });
    const seen = states(source);
    expect(source).toMatchObject({ sampleRate: RATE, channelCount: 1, durationSeconds: 0.5 });
    const chunks = await lastValueFrom(source.chunks$.pipe(toArray()));
    expectConsecutive(chunks);
    expect(chunks.slice(0, -1).every((chunk) => chunk.channels[0]!.length === BLOCK)).toBe(true);
    expect(firstDifference(joined(chunks), halfSecond[0]!)).toBe(-1);
    expect(seen).toEqual(['starting', 'running', 'ended']);
    await source.close();
    expect(seen.at(-1)).toBe('closed');
  });

  it('replays a stereo FLAC to its decoded samples, channel by channel', async () => {
    const source = await openReplaySource(stereoFlac, { speed: 'max', blockSize: 500 });
    const chunks = await lastValueFrom(source.chunks$.pipe(toArray()));
    expectConsecutive(chunks);
    expect(firstDifference(joined(chunks, 0), stereo[0]!)).toBe(-1);
    expect(firstDifference(joined(chunks, 1), stereo[1]!)).toBe(-1);
    await source.close();
  });

  it('loops with sample indices that keep growing', async () => {
    const source = await openReplaySource(halfSecondWav, { speed: 'max', loop: true });
    const fileLength = halfSecond[0]!.length;
    // 60 blocks of 1024 = 2.56 passes over the 24 000-sample file.
    const chunks = await lastValueFrom(source.chunks$.pipe(take(60), toArray()));
    await source.close();
    expectConsecutive(chunks);
    expect(chunks.every((chunk) => chunk.channels[0]!.length === BLOCK)).toBe(true);
    const samples = joined(chunks);
    for (let pass = 0; pass * fileLength < samples.length; pass++) {
      const part = samples.subarray(pass * fileLength, (pass + 1) * fileLength);
      expect(
        firstDifference(part, halfSecond[0]!.subarray(0, part.length)),
        `pass ${String(pass)}`,
      ).toBe(-1);
    }
  });

  it('seeks: the next chunk starts at the new position, its sample index unchanged', async () => {
    const source = await openReplaySource(halfSecondWav, { speed: 'max' });
    const chunks: AudioChunk[] = [];
    await new Promise<void>((resolve, reject) => {
      source.chunks$.subscribe({
        next: (chunk) => {
          chunks.push(chunk);
          if (chunks.length === 1) source.seek(0.25);
        },
        error: reject,
        complete: resolve,
      });
    });
    await source.close();
    expectConsecutive(chunks);
    const afterSeek = joined(chunks.slice(1));
    expect(afterSeek.length).toBe(halfSecond[0]!.length - 12000);
    expect(firstDifference(afterSeek, halfSecond[0]!.subarray(12000))).toBe(-1);
  });
});

describe('paced replay', () => {
  it('takes the file’s duration at speed 1 and emits every sample', async () => {
    const source = await openReplaySource(halfSecondWav, { blockSize: BLOCK });
    const start = performance.now();
    const chunks = await lastValueFrom(source.chunks$.pipe(toArray()));
    const elapsed = performance.now() - start;
    await source.close();
    expect(Math.abs(elapsed - 500)).toBeLessThan(100);
    expectConsecutive(chunks);
    expect(firstDifference(joined(chunks), halfSecond[0]!)).toBe(-1);
  });

  it('emits chunk k once its last sample is due, stamped with its first sample’s due time', async () => {
    for (const speed of [1, 2]) {
      const source = await openReplaySource(halfSecondWav, { blockSize: BLOCK, speed });
      const emitted: { chunk: AudioChunk; at: number }[] = [];
      const start = performance.now();
      await new Promise<void>((resolve, reject) => {
        source.chunks$.subscribe({
          next: (chunk) => emitted.push({ chunk, at: performance.now() }),
          error: reject,
          complete: resolve,
        });
      });
      const elapsed = performance.now() - start;
      await source.close();
      const msPerSample = 1000 / (RATE * speed);
      expect(Math.abs(elapsed - 500 / speed), `speed ${String(speed)}`).toBeLessThan(100);
      for (const { chunk, at } of emitted) {
        const end = chunk.sampleIndex + chunk.channels[0]!.length;
        // Due times are measured from the first chunk's start: a few ms of slack for the clocks.
        expect(at - start).toBeGreaterThanOrEqual(end * msPerSample - 3);
        expect(chunk.captureTime - start).toBeGreaterThanOrEqual(
          chunk.sampleIndex * msPerSample - 3,
        );
        expect(chunk.captureTime - start).toBeLessThan(chunk.sampleIndex * msPerSample + 20);
      }
    }
  });

  it('pauses and resumes without losing or repeating samples', async () => {
    const source = await openReplaySource(halfSecondWav, { blockSize: BLOCK, speed: 2 });
    const seen = states(source);
    const chunks: AudioChunk[] = [];
    const done = new Promise<void>((resolve, reject) => {
      source.chunks$.subscribe({
        next: (chunk) => chunks.push(chunk),
        error: reject,
        complete: resolve,
      });
    });
    await delay(60);
    source.pause();
    const atPause = chunks.length;
    await delay(150);
    expect(chunks.length).toBe(atPause);
    expect(seen.at(-1)).toBe('paused');
    source.resume();
    await done;
    await source.close();
    expect(atPause).toBeGreaterThan(0);
    expect(atPause).toBeLessThan(chunks.length);
    expectConsecutive(chunks);
    expect(firstDifference(joined(chunks), halfSecond[0]!)).toBe(-1);
    expect(seen).toEqual(['starting', 'running', 'paused', 'running', 'ended', 'closed']);
  });
});

describe('close and sessions', () => {
  it('close() mid-stream stops emission at once and releases the file', async () => {
    const before = openFds();
    for (const speed of [1, 'max'] as const) {
      const source = await openReplaySource(stereoFlac, { speed, loop: true });
      expect(openFds()).toBeGreaterThan(before);
      let count = 0;
      let completed = false;
      source.chunks$.subscribe({
        next: () => count++,
        complete: () => (completed = true),
      });
      await delay(50);
      const closing = performance.now();
      await source.close();
      expect(performance.now() - closing).toBeLessThan(100);
      const atClose = count;
      await delay(60);
      expect(count).toBe(atClose);
      expect(count).toBeGreaterThan(0);
      expect(completed).toBe(true);
      expect(openFds()).toBe(before);
      await source.close(); // idempotent
    }
  });

  it('a consumer slower than the pace neither starves the event loop nor loses chunks', async () => {
    // 10 ms blocks, each taking the consumer 15 ms: the replay falls ever further behind.
    const source = await openReplaySource(stereoFlac, { loop: true, blockSize: 441 });
    const chunks: AudioChunk[] = [];
    source.chunks$.subscribe((chunk) => {
      chunks.push(chunk);
      const until = performance.now() + 15;
      while (performance.now() < until) {
        // Busy: a consumer doing heavy synchronous work.
      }
    });
    await delay(200); // resolves only if the replay lets timers run
    await source.close();
    const atClose = chunks.length;
    await delay(50);
    expect(chunks.length).toBe(atClose);
    expect(atClose).toBeGreaterThan(5);
    expectConsecutive(chunks);
  });

  it('replays a session folder’s audio.wav, and refuses a folder without one', async () => {
    const session = join(dir, 'session-1');
    mkdirSync(session);
    writeToneWav(session, 'audio.wav', { seconds: 0.1, sampleRate: 16000, channels: 1 });
    const source = await openReplaySource(session, { speed: 'max' });
    expect(source).toMatchObject({ path: join(session, 'audio.wav'), sampleRate: 16000 });
    const chunks = await lastValueFrom(source.chunks$.pipe(toArray()));
    expect(joined(chunks)).toHaveLength(1600);
    await source.close();

    const empty = join(dir, 'not-a-session');
    mkdirSync(empty);
    await expect(openReplaySource(empty)).rejects.toThrow(FileAccessError);
    await expect(openReplaySource(empty)).rejects.toThrow(/without audio\.wav/);
  });

  it('a file that turns out truncated ends chunks$ with the error, and status says it', async () => {
    const bytes = readFileSync(stereoFlac);
    const cut = join(dir, 'cut.flac');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = openFds();
    const source = await openReplaySource(cut, { speed: 'max' });
    const seen = states(source);
    let messages: string[] = [];
    source.status$.subscribe((status) => {
      if (status.message !== undefined) messages = [...messages, status.message];
    });
    await expect(lastValueFrom(source.chunks$)).rejects.toThrow(CorruptAudioError);
    expect(seen.at(-1)).toBe('error');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^${cut}: truncated FLAC file: [^\\n]+$`));
    // The file is released at the error, before close().
    expect(openFds()).toBe(before);
    await source.close();
    expect(seen.at(-1)).toBe('closed');
  });

  it('rejects a bad block size or speed with the value in the message', async () => {
    await expect(openReplaySource(halfSecondWav, { blockSize: 0 })).rejects.toThrow(/got 0/);
    await expect(openReplaySource(halfSecondWav, { speed: -1 })).rejects.toThrow(/got -1/);
  });
});

describe('replay into the streaming scattering', () => {
  it('gives exactly the frames of the batch transform of the same samples', async () => {
    const engine = await createScatteringEngine({ J: 6, Q: 8, T: 64 }, 'float64');
    const source = await openReplaySource(halfSecondWav, { speed: 'max', blockSize: 777 });
    const signalLength = halfSecond[0]!.length;
    const rows = engine.layout.paths.length;
    const frames: Float64Array[] = [];
    const stream = engine.createStream((frame) => frames.push(Float64Array.from(frame)), {
      signalLength,
    });
    await new Promise<void>((resolve, reject) => {
      source.chunks$.subscribe({
        next: (chunk) => stream.push(chunk.channels[0]!),
        error: reject,
        complete: () => {
          stream.flush();
          resolve();
        },
      });
    });
    await source.close();
    const batch = engine.transform(halfSecond[0]!);
    expect(frames).toHaveLength(batch.frames);
    // Batch data is row-major [rows, frames]: lay the streamed frames out the same way.
    const streamed = new Float64Array(rows * frames.length);
    frames.forEach((frame, f) => {
      for (let r = 0; r < rows; r++) streamed[r * frames.length + f] = frame[r]!;
    });
    expect(firstDifference(streamed, batch.data)).toBe(-1);
  });
});
