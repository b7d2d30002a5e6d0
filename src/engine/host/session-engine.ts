/**
 * The engine parameters a recorded session was analysed with (its session.json), so that
 * replaying it shows what was recorded, as `scatterscope replay` does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SESSION_FILES, type SessionManifest } from '../../io/session/session-manifest.js';
import type { UiEngineParams } from '../../protocol/ui-messages.js';

/**
 * The session's parameters (unchecked: the caller checks them as any UI's), or null when
 * `folder` has no readable session.json with them.
 */
export function sessionEngine(folder: string): UiEngineParams | null {
  try {
    const manifest = JSON.parse(
      readFileSync(join(folder, SESSION_FILES.manifest), 'utf8'),
    ) as Partial<SessionManifest>;
    const engine = manifest.engine;
    if (engine === undefined || engine === null) return null;
    return {
      J: engine.J,
      Q1: engine.Q[0],
      Q2: engine.Q[1],
      // T = 2^J is the default, which the UI shows as such.
      T: engine.T === 2 ** engine.J ? null : engine.T,
      oversampling: engine.oversampling,
      maxOrder: engine.maxOrder,
    };
  } catch {
    // Unreadable, not JSON, or not shaped as a manifest: no parameters to adopt.
    return null;
  }
}
