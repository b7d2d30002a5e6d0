/**
 * The scattering options every analysing command shares (analyse, record, replay): their
 * command-line spellings, defaults, and parsing into engine options.
 */
import {
  normalizeParams,
  ScatteringParamError,
  type Precision,
  type ScatteringOptions,
  type ScatteringParams,
} from '../dsp/index.js';
import type { ChannelChoice } from '../pipeline/mix-down.js';
import { sessionEngineParamsOf, type SessionEngineParams } from '../io/session/session-manifest.js';
import type { EngineConfig } from '../protocol/worker-messages.js';
import { UsageError } from './errors.js';

export const ENGINE_OPTIONS = {
  J: { type: 'string' },
  Q: { type: 'string' },
  T: { type: 'string' },
  'max-order': { type: 'string' },
  oversampling: { type: 'string' },
  precision: { type: 'string' },
  channel: { type: 'string' },
} as const;

export const DEFAULT_J = 8;
export const DEFAULT_Q: readonly [number, number] = [8, 1];

/** The parsed values of ENGINE_OPTIONS. */
export type EngineOptionValues = Partial<Record<keyof typeof ENGINE_OPTIONS, string>>;

export interface EngineChoice {
  /** As given to the engine (defaults filled in), and as the engine normalised them. */
  readonly options: ScatteringOptions;
  readonly params: ScatteringParams;
  readonly precision: Precision;
  readonly channel: ChannelChoice;
}

export function parseInteger(option: string, text: string): number {
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

/** Parses and checks the engine options; out-of-range values are usage errors. */
export function parseEngineOptions(values: EngineOptionValues): EngineChoice {
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
    options,
    params,
    precision: parsePrecision(values.precision),
    channel: parseChannel(values.channel),
  };
}

/** The parameters as a session records them. */
export function sessionEngineParams(choice: EngineChoice): SessionEngineParams {
  return sessionEngineParamsOf(choice.params, choice.precision);
}

/** The DSP worker's configuration for `choice`. */
export function workerEngineConfig(
  choice: EngineChoice,
  blocks: EngineConfig['blocks'],
  signalLength?: number,
): EngineConfig {
  return {
    ...sessionEngineParams(choice),
    blocks,
    ...(signalLength === undefined ? {} : { signalLength }),
  };
}
