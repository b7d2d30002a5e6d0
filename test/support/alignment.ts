/**
 * Comparing a lossy decode with its source: the best normalised cross-correlation over a range
 * of lags (codecs add a delay, and some leave their padding in the decoded stream).
 */

export interface Alignment {
  /** Samples the decoded signal lags behind the source (negative: it leads). */
  readonly lag: number;
  /** Normalised cross-correlation at that lag, in [-1, 1]. */
  readonly correlation: number;
}

/**
 * Correlates a window of `source` (from `start`, `length` samples) with `decoded` shifted by
 * every lag in [minLag, maxLag]; returns the best.
 */
export function bestAlignment(
  source: ArrayLike<number>,
  decoded: ArrayLike<number>,
  options: { start: number; length: number; minLag: number; maxLag: number },
): Alignment {
  const { start, length, minLag, maxLag } = options;
  let sourceEnergy = 0;
  for (let i = start; i < start + length; i++) sourceEnergy += source[i]! ** 2;
  let best: Alignment = { lag: 0, correlation: -Infinity };
  for (let lag = minLag; lag <= maxLag; lag++) {
    let dot = 0;
    let decodedEnergy = 0;
    for (let i = start; i < start + length; i++) {
      const y = decoded[i + lag] ?? 0;
      dot += source[i]! * y;
      decodedEnergy += y * y;
    }
    const correlation = dot / Math.sqrt(sourceEnergy * decodedEnergy || 1);
    if (correlation > best.correlation) best = { lag, correlation };
  }
  return best;
}
