/**
 * repairSession on folders a crash leaves: partial frames cut, sizes and shape from the file
 * lengths, session.json recomputed or created; clear errors for what is not a session.
 */
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileAccessError, FileFormatError } from '../../../src/io/errors.js';
import { repairSession } from '../../../src/io/session/repair-session.js';
import { SessionRecorder } from '../../../src/io/session/session-recorder.js';
import type { SessionScatteringSidecar } from '../../../src/io/session/session-sidecar.js';
import {
  expectSyntheticFrames,
  firstWrongSample,
  readSessionAudio,
  readSessionManifest,
} from '../../support/session-check.js';
import {
  CHILD_FORMAT,
  syntheticFeed,
  syntheticRecorderOptions,
} from '../../support/session-signal.js';

const root = mkdtempSync(join(tmpdir(), 'session-repair-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const { sampleRate, channels, rows } = CHILD_FORMAT;

/**
 * A session as a crash leaves it: `samples` of the signal (and a frame per hop) appended, the
 * headers synced after `synced` samples only, the recorder never closed.
 */
function crashedSession(name: string, samples: number, synced: number): string {
  const dir = join(root, name);
  const recorder = new SessionRecorder({
    ...syntheticRecorderOptions(dir),
    syncIntervalMs: 3_600_000,
  });
  const feed = syntheticFeed(recorder);
  feed.append(synced);
  recorder.sync();
  feed.append(samples - synced);
  // Left open, as a killed process leaves its files: nothing more is written by it.
  return dir;
}

describe('repairSession', () => {
  it('sets the sizes and the shape from the file lengths, cutting partial frames', () => {
    const dir = crashedSession('partial', 1000, 400);
    // A write cut short in the middle of a sample frame and of a scattering frame.
    appendFileSync(join(dir, 'audio.wav'), new Uint8Array(5));
    appendFileSync(join(dir, 'scattering.npy'), new Uint8Array(9));
    expect(readSessionAudio(dir).frames).toBe(400);

    const report = repairSession(dir);
    expect(report).toMatchObject({ status: 'repaired', samples: 1000, frames: 3, sampleRate });
    expect(report.durationSeconds).toBeCloseTo(1000 / sampleRate, 12);
    expect(report.fixes).toEqual([
      'audio.wav: 5 bytes of a partial sample frame cut',
      'audio.wav sizes 400 → 1000 sample frames',
      'scattering.npy: 9 bytes of a partial frame cut',
      'scattering.npy shape 1 → 3 frames',
      'scattering.json counts',
      'session.json status recording → repaired',
    ]);
    const audio = readSessionAudio(dir);
    expect(audio.warnings).toEqual([]);
    expect(audio.frames).toBe(1000);
    expect(firstWrongSample(audio)).toBe(-1);
    expect(expectSyntheticFrames(dir, rows)).toBe(3);
    const manifest = readSessionManifest(dir);
    expect(manifest).toMatchObject({
      status: 'repaired',
      counts: { samples: 1000, frames: 3 },
      durationSeconds: 1000 / sampleRate,
      device: { name: 'synthetic test signal' },
    });
    expect(manifest.endedAt).not.toBeNull();
    const sidecar = JSON.parse(
      readFileSync(join(dir, 'scattering.json'), 'utf8'),
    ) as SessionScatteringSidecar;
    expect(sidecar).toMatchObject({ shape: [3, rows], frameCount: 3, input: { samples: 1000 } });

    // A second repair finds nothing to do.
    expect(repairSession(dir).fixes).toEqual([]);
  });

  it('creates a minimal session.json when it is missing', () => {
    const dir = crashedSession('no-manifest', 800, 800);
    rmSync(join(dir, 'session.json'));
    const report = repairSession(dir);
    expect(report.fixes).toContain('session.json created');
    const manifest = readSessionManifest(dir);
    expect(manifest).toMatchObject({
      schema: 'scatterscope-session',
      version: 1,
      status: 'repaired',
      sampleRate,
      channels,
      engine: { J: 6, T: 64 },
      counts: { samples: 800, frames: 3 },
      durationSeconds: 800 / sampleRate,
    });
    expect(Date.parse(manifest.startedAt)).toBeLessThanOrEqual(Date.parse(manifest.endedAt ?? ''));
  });

  it('repairs audio without scattering files', () => {
    const dir = crashedSession('audio-only', 500, 0);
    rmSync(join(dir, 'scattering.npy'));
    rmSync(join(dir, 'scattering.json'));
    expect(repairSession(dir)).toMatchObject({ samples: 500, frames: 0, status: 'repaired' });
  });

  it('says clearly when the folder is not a session', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(() => repairSession(empty)).toThrow(FileFormatError);
    expect(() => repairSession(empty)).toThrow(
      /is not a recording session \(no audio\.wav or session\.json\)$/,
    );
    expect(() => repairSession(join(root, 'missing'))).toThrow(FileAccessError);
    expect(() => repairSession(join(root, 'missing'))).toThrow(
      /^cannot read .*missing: no such file or folder$/,
    );
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    expect(() => repairSession(file)).toThrow(/is not a recording session \(not a folder\)$/);
    const junk = join(root, 'junk');
    mkdirSync(junk);
    writeFileSync(join(junk, 'audio.wav'), 'not a wav at all');
    expect(() => repairSession(junk)).toThrow(/audio\.wav: not a WAV file/);
  });
});
