/**
 * A recording process killed with SIGKILL ~2.5 s in: the files it leaves open as they were at
 * the last sync (at most 1 s old), and after repair they hold all the audio up to at most 1 s
 * before the kill, sample for sample the signal it was given.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repairSession } from '../../../src/io/session/repair-session.js';
import { assertBuilt } from '../../support/cli.js';
import { RECORD_SESSION_CHILD } from '../../support/record-child.js';
import {
  expectSyntheticFrames,
  firstWrongSample,
  numpyShape,
  readSessionAudio,
  readSessionFrames,
  readSessionManifest,
} from '../../support/session-check.js';
import { CHILD_FORMAT } from '../../support/session-signal.js';
import { sox } from '../../support/sox.js';

const root = mkdtempSync(join(tmpdir(), 'session-kill-'));
beforeAll(() => {
  assertBuilt();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** When to kill the child: ms of recording, as the child measures it. */
const KILL_AFTER_MS = 2500;

interface Progress {
  readonly event: string;
  readonly elapsedMs: number;
  readonly appendedSamples: number;
}

it('kill -9 while recording in real time loses at most 1 s of audio after repair', async () => {
  const dir = join(root, 'session');
  const child = spawn(process.execPath, [RECORD_SESSION_CHILD, dir, '10', 'realtime'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => {
    child.on('exit', (_code, signal) => {
      resolve(signal);
    });
  });
  let last: Progress | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    const progress = JSON.parse(line) as Progress;
    if (progress.event !== 'progress') continue;
    last = progress;
    if (progress.elapsedMs >= KILL_AFTER_MS) {
      child.kill('SIGKILL');
      break;
    }
  }
  expect(await exited).toBe('SIGKILL');
  if (last === undefined) throw new Error('the child reported no progress');
  const { sampleRate, rows, hop } = CHILD_FORMAT;

  // As left by the kill: headers of the last sync, readable by sox and by our reader. Syncs
  // are a second apart; half a second more for a timer late on a busy machine.
  const left = readSessionAudio(dir);
  const soxSamples = Number(
    sox(['--i', '-s', join(dir, 'audio.wav')])
      .toString()
      .trim(),
  );
  expect(soxSamples).toBe(left.frames);
  expect(left.frames).toBeGreaterThanOrEqual(last.appendedSamples - 1.5 * sampleRate);
  expect(readSessionManifest(dir).status).toBe('recording');
  const numpyFrames = numpyShape(join(dir, 'scattering.npy'));
  if (numpyFrames === undefined) console.log('numpy check skipped: python3 with numpy not found');
  else expect(numpyFrames).toEqual([readSessionFrames(dir).shape[0], rows]);

  const report = repairSession(dir);
  const repaired = readSessionAudio(dir);
  expect(repaired.warnings).toEqual([]);
  expect(repaired.frames).toBe(report.samples);
  // Everything the child said it had written is there (the page cache survives SIGKILL), and
  // at most what it wrote in the moment between its last report and the kill comes on top.
  expect(repaired.frames).toBeGreaterThanOrEqual(last.appendedSamples - sampleRate);
  expect(repaired.frames).toBeLessThanOrEqual(last.appendedSamples + sampleRate / 10);
  expect(firstWrongSample(repaired)).toBe(-1);
  const frames = expectSyntheticFrames(dir, rows);
  expect(frames).toBeGreaterThanOrEqual(Math.floor((last.appendedSamples - sampleRate) / hop));

  const manifest = readSessionManifest(dir);
  expect(manifest.status).toBe('repaired');
  expect(manifest.counts).toMatchObject({ samples: repaired.frames, frames });
  expect(manifest.durationSeconds).toBeCloseTo(repaired.frames / sampleRate, 9);
  console.log(
    `kill -9 at ${last.elapsedMs.toFixed(0)} ms, ${String(last.appendedSamples)} samples reported: ` +
      `header of the last sync held ${String(left.frames)} (${((last.appendedSamples - left.frames) / sampleRate).toFixed(3)} s behind), ` +
      `repair recovered ${String(repaired.frames)} (${String(last.appendedSamples - repaired.frames)} samples lost), ${String(frames)} frames`,
  );
});
