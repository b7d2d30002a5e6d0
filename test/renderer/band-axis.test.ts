/**
 * The heatmaps' frequency axes, from layouts the engine computes: one band per filter, in
 * ascending Hz, band edges at the geometric midpoints between neighbours, and the outer edges
 * as far beyond the lowest and highest centres as their neighbours' midpoints.
 */
import { describe, expect, it } from 'vitest';
import {
  bandAt,
  firstOrderAxis,
  modulationAxis,
  secondOrderAxis,
  type BandAxis,
} from '../../renderer/model/band-axis.js';
import { analysisLayout } from './layouts.js';

/** J = 6, Q = 1 at 8 kHz: first-order filters an octave apart, 2800 Hz down to 43.75 Hz. */
const OCTAVES = analysisLayout(8000, { J: 6, Q1: 1, Q2: 1 });
/** The default engine (J = 10, Q1 = 8) at 44.1 kHz: 70 first-order filters. */
const DEFAULT = analysisLayout(44_100);

function expectWellFormed(axis: BandAxis): void {
  const bands = axis.hz.length;
  expect(axis.rows).toHaveLength(bands);
  expect(axis.edges).toHaveLength(bands + 1);
  for (let b = 0; b < bands; b++) {
    const [low = NaN, high = NaN] = [axis.edges[b], axis.edges[b + 1]];
    const centre = axis.hz[b] ?? NaN;
    expect(low).toBeLessThan(centre);
    expect(centre).toBeLessThan(high);
  }
}

describe('firstOrderAxis', () => {
  it('has one band per first-order filter, in ascending Hz, each naming its layout row', () => {
    const axis = firstOrderAxis(OCTAVES.paths);
    expect(axis.hz).toEqual([43.75, 87.5, 175, 350, 700, 1400, 2800]);
    for (const [band, row] of axis.rows.entries()) {
      const path = OCTAVES.paths[row];
      expect(path?.order).toBe(1);
      expect(path?.xi1Hz).toBe(axis.hz[band]);
    }
    expectWellFormed(axis);
  });

  it('puts the edges between octave bands at the geometric midpoints', () => {
    const { edges } = firstOrderAxis(OCTAVES.paths);
    // 1400 Hz and 2800 Hz meet at 1979.9 Hz; 43.75 Hz and 87.5 Hz at 61.87 Hz.
    expect(edges[6]).toBeCloseTo(1979.899, 3);
    expect(edges[1]).toBeCloseTo(61.872, 3);
  });

  it('gives the lowest and highest bands half an octave beyond their centres, as their neighbours', () => {
    const { edges } = firstOrderAxis(OCTAVES.paths);
    expect(edges[0]).toBeCloseTo(43.75 / Math.SQRT2, 9); // 30.94 Hz
    expect(edges[7]).toBeCloseTo(2800 * Math.SQRT2, 9); // 3959.8 Hz
    // The top band ends below Nyquist: the scalogram shows no frequency the input cannot hold.
    expect(edges[7]).toBeLessThan(OCTAVES.sampleRate / 2);
  });

  it('spans the default engine from 7.88 Hz to 20.05 kHz at 44.1 kHz, log-symmetric at both ends', () => {
    const axis = firstOrderAxis(DEFAULT.paths);
    expectWellFormed(axis);
    const { hz, edges } = axis;
    const bands = hz.length;
    expect(bands).toBe(70);
    const [lowest = NaN, second = NaN] = hz;
    const [highest = NaN, belowHighest = NaN] = [hz[bands - 1], hz[bands - 2]];
    expect(lowest).toBeCloseTo(11.149, 3);
    expect(highest).toBeCloseTo(19200.3, 1);
    // Lowest band: as far below its centre as its upper edge is above it (on a log axis).
    expect((edges[0] ?? NaN) * (edges[1] ?? NaN)).toBeCloseTo(lowest * lowest, 6);
    expect(edges[1]).toBeCloseTo(Math.sqrt(lowest * second), 9);
    // The lowest filters are evenly spaced (11.15 Hz, 22.30 Hz, ...): the lowest band is an octave.
    expect(second / lowest).toBeCloseTo(2, 9);
    expect(edges[0]).toBeCloseTo(lowest / Math.SQRT2, 9); // 7.88 Hz
    // Highest band: Q1 = 8 filters are 2^(1/8) apart, so it ends 2^(1/16) above its centre.
    expect((edges[bands] ?? NaN) * (edges[bands - 1] ?? NaN)).toBeCloseTo(highest * highest, 3);
    expect(edges[bands - 1]).toBeCloseTo(Math.sqrt(highest * belowHighest), 9);
    expect(edges[bands]).toBeCloseTo(highest * 2 ** (1 / 16), 6); // 20 050.4 Hz
    expect(edges[bands]).toBeLessThan(DEFAULT.sampleRate / 2);
  });

  it('is empty for a layout without a sample rate', () => {
    const noRate = OCTAVES.paths.map((path) => ({ ...path, xi1Hz: null, xi2Hz: null }));
    const axis = firstOrderAxis(noRate);
    expect(axis.hz).toEqual([]);
    expect(axis.rows).toEqual([]);
  });
});

describe('secondOrderAxis', () => {
  it('lists the modulation bands of one carrier: the λ2 filters of larger scale than λ1', () => {
    // n1 = 0 (2800 Hz, j1 = 0) has second-order paths for every λ2 filter of larger scale.
    const axis = secondOrderAxis(OCTAVES.paths, 0);
    expectWellFormed(axis);
    expect(axis.hz).toEqual([43.75, 87.5, 175, 350]);
    for (const [band, row] of axis.rows.entries()) {
      const path = OCTAVES.paths[row];
      expect(path?.order).toBe(2);
      expect(path?.n1).toBe(0);
      expect(path?.xi2Hz).toBe(axis.hz[band]);
    }
  });

  it('gives a carrier with a single modulation band half an octave either side of it', () => {
    const single = [0, 1, 2, 3, 4, 5, 6]
      .map((n1) => secondOrderAxis(OCTAVES.paths, n1))
      .find((axis) => axis.hz.length === 1);
    expect(single?.hz).toEqual([43.75]);
    expect(single?.edges[0]).toBeCloseTo(43.75 / Math.SQRT2, 9);
    expect(single?.edges[1]).toBeCloseTo(43.75 * Math.SQRT2, 9);
  });

  it('is empty for the lowest carrier, which has no slower modulation filter', () => {
    const axis = secondOrderAxis(OCTAVES.paths, 6);
    expect(axis.rows).toEqual([]);
    expect(axis.hz).toEqual([]);
    expect(bandAt(axis, 43.75)).toBe(-1);
    expect(bandAt(axis, 1)).toBe(-1);
  });
});

describe('modulationAxis', () => {
  it('lists each modulation frequency λ2 once, ascending, by its filter index n2', () => {
    const axis = modulationAxis(OCTAVES.paths);
    expectWellFormed(axis);
    expect(axis.hz).toEqual([43.75, 87.5, 175, 350]);
    expect(axis.rows).toEqual([6, 5, 4, 3]);
  });

  it('spans 15 Hz to 1.93 kHz for the default engine at 44.1 kHz', () => {
    const axis = modulationAxis(DEFAULT.paths);
    expectWellFormed(axis);
    expect(axis.hz).toHaveLength(8);
    expect(axis.hz[0]).toBeCloseTo(15.073, 3);
    expect(axis.hz[7]).toBeCloseTo(1929.375, 3);
  });

  it('is empty when the engine stops at the first order', () => {
    const firstOnly = analysisLayout(8000, { J: 6, Q1: 1, maxOrder: 1 });
    expect(modulationAxis(firstOnly.paths).hz).toEqual([]);
    expect(firstOrderAxis(firstOnly.paths).hz).toHaveLength(7);
  });
});

describe('bandAt', () => {
  const axis = firstOrderAxis(OCTAVES.paths);

  it('finds the band under the cursor at every band centre', () => {
    axis.hz.forEach((hz, band) => {
      expect(bandAt(axis, hz)).toBe(band);
    });
  });

  it('includes the outer edges and nothing beyond them', () => {
    const low = axis.edges[0] ?? NaN;
    const high = axis.edges[axis.edges.length - 1] ?? NaN;
    expect(bandAt(axis, low)).toBe(0);
    expect(bandAt(axis, high)).toBe(6);
    expect(bandAt(axis, low * 0.999)).toBe(-1);
    expect(bandAt(axis, high * 1.001)).toBe(-1);
    expect(bandAt(axis, 0)).toBe(-1);
    expect(bandAt(axis, Number.NaN)).toBe(-1);
  });

  it('gives a shared edge to the lower band, and just above it to the upper', () => {
    const edge = axis.edges[6] ?? NaN; // 1979.9 Hz, between 1400 Hz and 2800 Hz
    expect(bandAt(axis, edge)).toBe(5);
    expect(bandAt(axis, edge * 1.0001)).toBe(6);
    expect(bandAt(axis, 1950)).toBe(5);
    expect(bandAt(axis, 2000)).toBe(6);
  });
});
