/**
 * A source shared by several consumers runs only while none of them holds it paused.
 */
import { describe, expect, it } from 'vitest';
import { SharedPause } from '../../src/pipeline/shared-pause.js';

function recordingTarget(): { calls: string[]; pause(): void; resume(): void } {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

describe('SharedPause', () => {
  it('pauses on the first holder and resumes only when the last lets go', () => {
    const target = recordingTarget();
    const shared = new SharedPause(target);
    const analysis = shared.handle();
    const player = shared.handle();
    analysis.pause();
    player.pause();
    expect(target.calls).toEqual(['pause']);
    analysis.resume();
    expect(target.calls).toEqual(['pause']);
    player.resume();
    expect(target.calls).toEqual(['pause', 'resume']);
  });

  it('counts each handle once, however often it repeats itself', () => {
    const target = recordingTarget();
    const shared = new SharedPause(target);
    const analysis = shared.handle();
    const player = shared.handle();
    analysis.pause();
    analysis.pause();
    player.resume();
    analysis.resume();
    analysis.resume();
    expect(target.calls).toEqual(['pause', 'resume']);
  });
});
