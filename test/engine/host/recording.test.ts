/**
 * Recording what the host analyses: a session folder with the same files as
 * `scatterscope record`, the audio exactly the source's samples; a new engine mid-recording
 * leaves the recording going; a failing recorder is reported while the analysis goes on.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from '../../support/decoded-audio.js';
import {
  readSessionAudio,
  readSessionFrames,
  readSessionManifest,
} from '../../support/session-check.js';
import { chirp, HostHarness, SAMPLE_RATE, sleep, SMALL_PARAMS, writeWav } from './host-harness.js';

const SECONDS = 3;
let dir: string;
let file: string;
let samples: Float32Array;
let harness: HostHarness | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scatterscope-host-rec-'));
  samples = chirp(SECONDS, 200, 3000);
  file = writeWav(dir, 'chirp.wav', samples);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function replayInto(recordings: string, speed: number | 'max'): Promise<HostHarness> {
  harness = await HostHarness.create({ recordingsFolder: recordings });
  const { id } = harness.host.offerSource(file);
  await harness.ok({ type: 'set-speed', speed });
  await harness.ok({ type: 'open-source', sourceId: id });
  return harness;
}

describe('engine host recording', () => {
  it('records a replay into a new session folder: the audio is the source, the frames the analysis', async () => {
    const recordings = join(dir, 'recordings-1');
    // Twice real time: the 3 s file must still be playing when the position (reported about
    // twice a second) first passes 0.5 s and the pause arrives; at full speed it can end first.
    const h = await replayInto(recordings, 2);
    expect(h.state.canRecord).toBe(true);
    await h.until(() => (h.state.replay?.positionSeconds ?? 0) > 0.5, 'some playing');
    await h.ok({ type: 'pause' });
    const start = Math.round((h.state.replay?.positionSeconds ?? 0) * SAMPLE_RATE);
    await h.ok({ type: 'start-recording' });
    const recording = h.state.recording;
    expect(recording?.active).toBe(true);
    expect(readdirSync(recordings)).toHaveLength(1);
    await h.ok({ type: 'resume' });
    // At the end of the file the recording is finalised with the input.
    await h.until(() => h.state.mode === 'idle', 'the end of the file');
    expect(h.state.recording).toMatchObject({ active: false, error: null });
    const folder = recording?.folder ?? '';
    expect(folder.startsWith(recordings)).toBe(true);

    const audio = readSessionAudio(folder);
    expect(audio.sampleRate).toBe(SAMPLE_RATE);
    expect(audio.frames).toBe(samples.length - start);
    expect(firstDifference(audio.channelData[0] ?? [], samples.subarray(start))).toBe(-1);

    const manifest = readSessionManifest(folder);
    expect(manifest.status).toBe('complete');
    expect(manifest.device).toEqual({ file: 'chirp.wav' });
    expect(manifest.engine).toMatchObject({ J: SMALL_PARAMS.J, Q: [4, 1], precision: 'float32' });
    expect(manifest.counts.samples).toBe(samples.length - start);

    const rows = h.packets[0]?.rows ?? 0;
    const { data, shape } = readSessionFrames(folder);
    const hop = 2 ** SMALL_PARAMS.J;
    const frames = shape[0] ?? 0;
    expect(shape[1]).toBe(rows);
    // One frame per hop of the recording (its last frames flushed at the end), give or take one.
    expect(Math.abs(frames - (samples.length - start) / hop)).toBeLessThanOrEqual(1);
    // The recorded frames are those the UI was shown for the same times (no seek: the stream's
    // samples are the file's).
    const sidecar = JSON.parse(readFileSync(join(folder, 'scattering.json'), 'utf8')) as {
      firstCentre: number;
      hop: number;
    };
    expect(sidecar.hop).toBe(hop);
    const shown = new Map<number, Float32Array>();
    for (const packet of h.packets)
      for (let k = 0; k < packet.count; k++) {
        const centre = Math.round(
          (packet.firstFrameSeconds + k * packet.frameSeconds) * SAMPLE_RATE,
        );
        shown.set(centre, packet.data.subarray(k * rows, (k + 1) * rows));
      }
    for (let j = 0; j < frames; j++) {
      const centre = start + sidecar.firstCentre + j * hop;
      expect(centre - start).toBeGreaterThanOrEqual(0);
      const displayed = shown.get(centre);
      expect(displayed, `frame centred on sample ${String(centre)}`).toBeDefined();
      expect(firstDifference(data.subarray(j * rows, (j + 1) * rows), displayed ?? [])).toBe(-1);
    }
  });

  it('keeps recording the audio through a change of engine', async () => {
    const h = await replayInto(join(dir, 'recordings-2'), 1);
    await h.until(() => h.frameCount() > 0, 'frames');
    await h.ok({ type: 'pause' });
    const start = Math.round((h.state.replay?.positionSeconds ?? 0) * SAMPLE_RATE);
    await h.ok({ type: 'start-recording' });
    await h.ok({ type: 'resume' });
    await h.until(() => (h.state.recording?.seconds ?? 0) > 0.3, 'some recording');
    await h.ok({ type: 'set-engine', params: { ...SMALL_PARAMS, J: 5 } });
    expect(h.notices().map((n) => n.code)).toContain('recording-failed');
    expect(h.state.recording?.active).toBe(true);
    await h.until(() => (h.state.replay?.positionSeconds ?? 0) > 2.5, 'more playing');
    await h.ok({ type: 'stop-recording' });
    const folder = h.state.recording?.folder ?? '';
    const audio = readSessionAudio(folder);
    // Not a sample missing across the restart of the analysis.
    expect(
      firstDifference(audio.channelData[0] ?? [], samples.subarray(start, start + audio.frames)),
    ).toBe(-1);
    // ...and none after: it ends where the replay was when the recording stopped.
    const stopped = h.events.find(
      (e) =>
        e.type === 'state' && e.state.recording?.folder === folder && !e.state.recording.active,
    );
    const end = stopped?.type === 'state' ? (stopped.state.replay?.positionSeconds ?? 0) : 0;
    expect(audio.frames).toBe(Math.round(end * SAMPLE_RATE) - start);
    expect(audio.frames / SAMPLE_RATE).toBeGreaterThan(1);
    expect(readSessionManifest(folder).status).toBe('complete');
  });

  it("reports a recording's growing seconds and bytes in progress events, not in states", async () => {
    const h = await replayInto(join(dir, 'recordings-6'), 1);
    await h.until(() => (h.state.replay?.positionSeconds ?? 0) > 0.2, 'some playing');
    const mark = h.events.length;
    await h.ok({ type: 'start-recording' });
    await sleep(1600);
    // The start of the recording is the one state: its growth comes as progress.
    const states = h.eventsOf('state', mark);
    expect(states.map((e) => e.state.recording?.active)).toEqual([true]);
    const progress = h.eventsOf('progress', mark).map((e) => e.progress);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < progress.length; i++) {
      const [before, now] = [progress[i - 1]?.recording, progress[i]?.recording];
      expect(now?.seconds).toBeGreaterThan(before?.seconds ?? Infinity);
      expect(now?.bytes).toBeGreaterThan(before?.bytes ?? Infinity);
      expect(progress[i]?.replay?.positionSeconds).toBeGreaterThan(
        progress[i - 1]?.replay?.positionSeconds ?? Infinity,
      );
    }
    // At real time: ~1.6 s recorded, 4 bytes a sample (mono float32) and then some for frames.
    const last = progress.at(-1)?.recording;
    expect(last?.seconds).toBeGreaterThan(0.8);
    expect(last?.seconds).toBeLessThan(2);
    expect(last?.bytes).toBeGreaterThan((last?.seconds ?? 0) * SAMPLE_RATE * 4);
    expect(h.told()?.recording).toMatchObject({ active: true, ...last });
    await h.ok({ type: 'stop-recording' });
    expect(h.eventsOf('state', mark).at(-1)?.state.recording?.active).toBe(false);
  });

  it('reports a recording whose folder is deleted, and goes on analysing', async () => {
    const recordings = join(dir, 'recordings-3');
    const h = await replayInto(recordings, 1);
    await h.ok({ type: 'set-loop', loop: true });
    await h.ok({ type: 'start-recording' });
    const folder = h.state.recording?.folder ?? '';
    expect(existsSync(folder)).toBe(true);
    rmSync(folder, { recursive: true, force: true });
    await h.until(
      () => h.notices().some((n) => n.code === 'recording-failed'),
      'a notice of the failed recording',
      5000,
    );
    const notice = h.notices().find((n) => n.code === 'recording-failed');
    expect(notice?.level).toBe('error');
    expect(notice?.message).toContain(folder);
    expect(h.state.recording?.active).toBe(false);
    expect(h.state.recording?.error).toEqual(expect.any(String));
    expect(h.state.mode).toBe('replay');
    const frames = h.frameCount();
    await h.until(() => h.frameCount() > frames + 20, 'frames after the failure');
    // A new recording can start after a failed one.
    await h.ok({ type: 'start-recording' });
    expect(h.state.recording).toMatchObject({ active: true, error: null });
  });

  it('replays a recorded session with the parameters it was recorded with', async () => {
    const h = await replayInto(join(dir, 'recordings-5'), 'max');
    await h.ok({ type: 'start-recording' });
    const folder = h.state.recording?.folder ?? '';
    await h.until(() => h.state.mode === 'idle', 'the end of the file');
    await h.close();
    harness = await HostHarness.create({ engine: { ...SMALL_PARAMS, J: 8, Q1: 2 } });
    const session = harness.host.offerSource(folder);
    expect(session.kind).toBe('session');
    await harness.ok({ type: 'open-source', sourceId: session.id });
    expect(harness.state.engine).toEqual(SMALL_PARAMS);
    expect(harness.state.layout?.engine).toEqual(SMALL_PARAMS);
    expect(harness.state.layout?.paths.length).toBe(readSessionFrames(folder).shape[1]);
  });

  it('refuses to record without a recordings folder or without an input', async () => {
    harness = await HostHarness.create();
    expect(harness.state.canRecord).toBe(false);
    const { id } = harness.host.offerSource(file);
    await harness.ok({ type: 'open-source', sourceId: id });
    const refused = await harness.request({ type: 'start-recording' });
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toMatch(/no recordings folder/);
    harness.host.setRecordingsFolder(join(dir, 'recordings-4'));
    await harness.ok({ type: 'stop' });
    const idle = await harness.request({ type: 'start-recording' });
    expect(idle.error?.message).toMatch(/nothing to record/);
    const none = await harness.request({ type: 'stop-recording' });
    expect(none.error?.message).toMatch(/no recording in progress/);
  });
});
