/**
 * A low-pass that lets a stage hand its narrow-band filters a decimated copy of its input, so
 * that they run on 2^d times fewer samples, without changing what they compute.
 *
 * Let Ψ be one of those filters, with its response negligible beyond `passEdge` (cycles per unit
 * of the stage). Filtering the input u by a low-pass G, keeping every D-th sample (D = 2^d) and
 * filtering that by Ψ periodized to the coarser level (Kymatio's level-(l+d) filter) gives, in
 * Fourier,
 *
 *   (1/D)·Σ_l Σ_m U((f+l)/D)·G((f+l)/D)·Ψ((f+m)/D),
 *
 * which is (1/D)·Σ_l U((f+l)/D)·Ψ((f+l)/D), the DFT of (u ⋆ Ψ)[::D], as long as G = 1 wherever
 * Ψ is not negligible and G = 0 wherever an alias of Ψ's band lands (the l ≠ m terms). With Ψ in
 * |f| ≤ e, both hold when G passes |f| ≤ e and stops |f| ≥ 1/D − e, which needs e < 1/(2D).
 * Every decimation the filter's own output asks for (Kymatio's 2^k, whose aliasing is part of
 * its definition) then happens after it, exactly as before.
 *
 * G is a box of half-width 1/(2D) smoothed by a Gaussian of standard deviation s:
 *   Ĝ(f) = ½·[erf((f + a)/(√2 s)) − erf((f − a)/(√2 s))],  a = 1/(2D),
 * flat to `tail` up to e and below `tail` from 1/D − e when s = (a − e)/z (½·erfc(z/√2) = tail).
 * In time g(t) = 2a·sinc(2at)·e^(−2π²s²t²): its taps fall below `tail` of its peak within a
 * half-width found below, which is what overlap-save needs, and its samples' DTFT is exactly
 * the periodized Ĝ (Poisson summation), so the response below is exact on any FFT grid.
 */
import type { Level0Response } from './sparse-spectrum.js';
import { erf, gaussianTailQuantile } from './special-functions.js';

export interface DecimatingLowpass {
  /** Its output keeps one sample in 2^log2Factor. */
  readonly log2Factor: number;
  /** Box half-width a = 1/(2D), cycles per unit of the stage. */
  readonly boxHalfWidth: number;
  /** Standard deviation s of the smoothing Gaussian, cycles per unit. */
  readonly smoothing: number;
  /** Highest frequency passed flat to the tail (e above), cycles per unit. */
  readonly passEdge: number;
  /** Lowest frequency stopped to the tail, 1/D − e: the response is kept below it only. */
  readonly stopEdge: number;
  /** Taps beyond this many units either side are below the tail: overlap-save's h. */
  readonly halfWidth: number;
}

/**
 * The low-pass for decimating by 2^log2Factor ahead of filters whose band ends at `passEdge`
 * (cycles per unit); undefined when that band does not fit the decimated rate.
 *
 * @param tail flatness of the pass band, depth of the stop band and cut of the taps, relative
 */
export function designDecimatingLowpass(
  passEdge: number,
  log2Factor: number,
  tail: number,
): DecimatingLowpass | undefined {
  const boxHalfWidth = 1 / 2 ** (log2Factor + 1);
  const margin = boxHalfWidth - passEdge;
  if (!(margin > 0) || log2Factor < 1) return undefined;
  const smoothing = margin / gaussianTailQuantile(tail);
  return {
    log2Factor,
    boxHalfWidth,
    smoothing,
    passEdge,
    stopEdge: 2 * boxHalfWidth - passEdge,
    halfWidth: tapHalfWidth(boxHalfWidth, smoothing, tail),
  };
}

/**
 * The smallest h with |g(t)| ≤ tail·g(0) for every |t| > h, from the envelope
 * |g(t)| ≤ e^(−2π²s²t²)/(π|t|) (|sin| ≤ 1) and g(0) = 2a.
 */
function tapHalfWidth(boxHalfWidth: number, smoothing: number, tail: number): number {
  const limit = tail * 2 * boxHalfWidth;
  const decay = 2 * Math.PI * Math.PI * smoothing * smoothing;
  const envelope = (t: number): number => Math.exp(-decay * t * t) / (Math.PI * t);
  let hi = 1;
  while (envelope(hi) > limit) hi *= 2;
  let lo = hi / 2;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (envelope(mid) > limit) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Ĝ at f (cycles per unit, any real f): the periodized smoothed box. */
export function decimatingLowpassResponse(lowpass: DecimatingLowpass, f: number): number {
  const a = lowpass.boxHalfWidth;
  const scale = 1 / (Math.SQRT2 * lowpass.smoothing);
  // Fold f into [−½, ½) and add the images one period either side.
  const folded = f - Math.round(f);
  let sum = 0;
  for (let m = -1; m <= 1; m++) {
    const g = folded + m;
    sum += 0.5 * (erf((g + a) * scale) - erf((g - a) * scale));
  }
  return sum;
}

/**
 * The response on an FFT grid of `size` bins (bin k at k/size cycles per unit), over the bins
 * below the stop edge, in the form SpectrumFolder.fold takes (as a level-0 response of n0 = size).
 */
export function decimatingLowpassBins(lowpass: DecimatingLowpass, size: number): Level0Response {
  const reach = Math.ceil(lowpass.stopEdge * size);
  const [start, length] = 2 * reach + 1 >= size ? [0, size] : [-reach, 2 * reach + 1];
  const run = new Float64Array(length);
  for (let i = 0; i < length; i++) run[i] = decimatingLowpassResponse(lowpass, (start + i) / size);
  return { n0: size, starts: [start], values: [run] };
}
