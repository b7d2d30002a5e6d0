/**
 * The error function, to float64's round-off in absolute terms (what a filter response that must
 * be flat to 1e-13 needs). JavaScript's Math has no erf.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** Below this the series is used, above it the continued fraction. */
const SERIES_LIMIT = 3;

/**
 * erf(x) for 0 ≤ x ≤ SERIES_LIMIT by the series of positive terms
 * erf(x) = 2/√π · e^(−x²) · Σ_n 2^n x^(2n+1) / (1·3·…·(2n+1)): nothing cancels, so the relative
 * error stays at round-off (about x² + 30 terms).
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * erfc(x) for x ≥ SERIES_LIMIT by its continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by Lentz's method.
 */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** The complementary error function, erfc(x) = 1 − erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < SERIES_LIMIT ? 1 - erfSeries(x) : erfcContinuedFraction(x);
}

/** The error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return -erf(-x);
  return x < SERIES_LIMIT ? erfSeries(x) : 1 - erfcContinuedFraction(x);
}

const quantiles = new Map<number, number>();

/**
 * The z ≥ 0 at which a unit Gaussian's upper tail holds `tail`: ½·erfc(z/√2) = tail
 * (1e-8 → 5.61, 1e-13 → 7.35). Found by bisection once per tail: planning asks for the same few
 * tails many times.
 */
export function gaussianTailQuantile(tail: number): number {
  if (!(tail > 0 && tail < 0.5)) {
    throw new RangeError(`a Gaussian tail must be in (0, 0.5) (got ${String(tail)})`);
  }
  const known = quantiles.get(tail);
  if (known !== undefined) return known;
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (0.5 * erfc(mid / Math.SQRT2) > tail) lo = mid;
    else hi = mid;
  }
  quantiles.set(tail, hi);
  return hi;
}
