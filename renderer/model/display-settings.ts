/**
 * What the user chose for the display and the engine, kept between runs in localStorage.
 * Stored values are checked one by one: a bad or missing value falls back to its default.
 */
import { DEFAULT_UI_ENGINE_PARAMS, type UiEngineParams } from '../../src/protocol/ui-messages.js';
import { isColourMapName, type ColourMapName } from './colour-maps.js';

export interface DisplaySettings {
  readonly colourMap: ColourMapName;
  /** Scalogram colour range, dB re full-scale amplitude. */
  readonly floorDb: number;
  readonly ceilingDb: number;
  /** Second-order colour range: dB of S2, or of S2/S1 when normalised. */
  readonly s2FloorDb: number;
  readonly s2CeilingDb: number;
  readonly normalised: boolean;
  readonly engine: UiEngineParams;
  /** The user applied `engine` (it is sent to the host on connecting); else the host's own. */
  readonly engineChosen: boolean;
  /** Replay speed: a multiple of real time, or 0 for "as fast as possible". */
  readonly speed: number;
  readonly loop: boolean;
  readonly device: string | null;
}

export const DEFAULT_SETTINGS: DisplaySettings = {
  colourMap: 'viridis',
  floorDb: -80,
  ceilingDb: -10,
  s2FloorDb: -90,
  s2CeilingDb: -20,
  normalised: false,
  engine: DEFAULT_UI_ENGINE_PARAMS,
  engineChosen: false,
  speed: 1,
  loop: false,
  device: null,
};

/** The speeds the page's speed menu offers (index.html); 0 is "as fast as possible". */
export const REPLAY_SPEEDS: readonly number[] = [0.5, 1, 2, 4, 0];

const STORAGE_KEY = 'scatterscope.settings.v1';

/**
 * The engine's limits (src/dsp/params.ts: MAX_J, MAX_Q, T up to 2^MAX_J samples): stored
 * parameters are sent to the host on connecting, and one it refuses would be refused every run.
 */
const MAX_J = 16;
const MAX_Q = 32;

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;
const integerIn = (value: unknown, min: number, max: number, fallback: number): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
    ? value
    : fallback;

function engineFrom(value: unknown): UiEngineParams {
  const fallback = DEFAULT_UI_ENGINE_PARAMS;
  if (typeof value !== 'object' || value === null) return fallback;
  const stored = value as Record<string, unknown>;
  const J = integerIn(stored.J, 1, MAX_J, fallback.J);
  const T = stored.T === null ? null : integerIn(stored.T, 1, 2 ** MAX_J, 0) || null;
  return {
    J,
    Q1: integerIn(stored.Q1, 1, MAX_Q, fallback.Q1),
    Q2: integerIn(stored.Q2, 1, MAX_Q, fallback.Q2),
    T,
    // At most one frame per sample: hop = 2^(floor(log2 T) - oversampling) ≥ 1.
    oversampling: integerIn(
      stored.oversampling,
      0,
      Math.floor(Math.log2(T ?? 2 ** J)),
      fallback.oversampling,
    ),
    maxOrder: stored.maxOrder === 1 ? 1 : 2,
  };
}

export function loadSettings(storage: Storage): DisplaySettings {
  let stored: Record<string, unknown> = {};
  try {
    const text = storage.getItem(STORAGE_KEY);
    const parsed: unknown = text === null ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) stored = parsed as Record<string, unknown>;
  } catch {
    // Unreadable settings (another version, a hand edit): start from the defaults.
  }
  const d = DEFAULT_SETTINGS;
  return {
    colourMap: isColourMapName(stored.colourMap) ? stored.colourMap : d.colourMap,
    floorDb: numberOr(stored.floorDb, d.floorDb),
    ceilingDb: numberOr(stored.ceilingDb, d.ceilingDb),
    s2FloorDb: numberOr(stored.s2FloorDb, d.s2FloorDb),
    s2CeilingDb: numberOr(stored.s2CeilingDb, d.s2CeilingDb),
    normalised: stored.normalised === true,
    engine: engineFrom(stored.engine),
    engineChosen: stored.engineChosen === true,
    speed:
      typeof stored.speed === 'number' && REPLAY_SPEEDS.includes(stored.speed)
        ? stored.speed
        : d.speed,
    loop: stored.loop === true,
    device: typeof stored.device === 'string' ? stored.device : null,
  };
}

export function saveSettings(storage: Storage, settings: DisplaySettings): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Storage full or disabled: the settings last for this run only.
  }
}
