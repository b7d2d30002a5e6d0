/**
 * The host on a live input: a test signal behind the capture interface (as a device delivers
 * it: paced chunks from an unknown past), the device chosen by the UI, a recording of it, and
 * the device lost mid-recording.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BehaviorSubject, Observable } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LiveCapture } from '../../../src/engine/host/live-capture.js';
import type {
  AudioChunk,
  AudioSource,
  AudioSourceStatus,
} from '../../../src/pipeline/audio-source.js';
import type { DeviceInfo } from '../../../src/protocol/ui-messages.js';
import { firstDifference } from '../../support/decoded-audio.js';
import { readSessionAudio, readSessionManifest } from '../../support/session-check.js';
import { HostHarness } from './host-harness.js';

const RATE = 16_000;
const CHUNK = 320; // 20 ms

/** Sample n of the test signal: a 500 Hz tone. */
const sample = (n: number): number => Math.fround(0.4 * Math.sin((2 * Math.PI * 500 * n) / RATE));

/**
 * A device delivering the test signal in 20 ms chunks at real time; after `lostAfter` chunks it
 * says 'device-lost' and delivers nothing more, as the microphone source does.
 */
function toneDevice(lostAfter: number): AudioSource {
  const status = new BehaviorSubject<AudioSourceStatus>({
    state: 'starting',
    overruns: 0,
    droppedBlocks: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  const chunks$ = new Observable<AudioChunk>((subscriber) => {
    let index = 0;
    status.next({ state: 'running', overruns: 0, droppedBlocks: 0 });
    timer = setInterval(() => {
      if (index >= lostAfter * CHUNK) {
        clearInterval(timer);
        status.next({
          state: 'device-lost',
          overruns: 0,
          droppedBlocks: 0,
          message: 'no audio from Test Tone for 900 ms: the device is gone',
        });
        subscriber.complete();
        return;
      }
      const channel = Float32Array.from({ length: CHUNK }, (_, i) => sample(index + i));
      subscriber.next({ channels: [channel], sampleIndex: index, captureTime: performance.now() });
      index += CHUNK;
    }, 20);
  });
  return {
    sampleRate: RATE,
    channelCount: 1,
    chunks$,
    status$: status.asObservable(),
    close: () => {
      clearInterval(timer);
      return Promise.resolve();
    },
  };
}

const DEVICES: DeviceInfo[] = [
  {
    index: 3,
    name: 'Test Tone',
    hostApi: 'Test',
    channels: 1,
    defaultSampleRate: RATE,
    isDefault: true,
  },
];

function toneCapture(lostAfter: number): LiveCapture {
  return {
    listDevices: () => DEVICES,
    open: (device) => {
      if (device !== null && device !== 3 && device !== 'Test Tone')
        throw new Error(`no input device named '${String(device)}' (inputs: 3: Test Tone)`);
      return { source: toneDevice(lostAfter), deviceName: 'Test Tone', hostApi: 'Test' };
    },
  };
}

let dir: string;
let harness: HostHarness | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scatterscope-host-live-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('engine host live input', () => {
  it('lists devices, opens the one asked for, and analyses it', async () => {
    harness = await HostHarness.create({ capture: toneCapture(1000) });
    expect(harness.state.canCapture).toBe(true);
    await harness.ok({ type: 'list-devices' });
    expect(harness.events.find((e) => e.type === 'devices')).toEqual({
      type: 'devices',
      devices: DEVICES,
    });
    const wrong = await harness.request({ type: 'start-live', device: 'USB' });
    expect(wrong.error?.message).toBe("no input device named 'USB' (inputs: 3: Test Tone)");
    expect(harness.state.mode).toBe('idle');
    await harness.ok({ type: 'start-live', device: 3 });
    expect(harness.state).toMatchObject({ mode: 'live', device: 'Test Tone', replay: null });
    const h = harness;
    await h.until(() => h.frameCount() > 5, 'frames');
    await h.until(() => h.events.some((e) => e.type === 'input'), 'an input view');
    const input = h.events.find((e) => e.type === 'input');
    if (input?.type !== 'input') throw new Error('no input view');
    // A 0.4 sine: peak −8 dBFS, RMS −11 dBFS.
    expect(input.view.peakDb).toBeCloseTo(20 * Math.log10(0.4), 0);
    expect(input.view.rmsDb).toBeCloseTo(20 * Math.log10(0.4 / Math.SQRT2), 0);
    expect(input.view.clipped).toBe(false);
    await h.until(() => h.events.some((e) => e.type === 'stats'), 'stats');
    const replayOnly = await h.request({ type: 'pause' });
    expect(replayOnly.error?.message).toBe('no replay in progress');
  });

  it('ends a recording with its files complete when the device is lost, and says so', async () => {
    harness = await HostHarness.create({
      capture: toneCapture(60),
      recordingsFolder: join(dir, 'recordings'),
    });
    const h = harness;
    await h.ok({ type: 'start-live', device: null });
    await h.ok({ type: 'start-recording' });
    const folder = h.state.recording?.folder ?? '';
    await h.until(() => h.state.mode === 'idle', 'the end of the lost device', 10_000);
    const notice = h.notices().find((n) => n.code === 'device-lost');
    expect(notice).toEqual({
      type: 'notice',
      level: 'error',
      code: 'device-lost',
      message: 'no audio from Test Tone for 900 ms: the device is gone',
    });
    expect(h.state.recording).toMatchObject({ active: false, error: null, folder });
    const manifest = readSessionManifest(folder);
    expect(manifest.status).toBe('complete');
    expect(manifest.device).toEqual({ name: 'Test Tone', hostApi: 'Test' });
    const audio = readSessionAudio(folder);
    expect(audio.frames).toBeGreaterThan(0);
    // The recording is the signal from where it started, sample for sample, to the loss.
    const recorded = audio.channelData[0] ?? new Float64Array(0);
    const start = 60 * CHUNK - audio.frames;
    const expected = Float32Array.from({ length: audio.frames }, (_, i) => sample(start + i));
    expect(firstDifference(recorded, expected)).toBe(-1);
  });
});
