/**
 * The displayed history: 32 s of columns whatever the frame rate (frames merged into a column
 * when there would be too many), the oldest dropped when full, order and times kept.
 */
import { describe, expect, it } from 'vitest';
import { FrameHistory } from '../../renderer/model/frame-history.js';
import { framePacket } from './layouts.js';

/** Value of each row in column order, oldest first. */
function columnsOldestFirst(history: FrameHistory): { times: number[]; values: number[][] } {
  const times: number[] = [];
  const values: number[][] = [];
  for (let age = history.size - 1; age >= 0; age--) {
    const slot = history.slotOfAge(age);
    times.push(history.times[slot] ?? NaN);
    values.push(Array.from(history.column(slot)));
  }
  return { times, values };
}

describe('FrameHistory capacity', () => {
  it('keeps one column per frame when 32 s fits: hop 256 at 8 kHz is 1000 columns of 32 ms', () => {
    const history = new FrameHistory(26, 256 / 8000, 32, 2400);
    expect(history.framesPerColumn).toBe(1);
    expect(history.capacity).toBe(1000);
    expect(history.columnSeconds).toBe(0.032);
  });

  it('merges frames when 32 s would need more than the column limit', () => {
    // hop 512 at 48 kHz: 3000 frames in 32 s, two per column.
    const a = new FrameHistory(10, 512 / 48_000, 32, 2400);
    expect(a.framesPerColumn).toBe(2);
    expect(a.capacity).toBe(1500);
    // hop 64 at 48 kHz: 24 000 frames in 32 s, ten per column.
    const b = new FrameHistory(10, 64 / 48_000, 32, 2400);
    expect(b.framesPerColumn).toBe(10);
    expect(b.capacity).toBe(2400);
  });

  it('always covers at least the history asked for, and less than one column more', () => {
    for (const rate of [8000, 22_050, 44_100, 48_000, 96_000]) {
      for (let log2Hop = 0; log2Hop <= 16; log2Hop++) {
        const history = new FrameHistory(3, 2 ** log2Hop / rate, 32, 2400);
        const span = history.capacity * history.columnSeconds;
        expect(history.capacity).toBeLessThanOrEqual(2400);
        expect(span).toBeGreaterThanOrEqual(32 - 1e-9);
        expect(span).toBeLessThan(32 + history.columnSeconds);
      }
    }
  });
});

describe('FrameHistory.push', () => {
  it('holds nothing before the first frame', () => {
    const history = new FrameHistory(2, 0.5, 2, 100);
    expect(history.size).toBe(0);
    expect(history.newestTime).toBe(0);
  });

  it('keeps every frame in arrival order while there is room', () => {
    const history = new FrameHistory(2, 0.5, 2, 100); // 4 columns of 0.5 s
    expect(history.push(framePacket(2, 0.5, 0, 3, (f, row) => 10 * f + row))).toBe(true);
    expect(history.size).toBe(3);
    expect(columnsOldestFirst(history)).toEqual({
      times: [0, 0.5, 1],
      values: [
        [0, 1],
        [10, 11],
        [20, 21],
      ],
    });
    expect(history.newestTime).toBe(1);
  });

  it('drops the oldest columns of a history longer than its capacity, keeping order', () => {
    const history = new FrameHistory(2, 0.5, 2, 100); // 4 columns
    // 11 frames, in packets of 1, 3, 2 and 5 frames.
    let first = 0;
    for (const count of [1, 3, 2, 5]) {
      history.push(framePacket(2, 0.5, first, count, (f, row) => 10 * f + row));
      first += count;
    }
    expect(history.written).toBe(11);
    expect(history.size).toBe(4);
    expect(columnsOldestFirst(history)).toEqual({
      times: [3.5, 4, 4.5, 5],
      values: [
        [70, 71],
        [80, 81],
        [90, 91],
        [100, 101],
      ],
    });
    expect(history.newestTime).toBe(5);
  });

  it('wraps many times over without losing order', () => {
    const history = new FrameHistory(1, 0.25, 1, 100); // 4 columns
    for (let f = 0; f < 1003; f++) history.push(framePacket(1, 0.25, f, 1, (frame) => frame));
    expect(columnsOldestFirst(history).values.flat()).toEqual([999, 1000, 1001, 1002]);
  });

  it('makes a merged column the mean of its frames, centred between them', () => {
    // 8 frames of 0.25 s in 2 s, at most 4 columns: 2 frames per column.
    const history = new FrameHistory(2, 0.25, 2, 4);
    expect(history.framesPerColumn).toBe(2);
    expect(history.columnSeconds).toBe(0.5);
    history.push(framePacket(2, 0.25, 0, 3, (f, row) => (row === 0 ? f : 1)));
    // Frames 0 and 1 make a column; frame 2 waits for its partner.
    expect(history.size).toBe(1);
    expect(columnsOldestFirst(history)).toEqual({ times: [0.125], values: [[0.5, 1]] });
    history.push(framePacket(2, 0.25, 3, 1, (f, row) => (row === 0 ? f : 1)));
    expect(columnsOldestFirst(history)).toEqual({
      times: [0.125, 0.625],
      values: [
        [0.5, 1],
        [2.5, 1],
      ],
    });
  });

  it('keeps silence as zero amplitude', () => {
    const history = new FrameHistory(3, 0.5, 2, 100);
    history.push(framePacket(3, 0.5, 0, 2, () => 0));
    expect(columnsOldestFirst(history).values).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('refuses frames of another row count (another layout) and keeps what it holds', () => {
    const history = new FrameHistory(2, 0.5, 2, 100);
    history.push(framePacket(2, 0.5, 0, 1, () => 7));
    expect(history.push(framePacket(3, 0.5, 1, 2, () => 9))).toBe(false);
    expect(history.size).toBe(1);
    expect(columnsOldestFirst(history).values).toEqual([[7, 7]]);
  });
});
