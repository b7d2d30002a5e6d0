/**
 * Kymatio's Morlet filter bank ("anden" generator, Kymatio master 11552ed5), as pure data.
 *
 * Frequencies are in cycles per sample at full rate (0.5 = Nyquist). Every filter is real and
 * even-or-Hermitian in Fourier, hence zero-phase in time. The maths is in src/dsp/README.md.
 */
import type { ScatteringParams } from './params.js';

/** Kymatio's constants: sigma0 (φ width factor), alpha (decimation margin), r_psi (overlap). */
export const SIGMA0 = 0.1;
export const ALPHA = 5;
export const R_PSI = Math.SQRT1_2;
/** Kymatio's tolerance for choosing how many periods of a Gaussian to sum (eps in its code). */
const PERIODIZATION_EPS = 1e-7;
const MAX_PERIODS = 5;

/** One wavelet ψ of the bank. */
export interface WaveletSpec {
  /** Index in emission order (0 = highest centre frequency). */
  readonly n: number;
  /** Centre frequency, cycles/sample. */
  readonly xi: number;
  /** Gaussian width in frequency, cycles/sample. */
  readonly sigma: number;
  /** Largest dyadic decimation its output tolerates (Kymatio's j). */
  readonly j: number;
}

export interface FilterBankSpec {
  readonly psi1: readonly WaveletSpec[];
  /** Empty when max order is 1. */
  readonly psi2: readonly WaveletSpec[];
  /** Width of the low-pass φ in frequency, cycles/sample: sigma0 / T. */
  readonly phiSigma: number;
}

/** Width of a wavelet at xi so that neighbours cross at r_psi of their peak. */
export function waveletSigma(xi: number, q: number): number {
  const factor = 2 ** (-1 / q);
  return (xi * (1 - factor)) / (1 + factor) / Math.sqrt(2 * Math.log(1 / R_PSI));
}

/** Kymatio's j rule: j = floor(-log2(min(xi + alpha·sigma, 0.5))) - 1, never below 0. */
export function maxDyadicSubsampling(xi: number, sigma: number): number {
  const upper = Math.min(xi + ALPHA * sigma, 0.5);
  return Math.max(Math.floor(-Math.log2(upper)) - 1, 0);
}

/** Centre frequencies and widths of one order's wavelets, in Kymatio's emission order. */
export function waveletSpecs(J: number, q: number): WaveletSpec[] {
  const out: { xi: number; sigma: number }[] = [];
  let xi = Math.max(1 / (1 + 2 ** (3 / q)), 0.35);
  let sigma = waveletSigma(xi, q);
  const sigmaMin = SIGMA0 / 2 ** J;
  if (sigma <= sigmaMin) {
    // No constant-Q part fits: the constant-bandwidth part starts from xi = sigma (as Kymatio does).
    xi = sigma;
  } else {
    out.push({ xi, sigma });
    const ratio = 2 ** (1 / q);
    while (sigma > sigmaMin * ratio) {
      xi /= ratio;
      sigma /= ratio;
      out.push({ xi, sigma });
    }
  }
  for (let k = 1; k < q; k++) {
    out.push({ xi: xi * (1 - k / q), sigma: sigmaMin });
  }
  return out.map((w, n) => ({
    n,
    xi: w.xi,
    sigma: w.sigma,
    j: maxDyadicSubsampling(w.xi, w.sigma),
  }));
}

export function filterBankSpec(params: ScatteringParams): FilterBankSpec {
  return {
    psi1: waveletSpecs(params.J, params.Q[0]),
    psi2: params.maxOrder === 2 ? waveletSpecs(params.J, params.Q[1]) : [],
    phiSigma: SIGMA0 / params.T,
  };
}

/** How many periods Kymatio sums when periodizing a Gaussian of width sigma: P in its code. */
export function periodCount(sigma: number): number {
  return Math.min(
    Math.ceil(Math.sqrt(-2 * sigma * sigma * Math.log(PERIODIZATION_EPS)) + 1),
    MAX_PERIODS,
  );
}

/**
 * Kymatio's periodized Gaussian G_c(f) = Σ_{m=1-P}^{P-1} exp(-(f + m - c)² / (2σ²)), f in [0, 1).
 * (Kymatio also divides by 2P-1; the L1 normalization cancels that.)
 */
export function periodizedGaussian(
  f: number,
  centre: number,
  sigma: number,
  periods: number,
): number {
  const inv2s2 = 1 / (2 * sigma * sigma);
  let sum = 0;
  for (let m = 1 - periods; m < periods; m++) {
    const d = f + m - centre;
    const exponent = d * d * inv2s2;
    // exp(-745) is already 0 in float64: skip the call for the far periods.
    if (exponent < 745) sum += Math.exp(-exponent);
  }
  return sum;
}

/** A filter's unnormalized Fourier response at level 0, as a function of f in [0, 1). */
export interface FourierFilter {
  /** Centre frequency (0 for φ). */
  readonly xi: number;
  readonly sigma: number;
  /** κ = G_xi(0) / G_0(0): the low-pass subtracted so that ψ̂(0) = 0 (0 for φ). */
  readonly kappa: number;
  readonly periods: number;
  /** 1 / (Σ_n |h[n]|): Kymatio's unit L1 norm in time. */
  readonly scale: number;
  /** Standard deviation of the time envelope, in full-rate samples: 1 / (2π σ). */
  readonly timeStd: number;
}

/** Unnormalized response at f in [0, 1). */
export function evaluateRaw(filter: FourierFilter, f: number): number {
  const g = periodizedGaussian(f, filter.xi, filter.sigma, filter.periods);
  return filter.kappa === 0
    ? g
    : g - filter.kappa * periodizedGaussian(f, 0, filter.sigma, filter.periods);
}

/**
 * Builds a filter and its L1 normalization.
 *
 * The time response is computed in closed form rather than by an inverse DFT on Kymatio's padded
 * length: the periodized Gaussian sampled on any grid is exactly the DTFT of the sampled
 * continuous inverse transform (Poisson summation), h[n] = σ√(2π) e^{-2π²σ²n²} (e^{2πi ξ n} - κ),
 * so Σ|h[n]| costs one pass over the envelope's support (≈ 40 standard deviations) and does not
 * depend on the signal length. It equals Kymatio's value up to the time aliasing of its padded
 * length, which is below 1e-16 whenever its padding is not capped by a short signal.
 */
export function makeFourierFilter(xi: number, sigma: number): FourierFilter {
  const periods = periodCount(sigma);
  const kappa =
    xi === 0
      ? 0
      : periodizedGaussian(0, xi, sigma, periods) / periodizedGaussian(0, 0, sigma, periods);
  const timeStd = 1 / (2 * Math.PI * sigma);
  // 10 standard deviations: the envelope there is e^-50 of its peak.
  const reach = Math.ceil(10 * timeStd) + 1;
  const amp = sigma * Math.sqrt(2 * Math.PI);
  // |h[-n]| = |h[n]| (κ is real), so sum n = 0 once and n > 0 twice.
  const l1 = amp * (Math.abs(1 - kappa) + 2 * envelopeSum(xi, sigma, kappa, reach));
  return { xi, sigma, kappa, periods, scale: 1 / l1, timeStd };
}

/**
 * Steps between exact evaluations in envelopeSum. The envelope's error grows with the square of
 * the steps (its ratio drifts too): after 32, L1 norms agree with exact terms to 1e-13.
 */
const RECURRENCE_RUN = 32;

/**
 * Σ_{n=1..reach} e^{-2π²σ²n²}·|e^{2πiξn} − κ|. The low-frequency filters reach tens of thousands
 * of samples, so the exponential and the phasor advance by one multiplication each
 * (e^{-a(n+1)²} = e^{-an²}·e^{-a(2n+1)}, the phasor by a rotation), evaluated exactly again
 * every RECURRENCE_RUN steps: about six times faster than exp, cos and sin for every sample.
 */
function envelopeSum(xi: number, sigma: number, kappa: number, reach: number): number {
  const decay = 2 * Math.PI * Math.PI * sigma * sigma;
  const step = 2 * Math.PI * xi;
  const [stepCos, stepSin] = [Math.cos(step), Math.sin(step)];
  const ratioGrowth = Math.exp(-2 * decay);
  let sum = 0;
  for (let start = 1; start <= reach; start += RECURRENCE_RUN) {
    const end = Math.min(reach, start + RECURRENCE_RUN - 1);
    let envelope = Math.exp(-decay * start * start);
    let ratio = Math.exp(-decay * (2 * start + 1));
    let re = Math.cos(step * start);
    let im = Math.sin(step * start);
    for (let n = start; n <= end; n++) {
      const dr = re - kappa;
      sum += kappa === 0 ? envelope : envelope * Math.sqrt(dr * dr + im * im);
      envelope *= ratio;
      ratio *= ratioGrowth;
      const nextRe = re * stepCos - im * stepSin;
      im = re * stepSin + im * stepCos;
      re = nextRe;
    }
  }
  return sum;
}

/**
 * Half-width in full-rate samples beyond which the filter's time envelope is below
 * `tolerance` of its peak: where overlap-save may cut it.
 */
export function halfSupport(filter: FourierFilter, tolerance: number): number {
  return Math.ceil(filter.timeStd * Math.sqrt(2 * Math.log(1 / tolerance))) + 1;
}

/**
 * One side of a low-pass's time response at `level` (a real, even filter: φ), taps[k] for
 * k = 0..halfWidth: Kymatio's level-l filter, 2^l·h[2^l·k] with h[n] = σ√(2π)·e^{-2π²σ²n²} times
 * the L1 normalization (see makeFourierFilter).
 */
export function lowpassTaps(filter: FourierFilter, level: number, halfWidth: number): Float64Array {
  if (filter.xi !== 0) throw new Error('internal error: only a low-pass has real, even taps');
  const taps = new Float64Array(halfWidth + 1);
  const amp = filter.sigma * Math.sqrt(2 * Math.PI) * filter.scale * 2 ** level;
  const decay = 2 * Math.PI * Math.PI * filter.sigma * filter.sigma;
  for (let k = 0; k <= halfWidth; k++) {
    const n = k * 2 ** level;
    taps[k] = amp * Math.exp(-decay * n * n);
  }
  return taps;
}
