/**
 * What a UI cannot make the host do, and the one clear reason it gets: engine parameters out of
 * the command line's ranges, sources it was not offered, live capture on a host without it,
 * replay controls without a replay.
 */
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chirp, HostHarness, SMALL_PARAMS, writeWav } from './host-harness.js';

let dir: string;
let file: string;
let harness: HostHarness | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scatterscope-host-req-'));
  file = writeWav(dir, 'tone.wav', chirp(0.5, 440, 440));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('engine host requests', () => {
  it('checks engine parameters as the command line does, and keeps the old ones', async () => {
    harness = await HostHarness.create();
    const cases: [Partial<typeof SMALL_PARAMS>, RegExp][] = [
      [{ J: 40 }, /J must be an integer from 1 to 16 \(got 40\)/],
      [{ Q1: 0 }, /Q1 must be an integer from 1 to 32 \(got 0\)/],
      [{ T: 1 << 20 }, /T must be a number of samples from 1 to 65536/],
      [{ oversampling: -1 }, /oversampling/],
    ];
    for (const [change, message] of cases) {
      const reply = await harness.request({
        type: 'set-engine',
        params: { ...SMALL_PARAMS, ...change },
      });
      expect(reply.ok).toBe(false);
      expect(reply.error?.message).toMatch(message);
      // The reason only: no stack or host paths go to a UI.
      expect(Object.keys(reply.error ?? {})).toEqual(['name', 'message']);
      expect(reply.error?.name).toBe('EngineParamsError');
    }
    expect(harness.state.engine).toEqual(SMALL_PARAMS);
    await harness.ok({ type: 'set-engine', params: { ...SMALL_PARAMS, J: 7 } });
    expect(harness.state.engine.J).toBe(7);
  });

  it('opens only the sources it offered', async () => {
    harness = await HostHarness.create();
    const unknown = await harness.request({ type: 'open-source', sourceId: file });
    expect(unknown.ok).toBe(false);
    expect(unknown.error?.message).toContain('unknown source id');
    expect(harness.state.mode).toBe('idle');
    expect(() => harness?.host.offerSource(join(dir, 'missing.wav'))).toThrow(/no such file/);
    expect(() => harness?.host.offerSource(file, 'session')).toThrow(/it is a file/);
    const session = join(dir, 'empty-session');
    mkdirSync(session);
    expect(harness.host.offerSource(session)).toMatchObject({ kind: 'session' });
    // Offering the same path twice gives the same id.
    expect(harness.host.offerSource(file).id).toBe(harness.host.offerSource(file).id);
    expect(harness.state.sources).toHaveLength(2);
  });

  it('says why a source cannot be read, and stays idle', async () => {
    harness = await HostHarness.create();
    const session = join(dir, 'not-a-session');
    mkdirSync(session);
    const { id } = harness.host.offerSource(session);
    const reply = await harness.request({ type: 'open-source', sourceId: id });
    expect(reply.ok).toBe(false);
    expect(reply.error?.message).toMatch(/not a recorded session/);
    expect(harness.state.mode).toBe('idle');
  });

  it('refuses live capture without capture, and replay controls without a replay', async () => {
    harness = await HostHarness.create();
    expect(harness.state.canCapture).toBe(false);
    const live = await harness.request({ type: 'start-live', device: null });
    expect(live.error?.message).toMatch(/cannot open input devices/);
    const devices = await harness.request({ type: 'list-devices' });
    expect(devices.ok).toBe(false);
    for (const type of ['pause', 'resume'] as const) {
      const reply = await harness.request({ type });
      expect(reply.error?.message).toBe('no replay in progress');
    }
    const seek = await harness.request({ type: 'seek', seconds: 1 });
    expect(seek.error?.message).toBe('no replay in progress');
  });

  it('answers requests in the order they came', async () => {
    harness = await HostHarness.create();
    const { id } = harness.host.offerSource(file);
    const replies = await Promise.all([
      harness.request({ type: 'open-source', sourceId: id }),
      harness.request({ type: 'pause' }),
      harness.request({ type: 'stop' }),
      harness.request({ type: 'pause' }),
    ]);
    expect(replies.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(harness.state.mode).toBe('idle');
  });
});
