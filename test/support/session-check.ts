/**
 * Reading back a recorded session in tests: the audio through the project's WAV reader, the
 * frames through its .npy reader, and the JSON files, plus checks against the child's signal.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readNpy } from '../../src/io/npy.js';
import type { SessionManifest } from '../../src/io/session/session-manifest.js';
import { readWav, type DecodedWav } from '../../src/io/wav-reader.js';
import { syntheticFrame, syntheticSample } from './session-signal.js';

export function readSessionAudio(dir: string): DecodedWav {
  return readWav(readFileSync(join(dir, 'audio.wav')));
}

export function readSessionFrames(dir: string): {
  data: Float32Array | Float64Array;
  shape: number[];
} {
  return readNpy(readFileSync(join(dir, 'scattering.npy')));
}

export function readSessionManifest(dir: string): SessionManifest {
  return JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as SessionManifest;
}

/** Index of the first sample that is not the synthetic signal, or -1 when all are. */
export function firstWrongSample(audio: DecodedWav): number {
  for (let i = 0; i < audio.frames; i++) {
    for (let c = 0; c < audio.channels; c++) {
      if (audio.channelData[c]?.[i] !== syntheticSample(i, c)) return i;
    }
  }
  return -1;
}

/** Checks the frames are the synthetic frames 0, 1, 2, ... */
export function expectSyntheticFrames(dir: string, rows: number): number {
  const { data, shape } = readSessionFrames(dir);
  const frames = shape[0] ?? 0;
  expect(shape).toEqual([frames, rows]);
  for (let f = 0; f < frames; f++) {
    expect(Array.from(data.subarray(f * rows, (f + 1) * rows))).toEqual(
      Array.from(syntheticFrame(f, rows)),
    );
  }
  return frames;
}

/**
 * The shape numpy itself reads from an .npy file (`numpy.load`), or undefined when python3 with
 * numpy is not installed here.
 */
export function numpyShape(path: string): number[] | undefined {
  const result = spawnSync(
    'python3',
    ['-c', 'import sys, numpy; print(*numpy.load(sys.argv[1]).shape)', path],
    { encoding: 'utf8' },
  );
  if (result.error !== undefined || result.stderr.includes('No module named')) return undefined;
  if (result.status !== 0) throw new Error(`numpy.load(${path}) failed: ${result.stderr}`);
  return result.stdout.trim().split(' ').map(Number);
}
