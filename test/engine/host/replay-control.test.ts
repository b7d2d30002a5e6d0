/**
 * A replay opened for the host waits until it is let go (so that an analysis starting on it
 * misses none of its first samples), and its pause reasons do not undo each other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayControl as Control } from '../../../src/engine/host/replay-control.js';
import { importBuilt } from '../../support/built.js';
import { chirp, sleep, writeWav } from './host-harness.js';

let dir: string;
let file: string;
let ReplayControl: typeof Control;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scatterscope-replay-control-'));
  file = writeWav(dir, 'sweep.wav', chirp(1, 300, 3000));
  ({ ReplayControl } = await importBuilt<{ ReplayControl: typeof Control }>(
    'src/engine/host/replay-control.js',
  ));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('ReplayControl', () => {
  it('plays nothing until it is let go, then from the first sample', async () => {
    const replay = await ReplayControl.open(file, 'max', false);
    const starts: number[] = [];
    replay.feed.addTap((chunk) => starts.push(chunk.sampleIndex));
    try {
      await sleep(300);
      expect(replay.feed.samplesDelivered).toBe(0);
      replay.hold('start', false);
      await replay.feed.ended;
      expect(starts[0]).toBe(0);
      expect(replay.feed.samplesDelivered).toBe(16_000);
    } finally {
      await replay.close();
    }
  });

  it("keeps waiting while any reason holds it: the user's pause outlasts the analysis's", async () => {
    const replay = await ReplayControl.open(file, 1, true);
    try {
      replay.hold('start', false);
      await sleep(200);
      replay.pause();
      const analysis = replay.backpressure(1);
      analysis.pause();
      analysis.resume();
      await sleep(150);
      const position = replay.state.positionSeconds;
      await sleep(300);
      expect(replay.state.positionSeconds).toBe(position);
      expect(replay.state.paused).toBe(true);
      replay.resume();
      await sleep(300);
      expect(replay.state.positionSeconds).toBeGreaterThan(position);
    } finally {
      await replay.close();
    }
  });
});
