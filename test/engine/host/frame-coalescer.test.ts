/**
 * Frames for display: gathered between ticks into one packet, merged while a transport is busy,
 * bounded (the latest frames win), and never joined across a gap in time.
 */
import { describe, expect, it } from 'vitest';
import { FrameCoalescer, mergeFramePackets } from '../../../src/engine/host/frame-coalescer.js';
import type { FramePacket } from '../../../src/protocol/frame-packet.js';

const HOP_SECONDS = 0.01;

/** `count` frames of 2 rows from frame index `first`: frame f holds [f, -f]. */
function frames(first: number, count: number): FramePacket {
  const data = new Float32Array(count * 2);
  for (let k = 0; k < count; k++) {
    data[2 * k] = first + k;
    data[2 * k + 1] = -(first + k);
  }
  return {
    rows: 2,
    count,
    firstFrameSeconds: first * HOP_SECONDS,
    frameSeconds: HOP_SECONDS,
    data,
  };
}

describe('mergeFramePackets', () => {
  it('appends a packet that continues the one held', () => {
    const merged = mergeFramePackets(frames(10, 3), frames(13, 2));
    expect(merged.count).toBe(5);
    expect(merged.firstFrameSeconds).toBeCloseTo(0.1, 12);
    expect(Array.from(merged.data)).toEqual([10, -10, 11, -11, 12, -12, 13, -13, 14, -14]);
  });

  it('keeps the latest frames when there are too many', () => {
    const merged = mergeFramePackets(frames(0, 6), frames(6, 3), 4);
    expect(merged.count).toBe(4);
    expect(merged.firstFrameSeconds).toBeCloseTo(5 * HOP_SECONDS, 12);
    expect(Array.from(merged.data.filter((_, i) => i % 2 === 0))).toEqual([5, 6, 7, 8]);
  });

  it('does not join frames across a gap or a change of layout: the latest wins', () => {
    const gap = frames(20, 2);
    expect(mergeFramePackets(frames(10, 3), gap)).toBe(gap);
    const otherRows = { ...frames(13, 1), rows: 1, data: Float32Array.from([1]) };
    expect(mergeFramePackets(frames(10, 3), otherRows)).toBe(otherRows);
  });
});

describe('FrameCoalescer', () => {
  it('gives one packet per tick, nothing when nothing came', () => {
    const coalescer = new FrameCoalescer();
    coalescer.add(frames(0, 2));
    coalescer.add(frames(2, 2));
    coalescer.add(frames(4, 1));
    const [packet, ...rest] = coalescer.take();
    expect(rest).toEqual([]);
    expect(packet?.count).toBe(5);
    expect(coalescer.take()).toEqual([]);
  });

  it('sends a run cut by a gap (dropped frames) as its own packet, not lost', () => {
    const coalescer = new FrameCoalescer();
    coalescer.add(frames(0, 2));
    coalescer.add(frames(5, 2));
    const packets = coalescer.take();
    expect(packets.map((p) => [p.firstFrameSeconds / HOP_SECONDS, p.count])).toEqual([
      [0, 2],
      [5, 2],
    ]);
  });
});
