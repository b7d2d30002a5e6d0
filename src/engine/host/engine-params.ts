/**
 * The engine parameters a UI sends (`UiEngineParams`), checked by the same rules as the command
 * line's (the engine's own `normalizeParams`), and turned into the DSP worker's configuration.
 */
import { normalizeParams, ScatteringParamError, type ScatteringParams } from '../../dsp/index.js';
import {
  sessionEngineParamsOf,
  type SessionEngineParams,
} from '../../io/session/session-manifest.js';
import type { ChannelChoice } from '../../pipeline/mix-down.js';
import type { UiEngineParams } from '../../protocol/ui-messages.js';
import type { EngineConfig } from '../../protocol/worker-messages.js';

/** What the host's owner fixes for every analysis (from the command line or the app's settings). */
export interface HostAnalysisSettings {
  readonly precision: 'float32' | 'float64';
  /** The analysed signal: one channel, or the mean of all of them. */
  readonly channel: ChannelChoice;
}

/** Parameters that a UI asked for and that the engine accepts. */
export interface CheckedEngineParams {
  readonly ui: UiEngineParams;
  readonly params: ScatteringParams;
}

/** A parameter out of range, worded as the command line words it (`J must be an integer from 1 to 16 (got 40)`). */
export class EngineParamsError extends Error {
  override readonly name = 'EngineParamsError';
}

export function checkEngineParams(ui: UiEngineParams): CheckedEngineParams {
  try {
    const params = normalizeParams({
      J: ui.J,
      Q: [ui.Q1, ui.Q2],
      T: ui.T ?? 2 ** ui.J,
      maxOrder: ui.maxOrder,
      oversampling: ui.oversampling,
    });
    return { ui, params };
  } catch (error) {
    if (error instanceof ScatteringParamError)
      throw new EngineParamsError(`engine parameters: ${error.message}`);
    throw error;
  }
}

/** The parameters as a recording session stores them. */
export function sessionParams(
  engine: CheckedEngineParams,
  settings: HostAnalysisSettings,
): SessionEngineParams {
  return sessionEngineParamsOf(engine.params, settings.precision);
}

/**
 * The worker's configuration. Always a live stream ('latency' blocks, no known length): a
 * replay in the host can be paused, sought, looped and re-parametrised, so it has no fixed end.
 */
export function workerConfig(
  engine: CheckedEngineParams,
  settings: HostAnalysisSettings,
): EngineConfig {
  return { ...sessionParams(engine, settings), blocks: 'latency' };
}
