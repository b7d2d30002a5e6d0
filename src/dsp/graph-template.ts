/**
 * The plan of the multirate cascade for one configuration: every stage's level, half-width,
 * block size and filter responses, computed once and shared by all streams (the "filter bank").
 *
 *   stage 1 (level 0):      x  → φ (S0, decimated by 2^s), ψ1 (|·|, decimated by 2^k1 → U1)
 *   stage 2 (level k1):     U1 → φ (S1, by 2^(s-k1)), ψ2 with j2 > j1 (|·|, by 2^k2 → U2)
 *   stage 3 (level k1+k2):  U2 → φ (S2, by 2^(s-k1-k2)), direct in time or by overlap-save
 *
 * with s = log2 stride, k1 = min(j1, s), k2 = max(min(j2, s) - k1, 0) (Kymatio's rule). A unit of
 * level l is 2^l input samples. Every grid is anchored at input position 0.
 */
import {
  filterBankSpec,
  halfSupport,
  makeFourierFilter,
  type FourierFilter,
  type WaveletSpec,
} from './filter-bank.js';
import type { ScatteringParams } from './params.js';
import {
  level0Response,
  SpectrumFolder,
  type Level0Response,
  type SparseSpectrum,
} from './sparse-spectrum.js';

export interface FftOutputPlan {
  readonly spectrum: SparseSpectrum;
  readonly log2Decimation: number;
}

export interface FftStagePlan {
  readonly level: number;
  readonly halfWidth: number;
  readonly blockSize: number;
  /** φ at this level: its output is a row of S. */
  readonly phi: FftOutputPlan;
}

export interface SecondOrderPlan {
  /** Row of S2(n1, n2). */
  readonly row: number;
  readonly psi2: WaveletSpec;
  readonly wavelet: FftOutputPlan;
  /** Level of U2: k1 + k2. */
  readonly level: number;
  /** How U2 is low-passed into S2. */
  readonly lowpass: ThirdStagePlan;
}

/**
 * The third stage: φ applied directly in time (no block to fill: the lowest latency), or by
 * overlap-save (measured about 1.3 times faster overall at J = 10 to 12).
 */
export type ThirdStagePlan =
  | {
      readonly kind: 'direct';
      /** One side of φ at the level, taps[k] = φ_l[±k]. */ readonly taps: Float64Array;
    }
  | { readonly kind: 'fft'; readonly stage: FftStagePlan };

export interface FirstOrderPlan {
  /** Row of S1(n1). */
  readonly row: number;
  readonly psi1: WaveletSpec;
  /** ψ1 at level 0, decimated by 2^k1, inside stage 1. */
  readonly wavelet: FftOutputPlan;
  /** Stage 2, fed by U1 at level k1. */
  readonly stage: FftStagePlan;
  readonly children: readonly SecondOrderPlan[];
}

export interface GraphTemplate {
  readonly params: ScatteringParams;
  readonly rows: number;
  readonly stage1: FftStagePlan;
  readonly firstOrder: readonly FirstOrderPlan[];
  /**
   * Frames from a stream started at input position 0: the first frame every row completes.
   * It is also the reach of the cascade, in hops: a frame depends on input within
   * firstFrameOffset·hop samples of its centre.
   */
  readonly firstFrameOffset: number;
  /** Worst-case input samples after a frame's centre before the frame is emitted. */
  readonly latencySamples: number;
  /**
   * For a stream with an unknown past (taken as silence): the first frame, counted from the
   * stream's first sample, on which that past weighs less than `settleTail` of the signal's
   * level. The reach above adds every stage's cut-off in the worst case; the weights of a
   * cascade of Gaussian envelopes fall off as one Gaussian of the summed variances, so frames
   * settle well before it (about 19·T instead of 37·T in float64).
   */
  readonly settledFrameOffset: number;
}

/** How the cascade trades latency for throughput, and where filter tails are cut. */
export interface CascadeTuning {
  /** Relative amplitude at which time envelopes are cut: sets every stage's half-width. */
  readonly timeTail: number;
  /** Relative amplitude below which Fourier responses are dropped. */
  readonly spectrumTail: number;
  /** Weight of an unknown past below which a live stream's frame counts as settled. */
  readonly settleTail: number;
  /** Storage of the filter responses: the engine's precision (float32 halves the bank's memory). */
  readonly allocate: (length: number) => Float32Array | Float64Array;
  /**
   * 'latency': the smallest overlap-save blocks (at least a hop of new output each);
   * 'throughput': blocks of about four half-widths, half of each block new output (larger
   *   blocks measured slower: they leave the caches).
   */
  readonly blocks: BlockPolicy;
}

export type BlockPolicy = 'latency' | 'throughput';

/** Tails far below each precision's round-off. */
export const PRECISION_TAILS = {
  float64: { timeTail: 1e-13, spectrumTail: 1e-18, settleTail: 1e-10 },
  float32: { timeTail: 1e-8, spectrumTail: 1e-10, settleTail: 1e-6 },
} as const;

const roundUp = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

/** Overlap-save block size, a power of two: 2h of every block is overlap, the rest new output. */
function blockSizeFor(halfWidth: number, log2MaxDecimation: number, policy: BlockPolicy): number {
  const newOutputs = policy === 'latency' ? 2 ** log2MaxDecimation : 2 * halfWidth;
  const minimum = Math.max(2 * halfWidth + newOutputs, 4 * 2 ** log2MaxDecimation, 64);
  return 2 ** Math.ceil(Math.log2(minimum));
}

/** Half-width of a filter at `level`, in that level's units. */
function levelHalfWidth(filter: FourierFilter, level: number, tolerance: number): number {
  return Math.ceil(halfSupport(filter, tolerance) / 2 ** level);
}

function phiTaps(phi: FourierFilter, level: number, halfWidth: number): Float64Array {
  // Level-l filter in time: 2^l·φ[2^l n], with φ[n] = σ√(2π)·e^{-2π²σ²n²} / L1 (see filter-bank.ts).
  const taps = new Float64Array(halfWidth + 1);
  const amp = phi.sigma * Math.sqrt(2 * Math.PI) * phi.scale * 2 ** level;
  const decay = 2 * Math.PI * Math.PI * phi.sigma * phi.sigma;
  for (let k = 0; k <= halfWidth; k++) {
    const n = k * 2 ** level;
    taps[k] = amp * Math.exp(-decay * n * n);
  }
  return taps;
}

export function buildGraphTemplate(params: ScatteringParams, tuning: CascadeTuning): GraphTemplate {
  const tolerance = tuning.timeTail;
  const s = params.log2Stride;
  const bank = filterBankSpec(params);
  const phi = makeFourierFilter(0, bank.phiSigma);
  const psi1Filters = bank.psi1.map((w) => makeFourierFilter(w.xi, w.sigma));
  const psi2Filters = bank.psi2.map((w) => makeFourierFilter(w.xi, w.sigma));
  // Stages at different levels often share the level-0 grid (size·2^level), so the expensive
  // part, evaluating the Gaussians, is cached per filter and grid; folding is cheap.
  const responses = new Map<string, Level0Response>();
  const spectra = new Map<string, SparseSpectrum>();
  const folder = new SpectrumFolder();
  const spectrumOf = (filter: FourierFilter, level: number, size: number): SparseSpectrum => {
    const id = `${String(filter.xi)}/${String(filter.sigma)}`;
    const n0 = size * 2 ** level;
    const key = `${id}@${String(level)}:${String(size)}`;
    let spectrum = spectra.get(key);
    if (spectrum === undefined) {
      let response = responses.get(`${id}:${String(n0)}`);
      if (response === undefined) {
        response = level0Response(filter, n0, tuning.spectrumTail);
        responses.set(`${id}:${String(n0)}`, response);
      }
      spectrum = folder.fold(response, size, 1 / size, tuning.allocate);
      spectra.set(key, spectrum);
    }
    return spectrum;
  };

  const h1 = roundUp(
    Math.max(
      levelHalfWidth(phi, 0, tolerance),
      ...psi1Filters.map((f) => levelHalfWidth(f, 0, tolerance)),
    ),
    2 ** s,
  );
  const b1 = blockSizeFor(h1, s, tuning.blocks);
  const stage1: FftStagePlan = {
    level: 0,
    halfWidth: h1,
    blockSize: b1,
    phi: { spectrum: spectrumOf(phi, 0, b1), log2Decimation: s },
  };
  // Offsets from a start at position 0, in input samples, of each row's first output; and the
  // worst-case delay of each row. Stage delays: an output at p is ready when its block's last
  // input arrives, at most B - 1 - h units later; the direct stage needs h units.
  const stage1Delay = b1 - 1 - h1;
  let firstFrameOffset = h1 / 2 ** s;
  let latency = stage1Delay;

  // Settling: σ_path = √(Σ envelope std²) over the path's filters, at most settleTail beyond.
  const settleFactor = Math.sqrt(2 * Math.log(1 / tuning.settleTail));
  const settle = (...stds: number[]): number =>
    Math.ceil((settleFactor * Math.sqrt(stds.reduce((sum, sd) => sum + sd * sd, 0))) / 2 ** s);
  let settledFrameOffset = settle(phi.timeStd);

  let nextRow = 1 + bank.psi1.length;
  const firstOrder: FirstOrderPlan[] = bank.psi1.map((psi1, n1) => {
    const k1 = Math.min(psi1.j, s);
    const psi1Filter = psi1Filters[n1];
    settledFrameOffset = Math.max(settledFrameOffset, settle(psi1Filter.timeStd, phi.timeStd));
    const used = bank.psi2
      .map((psi2, n2) => ({ psi2, filter: psi2Filters[n2] }))
      .filter((w) => w.psi2.j > psi1.j);
    const h2 = roundUp(
      Math.max(
        levelHalfWidth(phi, k1, tolerance),
        ...used.map((w) => levelHalfWidth(w.filter, k1, tolerance)),
      ),
      2 ** (s - k1),
    );
    const b2 = blockSizeFor(h2, s - k1, tuning.blocks);
    const stage: FftStagePlan = {
      level: k1,
      halfWidth: h2,
      blockSize: b2,
      phi: { spectrum: spectrumOf(phi, k1, b2), log2Decimation: s - k1 },
    };
    const stage2Start = h1; // input samples, from a start at 0
    const s1First = stage2Start + h2 * 2 ** k1;
    firstFrameOffset = Math.max(firstFrameOffset, s1First / 2 ** s);
    const stage2Delay = stage1Delay + (b2 - 1 - h2) * 2 ** k1;
    latency = Math.max(latency, stage2Delay);
    const children = used.map(({ psi2, filter }): SecondOrderPlan => {
      const k2 = Math.max(Math.min(psi2.j, s) - k1, 0);
      settledFrameOffset = Math.max(
        settledFrameOffset,
        settle(psi1Filter.timeStd, filter.timeStd, phi.timeStd),
      );
      const level = k1 + k2;
      const step = 2 ** (s - level);
      // U2 starts where stage 2's outputs start (s1First, a multiple of the hop), so a half-width
      // rounded up to the output step keeps the frame grid.
      const h3 = roundUp(levelHalfWidth(phi, level, tolerance), step);
      firstFrameOffset = Math.max(firstFrameOffset, (s1First + h3 * 2 ** level) / 2 ** s);
      let lowpass: ThirdStagePlan;
      if (tuning.blocks === 'latency') {
        lowpass = { kind: 'direct', taps: phiTaps(phi, level, h3) };
        latency = Math.max(latency, stage2Delay + h3 * 2 ** level);
      } else {
        const b3 = blockSizeFor(h3, s - level, tuning.blocks);
        const stage3: FftStagePlan = {
          level,
          halfWidth: h3,
          blockSize: b3,
          phi: { spectrum: spectrumOf(phi, level, b3), log2Decimation: s - level },
        };
        lowpass = { kind: 'fft', stage: stage3 };
        latency = Math.max(latency, stage2Delay + (b3 - 1 - h3) * 2 ** level);
      }
      return {
        row: nextRow++,
        psi2,
        wavelet: { spectrum: spectrumOf(filter, k1, b2), log2Decimation: k2 },
        level,
        lowpass,
      };
    });
    return {
      row: 1 + n1,
      psi1,
      wavelet: { spectrum: spectrumOf(psi1Filter, 0, b1), log2Decimation: k1 },
      stage,
      children,
    };
  });
  return {
    params,
    rows: nextRow,
    stage1,
    firstOrder,
    firstFrameOffset,
    latencySamples: latency,
    settledFrameOffset: Math.min(settledFrameOffset, firstFrameOffset),
  };
}
