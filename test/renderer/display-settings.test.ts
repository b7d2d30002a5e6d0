/**
 * Settings kept between runs: what was saved comes back; what is missing, corrupt, from another
 * version or out of range falls back to its default, value by value, and never throws. Engine
 * parameters that come back are ones the engine accepts (they are sent to the host on
 * connecting), and a replay speed that comes back is one the speed menu offers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkEngineParams } from '../../src/engine/host/engine-params.js';
import type { UiEngineParams } from '../../src/protocol/ui-messages.js';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  REPLAY_SPEEDS,
  saveSettings,
  type DisplaySettings,
} from '../../renderer/model/display-settings.js';

const KEY = 'scatterscope.settings.v1';

/** Web Storage over a Map, as a browser keeps a page's localStorage. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** Storage as a browser gives it with storage disabled or full: every access throws. */
class RefusingStorage extends MemoryStorage {
  override getItem(): string | null {
    throw new DOMException('The operation is insecure.', 'SecurityError');
  }
  override setItem(): void {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
}

function storageHolding(text: string): Storage {
  const storage = new MemoryStorage();
  storage.setItem(KEY, text);
  return storage;
}

const stored = (value: unknown): DisplaySettings =>
  loadSettings(storageHolding(JSON.stringify(value)));

const engineAccepted = (engine: UiEngineParams): boolean => {
  try {
    checkEngineParams(engine);
    return true;
  } catch {
    return false;
  }
};

const CHOSEN: DisplaySettings = {
  colourMap: 'magma',
  floorDb: -100,
  ceilingDb: 0,
  s2FloorDb: -60,
  s2CeilingDb: -5,
  normalised: true,
  engine: { J: 12, Q1: 12, Q2: 2, T: 8192, oversampling: 2, maxOrder: 1 },
  engineChosen: true,
  speed: 0,
  loop: true,
  device: 'USB Audio CODEC',
};

describe('loadSettings', () => {
  it('gives the defaults on a first run', () => {
    expect(loadSettings(new MemoryStorage())).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({
      colourMap: 'viridis',
      floorDb: -80,
      ceilingDb: -10,
      speed: 1,
      engineChosen: false,
      device: null,
    });
  });

  it('gives back what was saved', () => {
    const storage = new MemoryStorage();
    saveSettings(storage, CHOSEN);
    expect(loadSettings(storage)).toEqual(CHOSEN);
    saveSettings(storage, DEFAULT_SETTINGS);
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
  });

  it('falls back to the defaults for text that is not a settings object', () => {
    for (const text of ['{"floorDb": -60', '', 'undefined', 'null', '42', '"viridis"', '[1,2]']) {
      expect(loadSettings(storageHolding(text)), text).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('falls back to the defaults when storage cannot be read, and saving to it does not throw', () => {
    const storage = new RefusingStorage();
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
    expect(() => {
      saveSettings(storage, CHOSEN);
    }).not.toThrow();
  });

  it('keeps the good values of settings from another version and replaces the bad ones', () => {
    const settings = stored({
      colourMap: 'jet',
      floorDb: '-60',
      ceilingDb: -20,
      s2FloorDb: null,
      normalised: 'yes',
      engine: 'J=10',
      engineChosen: 1,
      speed: '2',
      loop: true,
      device: 3,
      retired: { option: true },
    });
    expect(settings).toEqual({
      ...DEFAULT_SETTINGS,
      ceilingDb: -20,
      loop: true,
    });
  });

  it('replaces a dB bound that JSON could not hold (±Infinity and NaN are saved as null)', () => {
    const storage = new MemoryStorage();
    saveSettings(storage, { ...DEFAULT_SETTINGS, floorDb: -Infinity, ceilingDb: Number.NaN });
    const settings = loadSettings(storage);
    expect(settings.floorDb).toBe(-80);
    expect(settings.ceilingDb).toBe(-10);
  });

  it('keeps each replay speed the speed menu offers, "max" (0) included', () => {
    for (const speed of REPLAY_SPEEDS) expect(stored({ speed }).speed).toBe(speed);
  });

  it('offers in REPLAY_SPEEDS exactly the speed menu of the page', () => {
    const page = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const menu = /<select data-testid="speed"[^>]*>([\s\S]*?)<\/select>/.exec(page)?.[1] ?? '';
    const offered = [...menu.matchAll(/<option value="([^"]*)"/g)].map((match) => Number(match[1]));
    expect(offered.length).toBeGreaterThan(0);
    expect([...offered].sort()).toEqual([...REPLAY_SPEEDS].sort());
  });

  it('replaces a replay speed the speed menu does not offer (the host refuses ≤ 0)', () => {
    for (const speed of [-1, 3, 1e6, 0.25, null, 'max']) expect(stored({ speed }).speed).toBe(1);
  });

  it('keeps engine parameters the engine accepts', () => {
    const engines: UiEngineParams[] = [
      { J: 1, Q1: 1, Q2: 1, T: null, oversampling: 0, maxOrder: 2 },
      { J: 16, Q1: 32, Q2: 32, T: 65_536, oversampling: 16, maxOrder: 1 },
      { J: 8, Q1: 4, Q2: 2, T: 3000, oversampling: 11, maxOrder: 2 },
    ];
    for (const engine of engines) {
      expect(engineAccepted(engine)).toBe(true);
      expect(stored({ engine, engineChosen: true }).engine).toEqual(engine);
    }
  });

  it('replaces a J, Q or oversampling out of range with its default', () => {
    const d = DEFAULT_SETTINGS.engine;
    expect(stored({ engine: { ...d, J: 40 } }).engine).toEqual(d);
    expect(stored({ engine: { ...d, J: 0 } }).engine).toEqual(d);
    expect(stored({ engine: { ...d, J: 10.5 } }).engine).toEqual(d);
    expect(stored({ engine: { ...d, Q1: 0 } }).engine).toEqual(d);
    expect(stored({ engine: { ...d, Q1: 33 } }).engine).toEqual(d);
    expect(stored({ engine: { ...d, Q2: -1 } }).engine).toEqual(d);
    expect(stored({ engine: { ...d, oversampling: -1 } }).engine).toEqual(d);
    // Oversampling is bounded by log2 T: 11 frames per T is more than 2^10 samples allow.
    expect(stored({ engine: { ...d, J: 10, oversampling: 11 } }).engine).toEqual(d);
    expect(stored({ engine: { ...d, J: 10, maxOrder: 3 } }).engine).toEqual(d);
  });

  it('reads T as 2^J when it is missing, zero or not a whole number of samples', () => {
    const d = DEFAULT_SETTINGS.engine;
    for (const T of [undefined, 0, 2.5, -4, 'auto', 1e9])
      expect(stored({ engine: { ...d, T } }).engine.T).toBeNull();
    expect(stored({ engine: { ...d, T: 4096 } }).engine.T).toBe(4096);
  });

  it('only ever gives back engine parameters the engine accepts', () => {
    const values = [-1, 0, 1, 2, 6, 11, 16, 17, 32, 33, 2.5];
    for (const J of values)
      for (const Q1 of values)
        for (const oversampling of values)
          for (const T of [null, 1, 100, 4096, 70_000]) {
            const engine = stored({
              engine: { J, Q1, Q2: Q1, T, oversampling, maxOrder: 2 },
            }).engine;
            expect(engineAccepted(engine), JSON.stringify(engine)).toBe(true);
          }
  });
});
