/**
 * Replaying a recorded session reproduces it: the engine options and analysed channel default
 * to the session's own (from session.json and scattering.json), and a session captured live is
 * replayed as a live stream (an unknown past), as it was analysed when recorded.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionManifest } from '../../io/session/session-manifest.js';
import { SESSION_FILES } from '../../io/session/session-manifest.js';
import type { EngineOptionValues } from '../engine-options.js';

export interface SessionDefaults {
  readonly options: EngineOptionValues;
  /** Recorded from a device: replay as a live stream. */
  readonly live: boolean;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The session's defaults, or undefined when `path` is not a session folder with its manifest. */
export function sessionDefaults(path: string): SessionDefaults | undefined {
  try {
    if (!statSync(path).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const manifest = readJson(join(path, SESSION_FILES.manifest)) as
    Partial<SessionManifest> | undefined;
  if (manifest?.engine === undefined || manifest.engine === null) return undefined;
  const sidecar = readJson(join(path, SESSION_FILES.scatteringSidecar)) as
    { input?: { channel?: number | 'mix' } } | undefined;
  const { engine } = manifest;
  const channel = sidecar?.input?.channel;
  return {
    options: {
      J: String(engine.J),
      Q: `${String(engine.Q[0])},${String(engine.Q[1])}`,
      T: String(engine.T),
      'max-order': String(engine.maxOrder),
      oversampling: String(engine.oversampling),
      precision: engine.precision,
      ...(channel === undefined ? {} : { channel: String(channel) }),
    },
    live: manifest.device !== undefined && 'name' in manifest.device,
  };
}
