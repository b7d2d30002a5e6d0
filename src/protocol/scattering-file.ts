/**
 * The sidecar JSON written next to every scattering output (OUT.npy or OUT.csv → OUT.json):
 * enough to label, place in time and reproduce every row. Shared by the CLI, recordings and
 * the renderer.
 */
import { withHz, type PathMeta, type PathMetaHz } from './layout.js';

export const SCATTERING_FILE_FORMAT = 'scatterscope-scattering';
export const SCATTERING_FILE_VERSION = 1;

export interface ScatteringFileMeta {
  readonly format: typeof SCATTERING_FILE_FORMAT;
  readonly version: typeof SCATTERING_FILE_VERSION;
  readonly kymatio: { readonly compatibleWith: string; readonly note: string };
  readonly input: {
    readonly path: string;
    readonly description: string;
    /** Hz; null when the input carries none (.npy without --sample-rate). */
    readonly sampleRate: number | null;
    readonly channels: number;
    /** Which channel was analysed: a 0-based index, or "mix" (the mean of all channels). */
    readonly channel: number | 'mix';
    readonly samples: number;
    readonly durationSeconds: number | null;
  };
  readonly params: {
    readonly J: number;
    readonly Q: readonly [number, number];
    readonly T: number;
    readonly maxOrder: 1 | 2;
    readonly oversampling: number;
    readonly precision: 'float32' | 'float64';
  };
  /**
   * The data's shape, C order, its axes named by `axes`: [rows, frames] for `analyse`;
   * [frames, rows] (the transpose) for recordings, which grow one frame at a time.
   */
  readonly shape: readonly [number, number];
  readonly axes: ScatteringAxes;
  readonly hop: number;
  readonly firstCentre: number;
  /** How frame t maps to the input: in samples, and in seconds when the sample rate is known. */
  readonly frameCentreRule: string;
  readonly paths: readonly PathMetaHz[];
}

/** What the two dimensions of the data are, in order. */
export type ScatteringAxes = readonly ['row', 'frame'] | readonly ['frame', 'row'];

export const KYMATIO_COMPATIBILITY = {
  compatibleWith: 'kymatio master 11552ed5 (0.4.0.dev0), Scattering1D, NumPy frontend',
  note: 'PyPI kymatio 0.3.0 averages where 11552ed5 sums when periodizing filters: its S1 rows are these times 2^-k1, its S2 rows these times 2^-(k1+min(j2,s)).',
} as const;

export function scatteringFileMeta(args: {
  input: ScatteringFileMeta['input'];
  params: ScatteringFileMeta['params'];
  rows: number;
  frames: number;
  hop: number;
  firstCentre: number;
  paths: readonly PathMeta[];
  /** True for data stored frame by frame, shape [frames, rows]; default [rows, frames]. */
  frameMajor?: boolean;
}): ScatteringFileMeta {
  const frameMajor = args.frameMajor === true;
  const rate = args.input.sampleRate;
  const seconds =
    rate === null
      ? ''
      : `; in seconds: (${String(args.firstCentre)} + t * ${String(args.hop)}) / ${String(rate)}`;
  return {
    format: SCATTERING_FILE_FORMAT,
    version: SCATTERING_FILE_VERSION,
    kymatio: KYMATIO_COMPATIBILITY,
    input: args.input,
    params: args.params,
    shape: frameMajor ? [args.frames, args.rows] : [args.rows, args.frames],
    axes: frameMajor ? ['frame', 'row'] : ['row', 'frame'],
    hop: args.hop,
    firstCentre: args.firstCentre,
    frameCentreRule: `frame t is centred on input sample ${String(args.firstCentre)} + t * ${String(args.hop)}${seconds}`,
    paths: withHz(args.paths, rate),
  };
}
