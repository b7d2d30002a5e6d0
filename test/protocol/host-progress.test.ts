/**
 * Progress out of a state and back in: a UI that applies each `progress` to its last `state`
 * holds what the host would have sent as a whole state, and the event stays small.
 */
import { describe, expect, it } from 'vitest';
import { encodeHostEvent } from '../../src/protocol/host-event-json.js';
import { applyProgress, progressOf, sameProgress } from '../../src/protocol/host-progress.js';
import type { PathMetaHz } from '../../src/protocol/layout.js';
import {
  DEFAULT_UI_ENGINE_PARAMS,
  type HostProgress,
  type HostState,
} from '../../src/protocol/ui-messages.js';

const PATH: PathMetaHz = {
  row: 0,
  order: 1,
  n1: 0,
  n2: null,
  j1: 0,
  j2: null,
  xi1: 0.4,
  xi2: null,
  sigma1: 0.1,
  sigma2: null,
  xi1Hz: 6400,
  xi2Hz: null,
  sigma1Hz: 1600,
  sigma2Hz: null,
};

/** A replay being recorded, its layout as long as the default engine's (374 rows). */
function replaying(positionSeconds: number, seconds: number, bytes: number): HostState {
  return {
    mode: 'replay',
    device: null,
    layout: {
      sampleRate: 16_000,
      hop: 1024,
      latencySamples: 4096,
      paths: Array.from({ length: 374 }, (_, row) => ({ ...PATH, row })),
      engine: DEFAULT_UI_ENGINE_PARAMS,
    },
    engine: DEFAULT_UI_ENGINE_PARAMS,
    sources: [{ id: 'source-1', label: 'sweep.wav', kind: 'file' }],
    canRecord: true,
    canCapture: false,
    recording: { folder: '/rec/session-1', seconds, bytes, error: null, active: true },
    replay: {
      sourceId: 'source-1',
      label: 'sweep.wav',
      durationSeconds: 60,
      positionSeconds,
      paused: false,
      speed: 1,
      loop: false,
    },
  };
}

describe('host progress', () => {
  it('takes the moving fields out of a state and puts them back', () => {
    const before = replaying(1.5, 0.5, 32_080);
    const later = replaying(2, 1, 64_080);
    const progress = progressOf(later);
    expect(progress).toEqual({
      replay: { positionSeconds: 2 },
      recording: { seconds: 1, bytes: 64_080 },
    });
    const applied = applyProgress(before, JSON.parse(JSON.stringify(progress)) as HostProgress);
    expect(applied).toEqual(later);
    // The state it was applied to is left as it was.
    expect(before).toEqual(replaying(1.5, 0.5, 32_080));
    // What does not move is the same object: a UI can tell that the layout did not change.
    expect(applied.layout).toBe(before.layout);
  });

  it('tells moved progress from the same', () => {
    const progress = progressOf(replaying(2, 1, 64_080));
    expect(sameProgress(progress, progressOf(replaying(2, 1, 64_080)))).toBe(true);
    expect(sameProgress(progress, progressOf(replaying(2.5, 1, 64_080)))).toBe(false);
    expect(sameProgress(progress, progressOf(replaying(2, 1.5, 64_080)))).toBe(false);
    expect(sameProgress(progress, progressOf(replaying(2, 1, 96_080)))).toBe(false);
    expect(sameProgress(progress, { replay: null, recording: progress.recording })).toBe(false);
    expect(sameProgress(progress, { replay: progress.replay, recording: null })).toBe(false);
  });

  it('leaves a state without a replay or a recording as it is', () => {
    const idle: HostState = { ...replaying(0, 0, 0), mode: 'idle', replay: null, recording: null };
    expect(progressOf(idle)).toEqual({ replay: null, recording: null });
    // Progress for a replay that has since ended finds no place in the state.
    expect(applyProgress(idle, progressOf(replaying(3, 2, 128_080)))).toEqual(idle);
    // A progress without a part leaves the state's part as it was.
    const state = replaying(3, 2, 128_080);
    expect(applyProgress(state, { replay: null, recording: null })).toEqual(state);
  });

  it('travels in a few dozen bytes where the state takes tens of kilobytes', () => {
    const state = replaying(12.25, 10.5, 672_080);
    const stateBytes = encodeHostEvent({ type: 'state', state }).length;
    const progressBytes = encodeHostEvent({ type: 'progress', progress: progressOf(state) }).length;
    expect(stateBytes).toBeGreaterThan(50_000);
    expect(progressBytes).toBeLessThan(120);
  });
});
