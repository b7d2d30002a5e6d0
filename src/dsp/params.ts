/**
 * Scattering parameters: validation and the defaults Kymatio applies.
 *
 * Every public entry point normalises its options here first, so a bad value is rejected once,
 * at construction, with a message that names it (never deep inside a hot loop).
 */

/** Largest J accepted: 2^16 samples of averaging is 1.4 s at 48 kHz, and filter banks grow with 2^J. */
export const MAX_J = 16;
/** Largest Q accepted for either order; Kymatio itself has no bound, but banks grow linearly in Q. */
export const MAX_Q = 32;

export type Precision = 'float32' | 'float64';

/** Options as a caller gives them; omitted fields take Kymatio's defaults. */
export interface ScatteringOptions {
  /** Number of octaves (maximal wavelet scale 2^J samples). Integer, 1 ≤ J ≤ 16. */
  readonly J: number;
  /** Wavelets per octave: an integer Q (meaning (Q, 1)) or a pair (Q1, Q2). Default 1. */
  readonly Q?: number | readonly [number, number];
  /** Width of the low-pass φ in samples; default 2^J. Need not be a power of two. */
  readonly T?: number;
  /** 1: orders 0 and 1; 2: also second order. Default 2. */
  readonly maxOrder?: number;
  /** Frames per T beyond one: hop = 2^(floor(log2 T) - oversampling). Default 0. */
  readonly oversampling?: number;
}

/** Fully specified, validated parameters. */
export interface ScatteringParams {
  readonly J: number;
  readonly Q: readonly [number, number];
  readonly T: number;
  readonly maxOrder: 1 | 2;
  readonly oversampling: number;
  /** floor(log2 T). */
  readonly log2T: number;
  /** log2 of the hop between frames: log2T - oversampling. */
  readonly log2Stride: number;
  /** Samples between consecutive frame centres: 2^log2Stride. */
  readonly hop: number;
}

/** A parameter outside its allowed range. The message names the parameter and its value. */
export class ScatteringParamError extends Error {
  override readonly name = 'ScatteringParamError';
}

function requireInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ScatteringParamError(
      `${name} must be an integer from ${String(min)} to ${String(max)} (got ${String(value)})`,
    );
  }
  return value;
}

/** Validates options and fills in Kymatio's defaults (Q = 1, T = 2^J, max order 2, oversampling 0). */
export function normalizeParams(options: ScatteringOptions): ScatteringParams {
  const J = requireInteger('J', options.J, 1, MAX_J);
  const q = options.Q ?? 1;
  const Q: readonly [number, number] =
    typeof q === 'number'
      ? [requireInteger('Q', q, 1, MAX_Q), 1]
      : [requireInteger('Q1', q[0], 1, MAX_Q), requireInteger('Q2', q[1], 1, MAX_Q)];
  const T = options.T ?? 2 ** J;
  if (!Number.isFinite(T) || T < 1 || T > 2 ** MAX_J) {
    throw new ScatteringParamError(
      `T must be a number of samples from 1 to ${String(2 ** MAX_J)} (got ${String(T)})`,
    );
  }
  const maxOrder = requireInteger('max order', options.maxOrder ?? 2, 1, 2) as 1 | 2;
  const log2T = Math.floor(Math.log2(T));
  const oversampling = requireInteger('oversampling', options.oversampling ?? 0, 0, log2T);
  const log2Stride = log2T - oversampling;
  return { J, Q, T, maxOrder, oversampling, log2T, log2Stride, hop: 2 ** log2Stride };
}

/** A stable key for caching banks and plans per configuration. */
export function paramsKey(params: ScatteringParams): string {
  return `J${String(params.J)}_Q${String(params.Q[0])}-${String(params.Q[1])}_T${String(params.T)}_o${String(params.maxOrder)}_os${String(params.oversampling)}`;
}
