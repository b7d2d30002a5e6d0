/**
 * One analysis as the panels see it: a history sized for 32 s of the layout's frames, the
 * first-order and modulation axes, the loudest band (the second order's default λ1), and
 * whether a new layout keeps frames comparable.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisView, HISTORY_SECONDS, sameLayout } from '../../renderer/model/analysis-view.js';
import { analysisLayout, framePacket } from './layouts.js';

const LAYOUT = analysisLayout(8000, { J: 6, Q1: 1, Q2: 1 }); // hop 64: 8 ms frames

describe('AnalysisView', () => {
  it('keeps 32 s of every row of the layout', () => {
    const view = new AnalysisView(LAYOUT);
    expect(HISTORY_SECONDS).toBe(32);
    expect(view.history.rows).toBe(LAYOUT.paths.length);
    expect(view.history.frameSeconds).toBe(0.008);
    // 4000 frames in 32 s: two per column, 2000 columns.
    expect(view.history.framesPerColumn).toBe(2);
    expect(view.history.capacity * view.history.columnSeconds).toBeCloseTo(32, 9);
    expect(view.firstOrder.hz).toEqual([43.75, 87.5, 175, 350, 700, 1400, 2800]);
    expect(view.modulations.hz).toEqual([43.75, 87.5, 175, 350]);
  });

  it('gives the filter index n1 of each first-order band (bands ascend, filters descend in Hz)', () => {
    const view = new AnalysisView(LAYOUT);
    expect([0, 1, 2, 3, 4, 5, 6].map((band) => view.n1OfBand(band))).toEqual([6, 5, 4, 3, 2, 1, 0]);
    expect(view.n1OfBand(7)).toBeNull();
    expect(view.n1OfBand(-1)).toBeNull();
  });

  it('finds the loudest band over the newest columns only', () => {
    const view = new AnalysisView(LAYOUT);
    const rows = LAYOUT.paths.length;
    const rowOf = (hz: number): number =>
      view.firstOrder.rows[view.firstOrder.hz.indexOf(hz)] ?? -1;
    const [row350, row1400] = [rowOf(350), rowOf(1400)];
    const { frameSeconds, framesPerColumn } = view.history;
    // 10 columns where 1400 Hz is loud, then 5 where 350 Hz is (a little) louder than the rest.
    const loud = (hot: number, level: number) => (_frame: number, row: number) =>
      row === hot ? level : 0.01;
    view.history.push(framePacket(rows, frameSeconds, 0, 10 * framesPerColumn, loud(row1400, 1)));
    view.history.push(
      framePacket(rows, frameSeconds, 10 * framesPerColumn, 5 * framesPerColumn, loud(row350, 0.1)),
    );
    expect(view.loudestBand(5)).toBe(view.firstOrder.hz.indexOf(350));
    expect(view.loudestBand(15)).toBe(view.firstOrder.hz.indexOf(1400));
    // More columns than held: all of them.
    expect(view.loudestBand(10_000)).toBe(view.firstOrder.hz.indexOf(1400));
  });

  it('picks the lowest band before any frame or in silence', () => {
    const view = new AnalysisView(LAYOUT);
    expect(view.loudestBand(250)).toBe(0);
    view.history.push(framePacket(LAYOUT.paths.length, 0.008, 0, 10, () => 0));
    expect(view.loudestBand(250)).toBe(0);
  });
});

describe('sameLayout', () => {
  it('is true for the same engine at the same rate', () => {
    expect(sameLayout(LAYOUT, analysisLayout(8000, { J: 6, Q1: 1, Q2: 1 }))).toBe(true);
    expect(sameLayout(null, null)).toBe(true);
  });

  it('is false when the rows or their rate change', () => {
    const others = [
      analysisLayout(16_000, { J: 6, Q1: 1, Q2: 1 }),
      analysisLayout(8000, { J: 7, Q1: 1, Q2: 1 }),
      analysisLayout(8000, { J: 6, Q1: 2, Q2: 1 }),
      analysisLayout(8000, { J: 6, Q1: 1, Q2: 2 }),
      analysisLayout(8000, { J: 6, Q1: 1, Q2: 1, maxOrder: 1 }),
      analysisLayout(8000, { J: 6, Q1: 1, Q2: 1, oversampling: 1 }),
    ];
    for (const other of others) {
      expect(sameLayout(LAYOUT, other)).toBe(false);
      expect(sameLayout(other, LAYOUT)).toBe(false);
    }
    expect(sameLayout(LAYOUT, null)).toBe(false);
    expect(sameLayout(null, LAYOUT)).toBe(false);
  });
});
