/**
 * mkdir -p that reports the real reason: Node's recursive mkdirSync says ENOENT where the
 * parent is on a read-only file system (EROFS) or not writable, so climb one level at a time.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { errorCode } from '../errors.js';

export function makeFolder(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    makeFolder(parent);
    mkdirSync(dir);
  }
}
