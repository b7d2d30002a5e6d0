/**
 * The transform's row layout as data: shared by the engine, the worker, files on disk and the
 * renderer. Pure types and functions, no side effects.
 */

/**
 * One output row of the transform, as Kymatio's `meta()` describes it.
 * Frequencies are in cycles per sample (0.5 = Nyquist); multiply by the sample rate for Hz.
 * Fields of an order the row does not reach are null (order 0 has no n1, order 1 no n2).
 */
export interface PathMeta {
  readonly order: 0 | 1 | 2;
  readonly n1: number | null;
  readonly n2: number | null;
  readonly j1: number | null;
  readonly j2: number | null;
  readonly xi1: number | null;
  readonly sigma1: number | null;
  readonly xi2: number | null;
  readonly sigma2: number | null;
}

/** A row's metadata with its frequencies also in Hz (null when the sample rate is unknown). */
export interface PathMetaHz extends PathMeta {
  readonly row: number;
  readonly xi1Hz: number | null;
  readonly sigma1Hz: number | null;
  readonly xi2Hz: number | null;
  readonly sigma2Hz: number | null;
}

const toHz = (cyclesPerSample: number | null, sampleRate: number | null): number | null =>
  cyclesPerSample === null || sampleRate === null ? null : cyclesPerSample * sampleRate;

export function withHz(paths: readonly PathMeta[], sampleRate: number | null): PathMetaHz[] {
  return paths.map((path, row) => ({
    ...path,
    row,
    xi1Hz: toHz(path.xi1, sampleRate),
    sigma1Hz: toHz(path.sigma1, sampleRate),
    xi2Hz: toHz(path.xi2, sampleRate),
    sigma2Hz: toHz(path.sigma2, sampleRate),
  }));
}

function formatFrequency(cyclesPerSample: number, sampleRate: number | null): string {
  return sampleRate === null
    ? `${cyclesPerSample.toPrecision(6)}cps`
    : `${(cyclesPerSample * sampleRate).toPrecision(6)}Hz`;
}

/**
 * A short, stable name for a row, with no comma (it heads CSV columns): `S0`, `S1(1000.00Hz)`,
 * `S2(1000.00Hz x 4.00000Hz)` (carrier x modulation), with frequencies in cycles per sample
 * (`cps`) when the sample rate is unknown.
 */
export function pathLabel(path: PathMeta, sampleRate: number | null): string {
  if (path.order === 0 || path.xi1 === null) return 'S0';
  const first = formatFrequency(path.xi1, sampleRate);
  if (path.order === 1 || path.xi2 === null) return `S1(${first})`;
  return `S2(${first} x ${formatFrequency(path.xi2, sampleRate)})`;
}
