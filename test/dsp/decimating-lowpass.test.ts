/**
 * The decimating low-pass in front of a stage's narrow-band filters: flat where they are, deep
 * where their aliases land, and as short in time as it claims (overlap-save cuts it there).
 */
import { describe, expect, it } from 'vitest';
import {
  decimatingLowpassBins,
  decimatingLowpassResponse,
  designDecimatingLowpass,
} from '../../src/dsp/decimating-lowpass.js';
import { erf, erfc, gaussianTailQuantile } from '../../src/dsp/special-functions.js';

describe('error function', () => {
  // Reference values to 16 digits: agreement within two units in the last place.
  it.each([
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [3, 0.9999779095030014],
  ])('erf(%f) to round-off', (x, expected) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThanOrEqual(4e-16);
    expect(erf(-x)).toBe(-erf(x));
  });

  it('erfc keeps its relative accuracy far in the tail', () => {
    expect(Math.abs(erfc(5) / 1.5374597944280349e-12 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(erfc(10) / 2.088487583762545e-45 - 1)).toBeLessThan(1e-13);
    expect(erfc(0)).toBe(1);
    expect(erfc(-2)).toBeCloseTo(2 - erfc(2), 15);
  });

  it('finds the Gaussian quantile of a tail', () => {
    for (const tail of [1e-8, 1e-13]) {
      const z = gaussianTailQuantile(tail);
      expect(Math.abs((0.5 * erfc(z / Math.SQRT2)) / tail - 1)).toBeLessThan(1e-9);
    }
    expect(() => gaussianTailQuantile(0)).toThrow(/tail/);
  });
});

/** Its taps by an inverse DFT of the response on a grid far longer than the taps. */
function taps(bins: Float64Array): Float64Array {
  const n = bins.length;
  const out = new Float64Array(n / 2);
  for (let t = 0; t < n / 2; t++) {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += bins[k]! * Math.cos((2 * Math.PI * k * t) / n);
    out[t] = sum / n;
  }
  return out;
}

describe.each([
  { passEdge: 0.1, log2Factor: 1, tail: 1e-8 },
  { passEdge: 0.01, log2Factor: 4, tail: 1e-8 },
  { passEdge: 0.1, log2Factor: 1, tail: 1e-13 },
])('decimating low-pass (band to $passEdge, by 2^$log2Factor, tail $tail)', (spec) => {
  const lowpass = designDecimatingLowpass(spec.passEdge, spec.log2Factor, spec.tail)!;
  const factor = 2 ** spec.log2Factor;

  it('passes the band flat and stops where its aliases land', () => {
    expect(lowpass.stopEdge).toBeCloseTo(1 / factor - spec.passEdge, 15);
    for (let f = 0; f <= spec.passEdge; f += spec.passEdge / 200) {
      expect(Math.abs(decimatingLowpassResponse(lowpass, f) - 1)).toBeLessThanOrEqual(spec.tail);
      expect(decimatingLowpassResponse(lowpass, -f)).toBe(decimatingLowpassResponse(lowpass, f));
    }
    for (let f = lowpass.stopEdge; f <= 0.5; f += (0.5 - lowpass.stopEdge) / 200) {
      expect(Math.abs(decimatingLowpassResponse(lowpass, f))).toBeLessThanOrEqual(spec.tail);
    }
  });

  it('has its taps below the tail beyond its half-width, and not well before', () => {
    const size = 2 ** Math.ceil(Math.log2(16 * lowpass.halfWidth));
    const grid = decimatingLowpassBins(lowpass, size);
    const bins = new Float64Array(size);
    grid.values[0]!.forEach((value, i) => {
      bins[(((grid.starts[0]! + i) % size) + size) % size] = value;
    });
    const g = taps(bins);
    const peak = g[0]!;
    // g(0) = 2a = 1/D, less the response dropped beyond the stop edge (below the tail).
    expect(Math.abs(peak * factor - 1)).toBeLessThan(10 * spec.tail);
    const beyond = Math.max(...Array.from(g.subarray(lowpass.halfWidth + 1), Math.abs));
    expect(beyond).toBeLessThanOrEqual(spec.tail * peak);
    // The half-width is not padded: a tenth shorter, some tap is above the tail.
    const inside = Math.max(
      ...Array.from(g.subarray(Math.floor(0.9 * lowpass.halfWidth), lowpass.halfWidth), Math.abs),
    );
    expect(inside).toBeGreaterThan(spec.tail * peak);
  });
});

it('refuses a band that does not fit the decimated rate', () => {
  expect(designDecimatingLowpass(0.25, 1, 1e-8)).toBeUndefined();
  expect(designDecimatingLowpass(0.1, 0, 1e-8)).toBeUndefined();
});
