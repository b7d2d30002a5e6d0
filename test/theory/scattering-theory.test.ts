/**
 * The properties Mallat's scattering is built on, checked numerically on the engine's output:
 * local translation invariance, stability to deformations, and energy kept by orders 0 to 2.
 * Margins come from measurements on these signals; each test prints what it measured.
 */
import FFT from 'fft.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateRaw, filterBankSpec, makeFourierFilter } from '../../src/dsp/filter-bank.js';
import { createScatteringEngine, type ScatteringEngine } from '../../src/dsp/index.js';

const N = 16384;
let engine: ScatteringEngine;

beforeAll(async () => {
  engine = await createScatteringEngine({ J: 8, Q: [8, 1] }, 'float64');
});

/** Relative L2 distance ‖a - b‖ / ‖b‖. */
function relativeDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff / norm);
}

/** A Gaussian-windowed two-tone burst centred mid-signal, delayed by `shift` samples. */
function burst(shift: number): Float64Array {
  const x = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const t = n - N / 2 - shift;
    const envelope = Math.exp(-(t * t) / (2 * 600 * 600));
    x[n] = envelope * (Math.sin(0.3 * t) + 0.5 * Math.sin(2 * Math.PI * 0.05 * t));
  }
  return x;
}

/** A harmonic sound (20 partials of f0 = 0.019 cycles/sample) time-warped as x((1 - eps)·u). */
function harmonic(eps: number): Float64Array {
  const x = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const u = (n - N / 2) * (1 - eps);
    const envelope = Math.exp(-(u * u) / (2 * 3000 * 3000));
    let v = 0;
    for (let k = 1; k <= 20; k++) v += Math.sin(2 * Math.PI * k * 0.019 * u) / k;
    x[n] = envelope * v;
  }
  return x;
}

/** First-order rows above `minXi` cycles/sample, as one vector. */
function highFirstOrder(data: ArrayLike<number>, frames: number, minXi: number): Float64Array {
  const rows = engine.layout.paths.flatMap((path, row) =>
    path.order === 1 && path.xi1! > minXi ? [row] : [],
  );
  const out = new Float64Array(rows.length * frames);
  rows.forEach((row, i) => {
    for (let t = 0; t < frames; t++) out[i * frames + t] = data[row * frames + t]!;
  });
  return out;
}

/** |STFT| (Hann window of `window` samples, hop window/2) at frequencies above `minF`. */
function highSpectrogram(x: Float64Array, window: number, minF: number): Float64Array {
  const fft = new FFT(window);
  const spectrum = fft.createComplexArray() as number[];
  const frame = new Array<number>(window).fill(0);
  const values: number[] = [];
  for (let start = 0; start + window <= N; start += window / 2) {
    for (let i = 0; i < window; i++)
      frame[i] = x[start + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / window));
    fft.realTransform(spectrum, frame);
    for (let k = Math.ceil(minF * window); k <= window / 2; k++)
      values.push(Math.hypot(spectrum[2 * k]!, spectrum[2 * k + 1]!));
  }
  return Float64Array.from(values);
}

describe('scattering theory', () => {
  it('is locally invariant to translation: shifts much smaller than T barely move S', () => {
    const T = engine.params.T;
    const reference = engine.transform(burst(0)).data;
    const small = relativeDistance(engine.transform(burst(T / 64)).data, reference);
    const large = relativeDistance(engine.transform(burst(4 * T)).data, reference);
    console.log(
      `translation: shift T/64 -> ${small.toExponential(2)}, shift 4T -> ${large.toExponential(2)}`,
    );
    // Measured: 3.9e-3 and 0.88.
    expect(small).toBeLessThan(0.01);
    expect(large).toBeGreaterThan(0.5);
    expect(small).toBeLessThan(large / 50);
  });

  it('is stable to deformations where a high-frequency spectrogram is not', () => {
    const clean = engine.transform(harmonic(0));
    const s1 = highFirstOrder(clean.data, clean.frames, 0.2);
    const spectrogram = highSpectrogram(harmonic(0), engine.params.T, 0.2);
    const measured = [0.005, 0.01, 0.02].map((eps) => {
      const warped = engine.transform(harmonic(eps));
      return {
        eps,
        scattering: relativeDistance(highFirstOrder(warped.data, warped.frames, 0.2), s1),
        spectrogram: relativeDistance(
          highSpectrogram(harmonic(eps), engine.params.T, 0.2),
          spectrogram,
        ),
      };
    });
    console.log('deformation:', JSON.stringify(measured));
    for (const { scattering, spectrogram: fourier } of measured) {
      // Measured ratios 17x; Lipschitz stability means the change is O(eps), Fourier's is not.
      expect(scattering).toBeLessThan(fourier / 5);
    }
    const [a, b, c] = measured.map((m) => m.scattering) as [number, number, number];
    // O(eps): doubling eps about doubles the change (measured 1.92 and 1.99).
    expect(b / a).toBeGreaterThan(1.5);
    expect(b / a).toBeLessThan(2.5);
    expect(c / b).toBeGreaterThan(1.5);
    expect(c / b).toBeLessThan(2.5);
    expect(b).toBeLessThan(0.05);
  });

  it('keeps most of the energy of its first layer in orders 0 to 2, and never adds energy', () => {
    // First-layer energy: ‖x⋆φ‖² + Σ‖x⋆ψ1‖², from the signal's spectrum and the filters.
    const bank = filterBankSpec(engine.params);
    const filters = [
      makeFourierFilter(0, bank.phiSigma),
      ...bank.psi1.map((w) => makeFourierFilter(w.xi, w.sigma)),
    ];
    const gain = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      for (const f of filters) gain[k]! += (evaluateRaw(f, k / N) * f.scale) ** 2;
    }
    const fft = new FFT(N);
    const spectrum = fft.createComplexArray() as number[];
    for (const [name, x] of [
      ['burst', burst(0)],
      ['harmonic', harmonic(0)],
    ] as const) {
      fft.realTransform(spectrum, Array.from(x));
      fft.completeSpectrum(spectrum);
      let layer = 0;
      for (let k = 0; k < N; k++)
        layer += ((spectrum[2 * k]! ** 2 + spectrum[2 * k + 1]! ** 2) / N) * gain[k]!;
      const result = engine.transform(x);
      // S is sampled once per hop: each coefficient stands for `hop` samples of the averaged signal.
      let kept = 0;
      for (const v of result.data) kept += engine.params.hop * v * v;
      console.log(
        `energy (${name}): orders 0-2 hold ${(kept / layer).toFixed(3)} of the first layer`,
      );
      // Measured 0.79 (burst) and 0.99 (harmonic).
      expect(kept / layer).toBeGreaterThan(0.75);
      expect(kept / layer).toBeLessThan(1.01);
    }
  });
});
