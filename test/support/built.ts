/**
 * Modules that must run from the build (dist/): worker threads load compiled JavaScript, so
 * tests of the worker and the engine host import them from there.
 */
import type { EngineConfig } from '../../src/protocol/worker-messages.js';
import { assertBuilt } from './cli.js';

/** Imports `dist/<path>` (a path like 'src/worker/dsp-worker-client.js') after checking the build. */
export async function importBuilt<T>(path: string): Promise<T> {
  assertBuilt();
  return (await import(new URL(`../../dist/${path}`, import.meta.url).href)) as T;
}

/** A small, fast bank for tests of the live path. */
export const SMALL_ENGINE: EngineConfig = {
  J: 6,
  Q: [4, 1],
  maxOrder: 2,
  oversampling: 0,
  precision: 'float32',
  blocks: 'latency',
};
