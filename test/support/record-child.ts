/**
 * Where the recording child is, and how to run it with a file-size limit. It loads the built
 * recorder from dist/: `npm test` builds first; run `npm run build` before vitest alone.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const RECORD_SESSION_CHILD = fileURLToPath(
  new URL('./record-session-child.ts', import.meta.url),
);

/** One JSON line the child printed. */
export interface ChildLine {
  readonly event: 'progress' | 'status' | 'closed';
  readonly state?: string;
  readonly message?: string;
  readonly samples?: number;
  readonly appendedSamples?: number;
}

/**
 * Runs the child recording `seconds` of audio as fast as it can, with files limited to
 * `limitKiB` KiB (bash `ulimit -f`); returns its exit status and the lines it printed.
 */
export function recordWithFileSizeLimit(
  dir: string,
  seconds: number,
  limitKiB: number,
): { status: number | null; lines: ChildLine[]; stderr: string } {
  // SIGXFSZ ignored, as Node itself does (a write past the limit then fails with EFBIG); the
  // trap says so for any Node that would not.
  const script = `trap "" XFSZ; ulimit -f ${String(limitKiB)}; exec "$0" "$@"`;
  const result = spawnSync(
    'bash',
    ['-c', script, process.execPath, RECORD_SESSION_CHILD, dir, String(seconds), 'fast'],
    { encoding: 'utf8' },
  );
  if (result.error !== undefined) throw result.error;
  const lines = result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ChildLine);
  return { status: result.status, lines, stderr: result.stderr };
}
