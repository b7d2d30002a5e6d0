/**
 * A new, timestamped session folder name under a recordings folder: `2026-11-25_07-45-12`
 * (local time, sortable), with `-2`, `-3`… when that second already has one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const two = (n: number): string => String(n).padStart(2, '0');

export function sessionFolderName(time: Date): string {
  return `${String(time.getFullYear())}-${two(time.getMonth() + 1)}-${two(time.getDate())}_${two(time.getHours())}-${two(time.getMinutes())}-${two(time.getSeconds())}`;
}

/** A path under `recordings` that does not exist yet. */
export function newSessionFolder(recordings: string, time: Date): string {
  const base = sessionFolderName(time);
  let candidate = join(recordings, base);
  for (let n = 2; existsSync(candidate); n++) candidate = join(recordings, `${base}-${String(n)}`);
  return candidate;
}
