/**
 * Where Kymatio puts the frames of a finite signal, and how much it pads.
 *
 * Kymatio reflect-pads a signal of N samples to a power of two and anchors every decimation grid
 * at the first padded sample. Its frame t is centred on input sample
 * (ceil(padLeft / hop) + t)·hop - padLeft, for the frames whose centres fall on the signal.
 * Reproducing this exactly is what makes whole files match Kymatio, edges included.
 */
import { SIGMA0 } from './filter-bank.js';
import { ScatteringParamError, type ScatteringParams } from './params.js';

export interface FrameGrid {
  /** Frames in the output. */
  readonly frames: number;
  /** Input sample index of the centre of frame 0. */
  readonly firstCentre: number;
  readonly hop: number;
  /** Kymatio's padded length (a power of two) and its split. */
  readonly paddedLength: number;
  readonly padLeft: number;
  readonly padRight: number;
  /**
   * False when Kymatio had to cap its padding because the signal is short (under about 3·T):
   * its circular convolution then wraps the filters around the padded signal, which a linear
   * (streaming) engine does not do, and edge frames may differ from Kymatio's.
   */
  readonly paddingUncapped: boolean;
}

/**
 * Kymatio's half temporal support of φ at 1e-3 of its L1 norm (compute_temporal_support on the
 * L1-normalized Gaussian of length N): the smallest n such that Σ_{m ≥ n}^{N/2-1} |φ[m]| ≤ 1e-3,
 * plus one; N/2 when no such n exists.
 */
export function phiTemporalSupport(T: number, signalLength: number): number {
  const sigma = SIGMA0 / T;
  const decay = 2 * Math.PI * Math.PI * sigma * sigma;
  const n = signalLength;
  const half = Math.floor(n / 2);
  const reach = Math.ceil(12 / (2 * Math.PI * sigma)) + 1;
  // Time response on the circle of n samples: the sampled Gaussian, aliased with period n.
  const aliases = Math.ceil(reach / n) + 1;
  const value = (m: number): number => {
    let sum = 0;
    for (let r = -aliases; r <= aliases; r++) {
      const t = m + r * n;
      sum += Math.exp(-decay * t * t);
    }
    return sum;
  };
  // Σ|φ| over the circle equals the sum of the Gaussian over all integers.
  let total = 0;
  for (let m = -reach; m <= reach; m++) total += Math.exp(-decay * m * m);
  const criterion = 1e-3 * total;
  let residual = 0;
  let firstBelow = half;
  // Beyond `reach` (12 standard deviations) the terms are below e^-72 of the total: they cannot
  // move the residual across 1e-3, so a long signal's far tail need not be walked.
  for (let m = Math.min(half - 1, reach); m >= 0; m--) {
    residual += value(m);
    if (residual > criterion) break;
    firstBelow = m;
  }
  return firstBelow === half ? half : firstBelow + 1;
}

/** Kymatio's padding and frame grid for a signal of `signalLength` samples. */
export function kymatioFrameGrid(params: ScatteringParams, signalLength: number): FrameGrid {
  const n = signalLength;
  if (!Number.isInteger(n) || n < 1) {
    throw new ScatteringParamError(`the signal is empty (${String(n)} samples)`);
  }
  if (params.T > n) {
    throw new ScatteringParamError(
      `T (${String(params.T)} samples) is longer than the signal (${String(n)} samples)`,
    );
  }
  const minToPad = 3 * phiTemporalSupport(params.T, n);
  let jPad = 0;
  while (2 ** jPad < n + 2 * minToPad) jPad++;
  let jMax = 0;
  while (2 ** (jMax + 1) <= 3 * n - 2) jMax++;
  const paddingUncapped = jPad <= jMax;
  const paddedLength = 2 ** Math.min(jPad, jMax);
  const padLeft = Math.floor((paddedLength - n) / 2);
  const padRight = paddedLength - n - padLeft;
  if (Math.max(padLeft, padRight) >= n) {
    throw new ScatteringParamError(
      `the signal (${String(n)} samples) is too short to pad for T = ${String(params.T)}`,
    );
  }
  const hop = params.hop;
  const indStart = Math.ceil(padLeft / hop);
  const indEnd = Math.ceil((padLeft + n) / hop);
  return {
    frames: indEnd - indStart,
    firstCentre: indStart * hop - padLeft,
    hop,
    paddedLength,
    padLeft,
    padRight,
    paddingUncapped,
  };
}
