/**
 * `scatterscope serve`'s command line: sources, recordings folder, address and port, and the
 * engine's starting parameters (checked as every analysing command checks them).
 */
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { DEFAULT_UI_ENGINE_PARAMS, type UiEngineParams } from '../../protocol/ui-messages.js';
import type { HostAnalysisSettings } from '../../engine/host/engine-params.js';
import { ENGINE_OPTIONS, parseEngineOptions, parseInteger } from '../engine-options.js';
import { UsageError } from '../errors.js';
import { parseCommandLine } from '../parse-command-line.js';

export const SERVE_OPTIONS = {
  source: { type: 'string', multiple: true },
  'record-dir': { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  ...ENGINE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export const DEFAULT_PORT = 7370;
const LOOPBACK = '127.0.0.1';

export interface ServeConfig {
  /** Address to listen on; `exposed`: given with --host, so a token is required. */
  readonly address: string;
  readonly exposed: boolean;
  readonly port: number;
  readonly mic: boolean;
  readonly files: readonly string[];
  readonly recordDir: string | undefined;
  readonly engine: UiEngineParams;
  readonly settings: HostAnalysisSettings;
}

/** The configuration, or 'help' for --help (then nothing else is checked). */
export function parseServeCommandLine(args: readonly string[]): ServeConfig | 'help' {
  const { values, positionals } = parseCommandLine(
    args,
    SERVE_OPTIONS,
    'scatterscope serve --help',
  );
  if (values.help === true) return 'help';
  if (positionals.length > 0)
    throw new UsageError(
      `serve takes no positional argument (got '${positionals.join(' ')}'); give files with --source FILE`,
    );
  const sources = values.source ?? [];
  if (sources.length === 0)
    throw new UsageError(
      'serve needs at least one --source mic|FILE (see scatterscope serve --help)',
    );
  const files = sources.filter((source) => source !== 'mic');
  for (const file of files)
    if (!existsSync(file)) throw new UsageError(`--source ${file}: no such file or folder`);
  if (values['record-dir']?.trim() === '') throw new UsageError('--record-dir needs a folder');
  const port = values.port === undefined ? DEFAULT_PORT : parseInteger('port', values.port);
  if (port < 0 || port > 65535)
    throw new UsageError(`--port must be from 0 to 65535 (got ${String(port)})`);
  const host = values.host;
  if (host?.trim() === '') throw new UsageError('--host needs an address');
  if (host !== undefined && isIP(host) === 0 && host !== 'localhost')
    throw new UsageError(
      `--host must be an IP address such as 0.0.0.0 or 192.168.1.20 (got '${host}')`,
    );
  const defaults = DEFAULT_UI_ENGINE_PARAMS;
  const choice = parseEngineOptions({
    ...values,
    J: values.J ?? String(defaults.J),
    Q: values.Q ?? `${String(defaults.Q1)},${String(defaults.Q2)}`,
    'max-order': values['max-order'] ?? String(defaults.maxOrder),
    oversampling: values.oversampling ?? String(defaults.oversampling),
  });
  const { params } = choice;
  return {
    address: host ?? LOOPBACK,
    exposed: host !== undefined,
    port,
    mic: sources.includes('mic'),
    files,
    recordDir: values['record-dir'],
    engine: {
      J: params.J,
      Q1: params.Q[0],
      Q2: params.Q[1],
      T: values.T === undefined ? null : params.T,
      oversampling: params.oversampling,
      maxOrder: params.maxOrder,
    },
    settings: { precision: choice.precision, channel: choice.channel },
  };
}
