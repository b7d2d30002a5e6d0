/**
 * Scatterscope's own package: the folder of its package.json and its version, found from this
 * file's location upwards, so that it is right whether the program runs from the build output
 * (dist/src/io) or from the sources (src/io), in a checkout or an installed app.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'scatterscope';

export interface OwnPackage {
  /** The folder holding package.json: the project's root. */
  readonly folder: string;
  /** Its manifest's version field, as found (a string in any sound checkout). */
  readonly version: unknown;
}

let found: OwnPackage | null | undefined;

/** The first folder above this file whose package.json is Scatterscope's; null if none is. */
export function ownPackage(): OwnPackage | null {
  if (found !== undefined) return found;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === PACKAGE_NAME) {
        found = { folder, version: manifest.version };
        return found;
      }
    } catch {
      // No package.json here: look further up.
    }
    const parent = dirname(folder);
    if (parent === folder) {
      found = null;
      return found;
    }
    folder = parent;
  }
}
