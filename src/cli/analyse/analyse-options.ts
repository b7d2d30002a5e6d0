/**
 * The command line of `scatterscope analyse`, parsed and checked before any file is touched.
 */
import { extname, resolve } from 'node:path';
import {
  normalizeParams,
  ScatteringParamError,
  type Precision,
  type ScatteringOptions,
  type ScatteringParams,
} from '../../dsp/index.js';
import type { ChannelChoice } from '../../io/channel-mix.js';
import { UsageError } from '../errors.js';
import { parseCommandLine } from '../parse-command-line.js';

export const ANALYSE_OPTIONS = {
  out: { type: 'string', short: 'o' },
  J: { type: 'string' },
  Q: { type: 'string' },
  T: { type: 'string' },
  'max-order': { type: 'string' },
  oversampling: { type: 'string' },
  precision: { type: 'string' },
  channel: { type: 'string' },
  'sample-rate': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const DEFAULT_J = 8;
export const DEFAULT_Q: readonly [number, number] = [8, 1];

export type OutputFormat = 'npy' | 'csv';

export interface AnalyseRequest {
  readonly input: string;
  /** The data file (.npy or .csv) and its JSON sidecar (same path, .json). */
  readonly out: string;
  readonly sidecar: string;
  readonly format: OutputFormat;
  /** As given to the engine (defaults filled in), and as the engine normalised them. */
  readonly options: ScatteringOptions;
  readonly params: ScatteringParams;
  readonly precision: Precision;
  readonly channel: ChannelChoice;
  /** --sample-rate in Hz, or null when not given. */
  readonly sampleRate: number | null;
}

export type AnalyseCommandLine =
  { readonly help: true } | { readonly help: false; readonly request: AnalyseRequest };

function parseInteger(option: string, text: string): number {
  if (!/^[+-]?\d+$/.test(text.trim()))
    throw new UsageError(`--${option} must be an integer (got '${text}')`);
  return Number(text);
}

/** `8` meaning (8, 1), or a pair `8,2`. */
function parseQ(text: string): readonly [number, number] {
  const match = /^\s*([+-]?\d+)\s*(?:,\s*([+-]?\d+)\s*)?$/.exec(text);
  if (match === null)
    throw new UsageError(`--Q must be an integer or a pair such as 8,1 (got '${text}')`);
  return [Number(match[1]), match[2] === undefined ? 1 : Number(match[2])];
}

function parsePrecision(text: string | undefined): Precision {
  if (text === undefined || text === 'float32') return 'float32';
  if (text === 'float64') return 'float64';
  throw new UsageError(`--precision must be float32 or float64 (got '${text}')`);
}

function parseChannel(text: string | undefined): ChannelChoice {
  if (text === undefined || text === 'mix') return 'mix';
  if (!/^\d+$/.test(text.trim())) {
    throw new UsageError(`--channel must be 'mix' or a channel index from 0 (got '${text}')`);
  }
  return Number(text);
}

function parseSampleRate(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--sample-rate must be a positive number of Hz (got '${text}')`);
  }
  return value;
}

function outputFormat(out: string): OutputFormat {
  const extension = extname(out).toLowerCase();
  if (extension === '.npy') return 'npy';
  if (extension === '.csv') return 'csv';
  throw new UsageError(`--out must name a .npy or .csv file (got '${out}')`);
}

/** OUT.npy → OUT.json */
export function sidecarPath(out: string): string {
  return `${out.slice(0, out.length - extname(out).length)}.json`;
}

export function parseAnalyseCommandLine(args: readonly string[]): AnalyseCommandLine {
  const { values, positionals } = parseCommandLine(
    args,
    ANALYSE_OPTIONS,
    'scatterscope analyse --help',
  );
  if (values.help === true) return { help: true };
  if (positionals.length === 0)
    throw new UsageError('analyse needs an INPUT file (see scatterscope analyse --help)');
  if (positionals.length > 1) {
    throw new UsageError(
      `analyse takes one INPUT file, got ${String(positionals.length)}: ${positionals.join(' ')}`,
    );
  }
  const input = positionals[0] ?? '';
  const out = values.out;
  if (out === undefined || out === '') throw new UsageError('missing --out OUT.npy (or OUT.csv)');
  const format = outputFormat(out);
  const sidecar = sidecarPath(out);
  if (resolve(out) === resolve(input) || resolve(sidecar) === resolve(input)) {
    throw new UsageError(`--out ${out} would overwrite the input`);
  }

  const J = values.J === undefined ? DEFAULT_J : parseInteger('J', values.J);
  const options: ScatteringOptions = {
    J,
    Q: values.Q === undefined ? DEFAULT_Q : parseQ(values.Q),
    T: values.T === undefined ? 2 ** J : parseInteger('T', values.T),
    maxOrder:
      values['max-order'] === undefined ? 2 : parseInteger('max-order', values['max-order']),
    oversampling:
      values.oversampling === undefined ? 0 : parseInteger('oversampling', values.oversampling),
  };
  let params: ScatteringParams;
  try {
    params = normalizeParams(options);
  } catch (error) {
    // Out of range whatever the input: a usage error, worded by the engine.
    if (error instanceof ScatteringParamError) throw new UsageError(error.message);
    throw error;
  }
  return {
    help: false,
    request: {
      input,
      out,
      sidecar,
      format,
      options,
      params,
      precision: parsePrecision(values.precision),
      channel: parseChannel(values.channel),
      sampleRate: parseSampleRate(values['sample-rate']),
    },
  };
}
