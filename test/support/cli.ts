/**
 * Runs the built `scatterscope` command (bin/scatterscope.js → dist/) as a user would.
 * `npm test` builds first; when running vitest alone, run `npm run build` after changing src.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestFile } from './newest-file.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'bin', 'scatterscope.js');
const BUILT_MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
/** Rewritten by every build of src/ that found something to do. */
const BUILD_INFO = join(ROOT, 'dist', 'tsbuild', 'src.tsbuildinfo');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails early, with the fix, when the build is missing or older than the sources. */
export function assertBuilt(): void {
  if (!existsSync(BUILT_MAIN)) throw new Error('the CLI is not built: run `npm run build` first');
  const built = statSync(BUILD_INFO).mtimeMs;
  const sources = Math.max(
    newestFile(join(ROOT, 'src', 'cli'), '.ts'),
    newestFile(join(ROOT, 'src', 'io'), '.ts'),
  );
  if (sources > built + 1000)
    throw new Error('dist/ is older than src/cli or src/io: run `npm run build` first');
}

export function runCli(args: readonly string[], cwd?: string): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: cwd ?? ROOT,
    encoding: 'utf8',
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting, for tests that interrupt it. */
export function startCli(args: readonly string[], cwd?: string): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: cwd ?? ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** stderr as lines, without the final empty one. */
export function stderrLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line !== '');
}
