/**
 * Write failures while recording: a file-size limit (ulimit -f, in a child), a full disk (a
 * small tmpfs, when this process may mount one), and the folder deleted under the recorder;
 * and a read-only file system when a session is created. Each stops the recorder with a one-line status naming the file
 * and the reason, never an exception; the audio written before is intact and, after repair,
 * readable and equal to what was given.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repairSession } from '../../../src/io/session/repair-session.js';
import type { SessionStatus } from '../../../src/io/session/session-manifest.js';
import { SessionRecorder, type RecorderStatus } from '../../../src/io/session/session-recorder.js';
import { assertBuilt } from '../../support/cli.js';
import { recordWithFileSizeLimit } from '../../support/record-child.js';
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
import { sox } from '../../support/sox.js';

const root = mkdtempSync(join(tmpdir(), 'session-errors-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const { rows, chunkSamples } = CHILD_FORMAT;

/** A recorder of the child's signal, in this process, with its status changes collected. */
function startRecorder(dir: string): {
  recorder: SessionRecorder;
  statuses: RecorderStatus[];
  append: () => void;
} {
  const statuses: RecorderStatus[] = [];
  const recorder = new SessionRecorder({
    ...syntheticRecorderOptions(dir),
    syncIntervalMs: 60_000,
    onStatus: (status) => statuses.push(status),
  });
  const feed = syntheticFeed(recorder);
  return { recorder, statuses, append: () => feed.append(chunkSamples) };
}

/**
 * The audio and frames after repair are the signal from its start, with at least `samples`;
 * session.json ends with `status`.
 */
function expectIntactAfterRepair(
  dir: string,
  samples: number,
  status: SessionStatus = 'repaired',
): void {
  const report = repairSession(dir);
  const audio = readSessionAudio(dir);
  expect(audio.warnings).toEqual([]);
  expect(audio.frames).toBe(report.samples);
  expect(audio.frames).toBeGreaterThanOrEqual(samples);
  expect(firstWrongSample(audio)).toBe(-1);
  expect(
    Number(
      sox(['--i', '-s', join(dir, 'audio.wav')])
        .toString()
        .trim(),
    ),
  ).toBe(audio.frames);
  expect(expectSyntheticFrames(dir, rows)).toBe(report.frames);
  expect(readSessionManifest(dir).status).toBe(status);
}

describe('a file-size limit (ulimit -f)', () => {
  beforeAll(() => {
    assertBuilt();
  });

  it('stops with EFBIG named, keeps the audio up to the limit', () => {
    const dir = join(root, 'ulimit');
    // 64 KiB per file: about 0.5 s of 16 kHz stereo float32.
    const { status, lines, stderr } = recordWithFileSizeLimit(dir, 5, 64);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const stops = lines.filter((line) => line.event === 'status');
    expect(stops).toHaveLength(1);
    const stop = stops[0];
    expect(stop?.state).toBe('stopped-on-error');
    expect(stop?.message).toMatch(
      /^cannot write .*audio\.wav: file too large \(the file-size limit is reached\)$/,
    );
    const written = stop?.samples ?? 0;
    expect(written).toBeGreaterThan(0);

    // As the recorder left it: headers for every whole chunk written.
    expect(readSessionAudio(dir).frames).toBe(written);
    const manifest = readSessionManifest(dir);
    expect(manifest.status).toBe('stopped-on-error');
    expect(manifest.error).toBe(stop?.message);
    expect(manifest.counts.samplesNotRecorded).toBeGreaterThan(0);
    expectIntactAfterRepair(dir, written);
  });
});

describe('a small tmpfs', () => {
  const mountPoint = join(root, 'tmpfs');
  let mounted = false;
  let skipReason = '';
  beforeAll(() => {
    mkdirSync(mountPoint);
    const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], {
      encoding: 'utf8',
    });
    mounted = result.status === 0;
    skipReason = mounted
      ? ''
      : `cannot mount a tmpfs here: ${(result.stderr || String(result.error)).trim()}`;
  });
  afterAll(() => {
    // Lazy: detached even when a failed test left a file open on it.
    if (mounted) spawnSync('umount', ['-l', mountPoint]);
  });

  it('a full disk: stops with ENOSPC named, keeps what fitted', (context) => {
    if (!mounted) {
      console.log(`skipped: ${skipReason}`);
      context.skip();
    }
    const dir = join(mountPoint, 'full');
    const { recorder, statuses, append } = startRecorder(dir);
    // Samples at the last sync that succeeded: all of them must survive.
    let syncedSamples = 0;
    const stopped = (): boolean => statuses.length > 0;
    for (let n = 0; !stopped() && n < 10_000; n++) {
      append();
      if (n % 10 === 9) {
        const before = recorder.status.samples;
        recorder.sync();
        if (!stopped()) syncedSamples = before;
      }
    }
    expect(statuses).toHaveLength(1);
    expect(statuses[0]?.state).toBe('stopped-on-error');
    expect(statuses[0]?.message).toMatch(
      /^cannot write .*(audio\.wav|scattering\.npy): no space left on the device/,
    );
    append();
    expect(recorder.status.samplesNotRecorded).toBeGreaterThan(0);
    expect(recorder.close().state).toBe('stopped-on-error');
    expect(readSessionAudio(dir).frames).toBe(statuses[0]?.samples);
    // Space freed (as a user would), then the repair can rewrite the JSON files.
    expect(spawnSync('mount', ['-o', 'remount,size=2m', mountPoint]).status).toBe(0);
    expectIntactAfterRepair(dir, syncedSamples);
  });

  it('a read-only file system: refused when the session is created, with the reason', (context) => {
    if (!mounted) {
      console.log(`skipped: ${skipReason}`);
      context.skip();
    }
    // A file system cannot be remounted read-only under files open for writing (EBUSY), so
    // this is the case met in practice: starting a recording on a read-only volume.
    rmSync(join(mountPoint, 'full'), { recursive: true, force: true });
    expect(spawnSync('mount', ['-o', 'remount,ro', mountPoint]).status).toBe(0);
    try {
      expect(() => startRecorder(join(mountPoint, 'readonly'))).toThrow(
        /^cannot create the session in .*readonly: read-only file system$/,
      );
    } finally {
      spawnSync('mount', ['-o', 'remount,rw', mountPoint]);
    }
  });
});

describe('the folder deleted while recording', () => {
  it('is noticed at the next sync; the recording is put back and repairable', () => {
    const dir = join(root, 'vanishing');
    const { recorder, statuses, append } = startRecorder(dir);
    for (let n = 0; n < 20; n++) append();
    recorder.sync();
    for (let n = 0; n < 5; n++) append();
    const written = recorder.status.samples;
    rmSync(dir, { recursive: true, force: true });
    append(); // still lands in the open, deleted file
    expect(statuses).toEqual([]);
    recorder.sync();
    expect(statuses).toHaveLength(1);
    expect(statuses[0]?.state).toBe('stopped-on-error');
    expect(statuses[0]?.message).toMatch(
      /^cannot write .*audio\.wav: the file was deleted; put back from the open files: audio\.wav, scattering\.npy$/,
    );
    append();
    expect(recorder.status.samplesNotRecorded).toBe(chunkSamples);
    // Everything written before the stop, the chunk after the rm included, is back in place.
    expect(readSessionAudio(dir).frames).toBe(written + chunkSamples);
    expect(readSessionManifest(dir).status).toBe('stopped-on-error');
    // Restored whole and consistent: repair finds nothing to do, and the error stays on record.
    expectIntactAfterRepair(dir, written + chunkSamples, 'stopped-on-error');
  });
});
