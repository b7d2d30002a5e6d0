/**
 * The engine host replaying a file as a UI drives it: frames with the announced layout that
 * show the file's content, pause, seek, speed, loop, and new engine parameters mid-replay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chirp, HostHarness, SAMPLE_RATE, sleep, SMALL_PARAMS, writeWav } from './host-harness.js';

const SECONDS = 3;
let dir: string;
let file: string;
let harness: HostHarness | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scatterscope-host-'));
  file = writeWav(dir, 'chirp.wav', chirp(SECONDS, 300, 6000));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function openChirp(speed: number | 'max' = 1): Promise<HostHarness> {
  harness = await HostHarness.create();
  const source = harness.host.offerSource(file);
  expect(source).toMatchObject({ label: 'chirp.wav', kind: 'file' });
  await harness.ok({ type: 'set-speed', speed });
  await harness.ok({ type: 'open-source', sourceId: source.id });
  return harness;
}

describe('engine host replay', () => {
  it('sends frames in the layout the state announces, following the chirp up in frequency', async () => {
    const h = await openChirp('max');
    const layout = h.state.layout;
    expect(h.state.mode).toBe('replay');
    expect(layout).not.toBeNull();
    if (layout === null) return;
    await h.until(() => h.state.mode === 'idle', 'the end of the file');
    const rows = layout.paths.length;
    expect(layout.sampleRate).toBe(SAMPLE_RATE);
    // Contiguous packets of the announced rows, frames one hop apart.
    let expected: number | null = null;
    for (const packet of h.packets) {
      expect(packet.rows).toBe(rows);
      expect(packet.frameSeconds).toBeCloseTo(layout.hop / SAMPLE_RATE, 12);
      if (expected !== null) expect(packet.firstFrameSeconds).toBeCloseTo(expected, 9);
      expected = packet.firstFrameSeconds + packet.count * packet.frameSeconds;
    }
    // The whole file is shown: from the frame centred on its first sample (its past is
    // silence, nothing waits to settle) to its end (the last frames are flushed).
    expect(h.packets[0]?.firstFrameSeconds).toBe(0);
    expect(expected).toBeGreaterThan(SECONDS - 2 * (layout.hop / SAMPLE_RATE));
    // The brightest first-order row follows the chirp: its frequency rises over time.
    const firstOrder = layout.paths.filter((p) => p.order === 1);
    const peaks: { t: number; hz: number }[] = [];
    for (const packet of h.packets) {
      for (let k = 0; k < packet.count; k++) {
        let best = -1;
        let bestHz = 0;
        for (const path of firstOrder) {
          const value = packet.data[k * rows + path.row] ?? 0;
          if (value > best) {
            best = value;
            bestHz = path.xi1Hz ?? 0;
          }
        }
        peaks.push({ t: packet.firstFrameSeconds + k * packet.frameSeconds, hz: bestHz });
      }
    }
    const inside = peaks.filter((p) => p.t > 0.3 && p.t < SECONDS - 0.3);
    expect(inside.length).toBeGreaterThan(50);
    const expectedHz = (t: number): number => 300 + ((6000 - 300) * t) / SECONDS;
    const near = inside.filter((p) => Math.abs(Math.log2(p.hz / expectedHz(p.t))) < 0.5);
    expect(near.length / inside.length).toBeGreaterThan(0.9);
  });

  it('pauses, seeks and resumes where it was asked to', async () => {
    const h = await openChirp(1);
    await h.until(() => (h.state.replay?.positionSeconds ?? 0) > 0.3, 'some playing');
    await h.ok({ type: 'pause' });
    expect(h.state.replay?.paused).toBe(true);
    const position = h.state.replay?.positionSeconds ?? -1;
    // Frames already in the worker still come; then nothing.
    await sleep(300);
    const frames = h.frameCount();
    const inputs = h.events.filter((e) => e.type === 'input').length;
    const mark = h.events.length;
    await sleep(500);
    // Nothing moves: no new state either (it is large, with the whole layout), nor progress.
    expect(h.eventsOf('state', mark)).toEqual([]);
    expect(h.eventsOf('progress', mark)).toEqual([]);
    expect(h.state.replay?.positionSeconds).toBe(position);
    expect(h.frameCount()).toBe(frames);
    expect(h.events.filter((e) => e.type === 'input').length).toBe(inputs);

    await h.ok({ type: 'seek', seconds: 2 });
    expect(h.state.replay?.positionSeconds).toBe(2);
    const lastTime = h.packets.at(-1)?.firstFrameSeconds ?? 0;
    await h.ok({ type: 'resume' });
    expect(h.state.replay?.paused).toBe(false);
    await h.until(() => (h.state.replay?.positionSeconds ?? 0) > 2.2, 'playing from 2 s');
    await h.until(() => h.frameCount() > frames, 'frames after resuming');
    // Display time is stream time: it goes on after a seek, it does not jump back.
    expect(h.packets.at(-1)?.firstFrameSeconds ?? 0).toBeGreaterThan(lastTime);
    // 1 s of file left at real time.
    await h.until(() => h.state.mode === 'idle', 'the end of the file', 5000);
  });

  it('sends the moving position in small progress events, the state only when it changes', async () => {
    harness = await HostHarness.create();
    const long = harness.host.offerSource(writeWav(dir, 'long.wav', chirp(8, 300, 3000)));
    const h = harness;
    await h.ok({ type: 'open-source', sourceId: long.id });
    await h.until(() => (h.state.replay?.positionSeconds ?? 0) > 0.2, 'some playing');
    const mark = h.events.length;
    await sleep(1000);
    await h.ok({ type: 'set-loop', loop: true });
    await sleep(1000);
    // One state in ~2 s of playing, the one the change of loop caused: none for the position.
    const states = h.eventsOf('state', mark);
    expect(states.map((e) => e.state.replay?.loop)).toEqual([true]);
    // ~2 per second (the stats' 500 ms), each position further on than the last.
    const positions = h
      .eventsOf('progress', mark)
      .map((e) => e.progress.replay?.positionSeconds ?? -1);
    expect(positions.length).toBeGreaterThanOrEqual(3);
    expect(positions.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < positions.length; i++)
      expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? Infinity);
    expect((positions.at(-1) ?? 0) - (positions[0] ?? 0)).toBeGreaterThan(1);
    for (const event of h.eventsOf('progress', mark)) {
      expect(event.progress.recording).toBeNull();
      expect(JSON.stringify(event).length).toBeLessThan(100);
    }
    // The state a UI builds from the events is the host's, up to the position's last tick.
    const told = h.told();
    expect(told?.replay?.positionSeconds).toBe(positions.at(-1));
    expect({ ...told, replay: null }).toEqual({ ...h.state, replay: null });
    expect({ ...told?.replay, positionSeconds: 0 }).toEqual({
      ...h.state.replay,
      positionSeconds: 0,
    });
  });

  it('changes speed while playing', async () => {
    // Long enough not to end during the test at either speed (~0.7 s + 4 × 0.5 s).
    harness = await HostHarness.create();
    const long = harness.host.offerSource(writeWav(dir, 'long.wav', chirp(8, 300, 3000)));
    const h = harness;
    await h.ok({ type: 'open-source', sourceId: long.id });
    await sleep(200);
    const read = (): number => h.state.replay?.positionSeconds ?? 0;
    let from = read();
    await sleep(500);
    const atOne = read() - from;
    await h.ok({ type: 'set-speed', speed: 4 });
    expect(h.state.replay?.speed).toBe(4);
    from = read();
    await sleep(500);
    const atFour = read() - from;
    expect(atOne).toBeGreaterThan(0.3);
    expect(atOne).toBeLessThan(0.8);
    expect(atFour).toBeGreaterThan(2.5 * atOne);
  });

  it('loops: the replay goes on past the end of the file', async () => {
    const h = await openChirp('max');
    await h.ok({ type: 'set-loop', loop: true });
    expect(h.state.replay?.loop).toBe(true);
    const shown = (): number => {
      const last = h.packets.at(-1);
      return last === undefined ? 0 : last.firstFrameSeconds + last.count * last.frameSeconds;
    };
    await h.until(() => shown() > 2.5 * SECONDS, 'two and a half times the file');
    // As fast as the engine goes, the display still gets at most ~30 packets a second.
    const before = h.packets.length;
    const framesBefore = h.frameCount();
    await sleep(1000);
    expect(h.packets.length - before).toBeLessThanOrEqual(35);
    expect(h.frameCount() - framesBefore).toBeGreaterThan(h.packets.length - before);
    expect(h.state.mode).toBe('replay');
    expect(h.state.replay?.positionSeconds).toBeLessThanOrEqual(SECONDS);
    await h.ok({ type: 'stop' });
    expect(h.state.mode).toBe('idle');
  });

  it('goes on after new parameters while the analysis was holding the replay back', async () => {
    const h = await openChirp('max');
    await h.ok({ type: 'set-loop', loop: true });
    for (const J of [5, 6, 5, 6]) {
      await h.ok({ type: 'set-engine', params: { ...SMALL_PARAMS, J } });
      const rows = h.state.layout?.paths.length;
      const from = h.packets.length;
      await h.until(
        () => h.packets.slice(from).filter((p) => p.rows === rows).length > 5,
        `frames with J = ${String(J)}`,
        5000,
      );
    }
  });

  it('restarts the analysis with new parameters mid-replay', async () => {
    const h = await openChirp(1);
    const before = h.state.layout;
    await h.until(() => h.frameCount() > 0, 'frames');
    await h.ok({
      type: 'set-engine',
      params: { J: 5, Q1: 8, Q2: 2, T: null, oversampling: 1, maxOrder: 1 },
    });
    const after = h.state.layout;
    expect(after?.engine).toEqual({ J: 5, Q1: 8, Q2: 2, T: null, oversampling: 1, maxOrder: 1 });
    expect(after?.paths.every((p) => p.order < 2)).toBe(true);
    expect(after?.hop).toBe(16);
    expect(after?.paths.length).not.toBe(before?.paths.length);
    const switched = h.packets.length;
    await h.until(() => h.packets.length > switched + 3, 'frames of the new engine');
    for (const packet of h.packets.slice(switched)) expect(packet.rows).toBe(after?.paths.length);
    expect(h.state.mode).toBe('replay');
    // Every packet has the rows of the last layout announced before it.
    let announced: number | null = null;
    for (const item of h.sequence) {
      if (item.kind === 'state') announced = item.rows ?? announced;
      else expect(item.rows).toBe(announced);
    }
  });
});
