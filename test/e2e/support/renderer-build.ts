/**
 * The built page (dist/renderer) that `serve` hands out: rebuilt with Vite when missing or
 * older than any file under renderer/ or src/protocol/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestFile } from '../../support/newest-file.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUILT_PAGE = join(ROOT, 'dist', 'renderer', 'index.html');

export function ensureRendererBuilt(): void {
  const sources = Math.max(
    newestFile(join(ROOT, 'renderer')),
    newestFile(join(ROOT, 'src', 'protocol')),
  );
  if (existsSync(BUILT_PAGE) && statSync(BUILT_PAGE).mtimeMs >= sources) return;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`building the page failed: ${result.stderr}${result.stdout}`);
}
