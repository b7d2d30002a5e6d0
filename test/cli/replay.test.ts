/**
 * `scatterscope replay`: a file replayed through the live analysis gives the frames of
 * `analyse`, and a replayed session reproduces the session's own frames.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../src/io/npy.js';
import { assertBuilt, runCli } from '../support/cli.js';

let folder: string;
let wav: string;

beforeAll(() => {
  assertBuilt();
  folder = mkdtempSync(join(tmpdir(), 'scatterscope-replay-'));
  wav = join(folder, 'tones.wav');
  // Two tones with a tremolo, 3 s of stereo at 22.05 kHz, written by sox.
  const sox = spawnSync('sox', [
    '-n',
    '-r',
    '22050',
    '-c',
    '2',
    '-b',
    '16',
    wav,
    'synth',
    '3',
    'sine',
    '440',
    'sine',
    '1300',
    'tremolo',
    '6',
    '60',
  ]);
  expect(sox.status, sox.stderr.toString()).toBe(0);
});

function npy(path: string): { data: Float32Array | Float64Array; shape: readonly number[] } {
  return readNpy(readFileSync(path));
}

describe('scatterscope replay', () => {
  it('gives exactly the frames of analyse for a WAV file, and reproduces its own session', () => {
    const analysed = runCli(['analyse', wav, '--out', join(folder, 'a.npy'), '--J', '7']);
    expect(analysed.status, analysed.stderr).toBe(0);
    const session = join(folder, 'session');
    const replayed = runCli(['replay', wav, '--speed', 'max', '--out', session, '--J', '7']);
    expect(replayed.status, replayed.stderr).toBe(0);
    const a = npy(join(folder, 'a.npy'));
    const s = npy(join(session, 'scattering.npy'));
    const [rows, frames] = a.shape as [number, number];
    expect(s.shape).toEqual([frames, rows]);
    for (let t = 0; t < frames; t++) {
      for (let r = 0; r < rows; r++) expect(s.data[t * rows + r]).toBe(a.data[r * frames + t]);
    }
    // A session replays with its own parameters (no --J here) and gives its frames again.
    const again = join(folder, 'again');
    const replayedSession = runCli(['replay', session, '--speed', 'max', '--out', again]);
    expect(replayedSession.status, replayedSession.stderr).toBe(0);
    expect(npy(join(again, 'scattering.npy')).data).toEqual(s.data);
  });

  it('paces a replay at the speed asked', () => {
    const started = performance.now();
    const replayed = runCli(['replay', wav, '--speed', '4', '--J', '6']);
    const seconds = (performance.now() - started) / 1000;
    expect(replayed.status, replayed.stderr).toBe(0);
    // 3 s of audio at 4x: 0.75 s of pacing, plus start-up and the end's flush.
    expect(seconds).toBeGreaterThan(0.75);
    expect(seconds).toBeLessThan(4);
  });

  it('rejects a bad speed and a missing input with one line', () => {
    const speed = runCli(['replay', wav, '--speed', 'fast']);
    expect(speed.status).toBe(2);
    expect(speed.stderr.trim().split('\n')).toHaveLength(1);
    const missing = runCli(['replay', join(folder, 'nothing.wav')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nothing\.wav/);
  });

  it('rejects --play options that cannot be met, with one line each', () => {
    const orphan = runCli(['replay', wav, '--device', '0']);
    expect(orphan.status).toBe(2);
    expect(orphan.stderr).toMatch(/^scatterscope: --device chooses the output device of --play/m);
    const fast = runCli(['replay', wav, '--play', '--speed', '2']);
    expect(fast.status).toBe(2);
    expect(fast.stderr).toMatch(/--play plays at the device's own pace: --speed 2/);
    // The native audio libraries may print their own notes; the command says one thing.
    const unknown = runCli(['replay', wav, '--play', '--device', 'no-such-device']);
    expect(unknown.status).toBe(1);
    const ours = unknown.stderr.split('\n').filter((line) => line.startsWith('scatterscope:'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(/^scatterscope: no output device named 'no-such-device' \(outputs: /);
  });
});
