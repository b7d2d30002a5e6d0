/**
 * The command line of `scatterscope analyse`, parsed and checked before any file is touched.
 */
import { extname, resolve } from 'node:path';
import type { Precision, ScatteringOptions, ScatteringParams } from '../../dsp/index.js';
import type { ChannelChoice } from '../../pipeline/mix-down.js';
import { ENGINE_OPTIONS, parseEngineOptions } from '../engine-options.js';
import { UsageError } from '../errors.js';
import { parseCommandLine } from '../parse-command-line.js';

export const ANALYSE_OPTIONS = {
  out: { type: 'string', short: 'o' },
  ...ENGINE_OPTIONS,
  'sample-rate': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

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

  const engine = parseEngineOptions(values);
  return {
    help: false,
    request: {
      input,
      out,
      sidecar,
      format,
      ...engine,
      sampleRate: parseSampleRate(values['sample-rate']),
    },
  };
}
