/**
 * The display loop's timing as the page reports it: intervals between animation frames and
 * the main-thread time per frame, in ms, oldest first, over the last `capacity` frames.
 */
import { describe, expect, it } from 'vitest';
import { FrameTiming } from '../../renderer/display/frame-timing.js';

describe('FrameTiming', () => {
  it('reports nothing before the first frame', () => {
    expect(new FrameTiming().snapshot()).toEqual({ intervalsMs: [], workMs: [] });
  });

  it('reports the intervals between frames (one fewer than frames) and the work of each', () => {
    const timing = new FrameTiming();
    timing.record(1000, 2.5);
    timing.record(1016.5, 3);
    timing.record(1050, 1.25);
    expect(timing.snapshot()).toEqual({ intervalsMs: [16.5, 33.5], workMs: [2.5, 3, 1.25] });
  });

  it('keeps only the last `capacity` frames, oldest first', () => {
    const timing = new FrameTiming(3);
    for (let frame = 0; frame < 10; frame++) timing.record(1000 + frame * (10 + frame), frame);
    // Frames 7, 8, 9 at 1119, 1144, 1171 ms: intervals from frames 6 (1096 ms), 7 and 8.
    expect(timing.snapshot()).toEqual({ intervalsMs: [23, 25, 27], workMs: [7, 8, 9] });
  });

  it('starts over after a reset: no interval across the gap', () => {
    const timing = new FrameTiming(4);
    timing.record(100, 1);
    timing.record(116, 2);
    timing.reset();
    timing.record(5000, 3);
    timing.record(5017, 4);
    expect(timing.snapshot()).toEqual({ intervalsMs: [17], workMs: [3, 4] });
  });

  it('holds 1200 frames (20 s at 60 fps) by default', () => {
    const timing = new FrameTiming();
    for (let frame = 0; frame < 1500; frame++) timing.record(frame * 16, 1);
    const { intervalsMs, workMs } = timing.snapshot();
    expect(workMs).toHaveLength(1200);
    expect(intervalsMs).toHaveLength(1200);
    expect(intervalsMs.every((ms) => ms === 16)).toBe(true);
  });
});
