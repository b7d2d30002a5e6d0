/**
 * SessionRecorder: what it writes reads back equal (project readers, sox, numpy's format), the
 * headers are valid after every sync while recording, close() is final and idempotent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RECORDING_NPY_HEADER_BYTES } from '../../../src/io/session/recording-npy.js';
import {
  SessionRecorder,
  type RecorderStatus,
  type SessionRecorderOptions,
} from '../../../src/io/session/session-recorder.js';
import type { SessionScatteringSidecar } from '../../../src/io/session/session-sidecar.js';
import {
  readSessionAudio,
  readSessionFrames,
  readSessionManifest,
} from '../../support/session-check.js';
import { SYNTHETIC_ENGINE, syntheticPaths } from '../../support/session-signal.js';
import { sox } from '../../support/sox.js';

const root = mkdtempSync(join(tmpdir(), 'session-recorder-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const ENGINE = SYNTHETIC_ENGINE;
const ROWS = 5;
const PATHS = syntheticPaths(ROWS);

let sessions = 0;
function options(
  channels: number,
  extra: Partial<SessionRecorderOptions> = {},
): SessionRecorderOptions {
  return {
    dir: join(root, `session-${String(sessions++)}`),
    sampleRate: 8000,
    channels,
    device: { name: 'test', hostApi: 'none' },
    engine: ENGINE,
    scattering: { paths: PATHS, hop: 32, firstCentre: 0, channel: 'mix' },
    ...extra,
  };
}

/**
 * Pseudo-random float32 samples, one array per channel. Multiples of 2^-20, so that sox, which
 * converts through 32-bit integers, gives them back exactly.
 */
function chunk(channels: number, length: number, seed: number): Float32Array[] {
  return Array.from({ length: channels }, (_, c) =>
    Float32Array.from(
      { length },
      (_, i) => Math.round(Math.sin(seed * 7.1 + c * 1.3 + i * 0.37) * 0.9 * 2 ** 20) / 2 ** 20,
    ),
  );
}

/** Appends chunks of varied lengths (1, primes, larger) and a frame after each. */
function record(
  recorder: SessionRecorder,
  channels: number,
  afterEach?: () => void,
): { interleaved: number[]; frames: Float32Array[] } {
  const interleaved: number[] = [];
  const frames: Float32Array[] = [];
  [1, 7, 160, 13, 1024, 331].forEach((length, n) => {
    const samples = chunk(channels, length, n);
    recorder.appendAudio({ channels: samples });
    for (let i = 0; i < length; i++) {
      for (let c = 0; c < channels; c++) interleaved.push(samples[c]?.[i] ?? 0);
    }
    const frame = Float32Array.from({ length: ROWS }, (_, r) => n * 10 + r + 0.5);
    recorder.appendFrame(frame);
    frames.push(frame);
    afterEach?.();
  });
  return { interleaved, frames };
}

/** sox's decode of a float WAV as raw float32, interleaved. */
function soxSamples(path: string): number[] {
  const bytes = sox([path, '-t', 'f32', '-']);
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
}

describe('SessionRecorder', () => {
  for (const channels of [1, 2, 3]) {
    it(`round trip, ${String(channels)} channel(s): audio.wav, scattering.npy and the JSON files`, () => {
      const opts = options(channels);
      const recorder = new SessionRecorder(opts);
      const { interleaved, frames } = record(recorder, channels);
      const status = recorder.close();
      const samples = interleaved.length / channels;
      expect(status).toEqual({
        state: 'complete',
        samples,
        frames: frames.length,
        samplesNotRecorded: 0,
        framesNotRecorded: 0,
      });

      const audio = readSessionAudio(opts.dir);
      expect(audio.warnings).toEqual([]);
      expect([audio.sampleRate, audio.channels, audio.frames]).toEqual([8000, channels, samples]);
      expect(audio.encoding).toBe('float32');
      // WAVE_FORMAT_EXTENSIBLE only for more than two channels.
      expect(audio.extensible).toBe(channels > 2);
      const fromReader: number[] = [];
      for (let i = 0; i < samples; i++) {
        for (let c = 0; c < channels; c++) fromReader.push(audio.channelData[c]?.[i] ?? NaN);
      }
      expect(fromReader).toEqual(interleaved);

      const wav = join(opts.dir, 'audio.wav');
      expect(sox(['--i', '-c', wav]).toString().trim()).toBe(String(channels));
      expect(sox(['--i', '-s', wav]).toString().trim()).toBe(String(samples));
      expect(soxSamples(wav)).toEqual(interleaved);

      const npy = readSessionFrames(opts.dir);
      expect(npy.shape).toEqual([frames.length, ROWS]);
      expect(Array.from(npy.data)).toEqual(frames.flatMap((frame) => Array.from(frame)));
      // The reserved header: the data starts at the same byte whatever the frame count.
      const npyBytes = readFileSync(join(opts.dir, 'scattering.npy'));
      expect(npyBytes.length).toBe(RECORDING_NPY_HEADER_BYTES + 4 * ROWS * frames.length);

      const sidecar = JSON.parse(
        readFileSync(join(opts.dir, 'scattering.json'), 'utf8'),
      ) as SessionScatteringSidecar;
      expect(sidecar.shape).toEqual([frames.length, ROWS]);
      expect(sidecar.axes).toEqual(['frame', 'row']);
      expect(sidecar.frameCount).toBe(frames.length);
      expect(sidecar.note).toContain('transpose');
      expect(sidecar.paths).toHaveLength(ROWS);
      expect(sidecar.input.samples).toBe(samples);

      const manifest = readSessionManifest(opts.dir);
      expect(manifest).toMatchObject({
        schema: 'scatterscope-session',
        version: 1,
        status: 'complete',
        device: { name: 'test', hostApi: 'none' },
        sampleRate: 8000,
        channels,
        engine: ENGINE,
        counts: { samples, frames: frames.length, droppedAnalysisBlocks: 0, workerRestarts: 0 },
        durationSeconds: samples / 8000,
      });
      expect(Date.parse(manifest.endedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(manifest.startedAt),
      );
      expect(manifest.error).toBeUndefined();
    });
  }

  it('leaves valid headers after every sync while recording', () => {
    const opts = options(2);
    const recorder = new SessionRecorder(opts);
    let samples = 0;
    let frames = 0;
    record(recorder, 2, () => {
      recorder.sync();
      const audio = readSessionAudio(opts.dir);
      samples = recorder.status.samples;
      frames++;
      expect(audio.warnings).toEqual([]);
      expect(audio.frames).toBe(samples);
      expect(readSessionFrames(opts.dir).shape).toEqual([frames, ROWS]);
    });
    // An independent reader agrees while the recording is still open.
    expect(
      sox(['--i', '-s', join(opts.dir, 'audio.wav')])
        .toString()
        .trim(),
    ).toBe(String(samples));
    expect(readSessionManifest(opts.dir).status).toBe('recording');
    recorder.close();
  });

  it('brings the headers up to date on its own timer', async () => {
    const opts = options(1, { syncIntervalMs: 20 });
    const recorder = new SessionRecorder(opts);
    recorder.appendAudio({ channels: chunk(1, 500, 1) });
    recorder.appendFrame(new Float32Array(ROWS));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readSessionAudio(opts.dir).frames).toBe(500);
    expect(readSessionFrames(opts.dir).shape).toEqual([1, ROWS]);
    recorder.close();
  });

  it('close() is idempotent, and appends after it are ignored and counted', () => {
    const statuses: RecorderStatus[] = [];
    const opts = options(1, { onStatus: (status) => statuses.push(status) });
    const recorder = new SessionRecorder(opts);
    recorder.appendAudio({ channels: chunk(1, 100, 2) });
    recorder.setAnalysisCounts({ droppedAnalysisBlocks: 3, workerRestarts: 1 });
    const first = recorder.close();
    const manifest = readFileSync(join(opts.dir, 'session.json'), 'utf8');
    expect(recorder.close()).toEqual(first);
    expect(readFileSync(join(opts.dir, 'session.json'), 'utf8')).toBe(manifest);
    expect(statuses.map((status) => status.state)).toEqual(['complete']);
    expect(readSessionManifest(opts.dir).counts).toMatchObject({
      samples: 100,
      droppedAnalysisBlocks: 3,
      workerRestarts: 1,
    });

    recorder.appendAudio({ channels: chunk(1, 40, 3) });
    recorder.appendFrame(new Float32Array(ROWS));
    expect(recorder.status).toMatchObject({
      samples: 100,
      samplesNotRecorded: 40,
      framesNotRecorded: 1,
    });
    expect(readSessionAudio(opts.dir).frames).toBe(100);
  });

  it('refuses a folder that already holds a session', () => {
    const opts = options(1);
    new SessionRecorder(opts).close();
    expect(() => new SessionRecorder(opts)).toThrow(
      /cannot create the session in .*: the file already exists/,
    );
  });

  it('a chunk of the wrong shape stops the recorder with a status, not an exception', () => {
    const statuses: RecorderStatus[] = [];
    const opts = options(2, { onStatus: (status) => statuses.push(status) });
    const recorder = new SessionRecorder(opts);
    recorder.appendAudio({ channels: chunk(2, 10, 1) });
    expect(() => {
      recorder.appendAudio({ channels: chunk(1, 10, 1) });
    }).not.toThrow();
    expect(statuses).toHaveLength(1);
    expect(statuses[0]?.state).toBe('stopped-on-error');
    expect(statuses[0]?.message).toMatch(/audio\.wav: a chunk must hold 2 channel arrays/);
    expect(readSessionAudio(opts.dir).frames).toBe(10);
    expect(readSessionManifest(opts.dir)).toMatchObject({ status: 'stopped-on-error' });
  });
});
