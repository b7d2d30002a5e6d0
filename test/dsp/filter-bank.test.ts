/**
 * Filter bank invariants: sizes, zero mean, peak at xi, unit L1 norm, Kymatio's j rule.
 */
import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import {
  evaluateRaw,
  filterBankSpec,
  makeFourierFilter,
  maxDyadicSubsampling,
  waveletSpecs,
} from '../../src/dsp/filter-bank.js';
import { normalizeParams, scatteringLayout } from '../../src/dsp/index.js';

describe('filter bank', () => {
  it('has Kymatio’s sizes', () => {
    expect([waveletSpecs(8, 8).length, waveletSpecs(8, 1).length]).toEqual([54, 9]);
    expect([waveletSpecs(10, 12).length, waveletSpecs(10, 2).length]).toEqual([100, 21]);
    const layout = scatteringLayout(normalizeParams({ J: 12, Q: [8, 1] }));
    const counts = [0, 1, 2].map((order) => layout.paths.filter((p) => p.order === order).length);
    expect(counts).toEqual([1, 86, 459]);
  });

  const configurations = [
    [8, 8],
    [10, 12],
    [6, 1],
    [12, 2],
  ] as const;

  it.each(configurations)(
    'J=%i, Q=%i: every wavelet has zero mean and a peak at xi within 1%',
    (J, Q) => {
      for (const spec of waveletSpecs(J, Q)) {
        const filter = makeFourierFilter(spec.xi, spec.sigma);
        const peak = evaluateRaw(filter, spec.xi) * filter.scale;
        expect(Math.abs(evaluateRaw(filter, 0) * filter.scale)).toBeLessThan(1e-12 * peak);
        // Search the response's maximum on a grid 1000 times finer than its width.
        let best = 0;
        let bestF = 0;
        const step = spec.sigma / 1000;
        for (
          let f = Math.max(step, spec.xi - 4 * spec.sigma);
          f < Math.min(0.5, spec.xi + 4 * spec.sigma);
          f += step
        ) {
          const v = evaluateRaw(filter, f);
          if (v > best) {
            best = v;
            bestF = f;
          }
        }
        expect(Math.abs(bestF - spec.xi)).toBeLessThan(0.01 * spec.xi);
      }
    },
  );

  it.each(configurations)('J=%i, Q=%i: every filter has unit L1 norm in time', (J, Q) => {
    const params = normalizeParams({ J, Q: [Q, 1] });
    const bank = filterBankSpec(params);
    // Long enough that the widest envelope (1.59·2^J samples) does not wrap.
    const n = 2 ** (J + 7);
    const fft = new FFT(n);
    const spectrum = fft.createComplexArray() as number[];
    const impulse = fft.createComplexArray() as number[];
    const filters = [
      makeFourierFilter(0, bank.phiSigma),
      ...bank.psi1.map((w) => makeFourierFilter(w.xi, w.sigma)),
    ];
    for (const filter of filters) {
      for (let k = 0; k < n; k++) {
        spectrum[2 * k] = evaluateRaw(filter, k / n) * filter.scale;
        spectrum[2 * k + 1] = 0;
      }
      fft.inverseTransform(impulse, spectrum);
      let l1 = 0;
      for (let i = 0; i < n; i++) l1 += Math.hypot(impulse[2 * i]!, impulse[2 * i + 1]!);
      expect(Math.abs(l1 - 1)).toBeLessThan(1e-10);
    }
  });

  it('follows Kymatio’s j rule: floor(-log2(min(xi + 5·sigma, 0.5))) - 1', () => {
    expect(maxDyadicSubsampling(0.435, 0.0226)).toBe(0);
    expect(maxDyadicSubsampling(0.2, 0.01)).toBe(1);
    expect(maxDyadicSubsampling(0.1, 0.01)).toBe(1);
    expect(maxDyadicSubsampling(0.001, 0.0001)).toBe(8);
    for (const spec of waveletSpecs(10, 12)) {
      const upper = Math.min(spec.xi + 5 * spec.sigma, 0.5);
      // The decimated rate 2^-j keeps the band up to xi + 5σ below its Nyquist frequency.
      expect(upper).toBeLessThanOrEqual(2 ** -(spec.j + 1));
      expect(upper).toBeGreaterThan(2 ** -(spec.j + 2));
    }
  });
});
