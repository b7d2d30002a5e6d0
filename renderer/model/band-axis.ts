/**
 * Frequency axes of the heatmaps, from the layout: which layout rows form the bands of a panel,
 * their centre frequencies and the band edges on a log axis (geometric midpoints between
 * neighbours, so every band touches the next).
 */
import type { PathMetaHz } from '../../src/protocol/layout.js';

export interface BandAxis {
  /** Layout row of each band, bands in ascending frequency. */
  readonly rows: readonly number[];
  /** Centre frequency of each band, in Hz. */
  readonly hz: readonly number[];
  /** bands + 1 edges in Hz, ascending: band b spans [edges[b], edges[b + 1]]. */
  readonly edges: readonly number[];
}

function axisOf(entries: readonly { row: number; hz: number }[]): BandAxis {
  const sorted = [...entries].sort((a, b) => a.hz - b.hz);
  const hz = sorted.map((entry) => entry.hz);
  const edges: number[] = [];
  const count = hz.length;
  for (let b = 0; b <= count; b++) {
    const below = hz[Math.max(0, b - 1)] ?? 1;
    const above = hz[Math.min(count - 1, b)] ?? 1;
    if (b === 0)
      edges.push(count > 1 ? above / Math.sqrt((hz[1] ?? above) / above) : above / Math.SQRT2);
    else if (b === count)
      edges.push(
        count > 1 ? below * Math.sqrt(below / (hz[count - 2] ?? below)) : below * Math.SQRT2,
      );
    else edges.push(Math.sqrt(below * above));
  }
  return { rows: sorted.map((entry) => entry.row), hz, edges };
}

/** The first-order rows (λ1), by centre frequency. */
export function firstOrderAxis(paths: readonly PathMetaHz[]): BandAxis {
  return axisOf(
    paths.flatMap((path) =>
      path.order === 1 && path.xi1Hz !== null ? [{ row: path.row, hz: path.xi1Hz }] : [],
    ),
  );
}

/** The second-order rows of first-order filter `n1`, by modulation frequency λ2. */
export function secondOrderAxis(paths: readonly PathMetaHz[], n1: number): BandAxis {
  return axisOf(
    paths.flatMap((path) =>
      path.order === 2 && path.n1 === n1 && path.xi2Hz !== null
        ? [{ row: path.row, hz: path.xi2Hz }]
        : [],
    ),
  );
}

/** The distinct modulation frequencies λ2 of all second-order rows. */
export function modulationAxis(paths: readonly PathMetaHz[]): BandAxis {
  const seen = new Map<number, number>();
  for (const path of paths) {
    if (path.order === 2 && path.n2 !== null && path.xi2Hz !== null && !seen.has(path.n2))
      seen.set(path.n2, path.xi2Hz);
  }
  return axisOf([...seen].map(([n2, hz]) => ({ row: n2, hz })));
}

/** Index of the band whose edges hold `hz`, or -1 outside the axis. */
export function bandAt(axis: BandAxis, hz: number): number {
  const { edges } = axis;
  if (!(hz >= (edges[0] ?? Infinity)) || !(hz <= (edges[edges.length - 1] ?? -Infinity))) return -1;
  let band = 0;
  while (band < axis.hz.length - 1 && hz > (edges[band + 1] ?? Infinity)) band++;
  return band;
}
