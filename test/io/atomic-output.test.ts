/**
 * Output files appear whole or not at all.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AtomicOutputFile, discardPendingOutputs } from '../../src/io/atomic-output.js';
import { FileAccessError } from '../../src/io/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('AtomicOutputFile', () => {
  it('writes to a hidden temporary file in the same folder, renamed on commit', () => {
    const folder = join(dir, 'commit');
    mkdirSync(folder);
    const path = join(folder, 'out.npy');
    const file = new AtomicOutputFile(path);
    file.append(bytes('hello '));
    file.writeAt(bytes('HELLO'), 0);
    file.append(bytes('world'));
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(folder)).toEqual([file.temporaryPath.slice(folder.length + 1)]);
    expect(readdirSync(folder)[0]).toMatch(/^\.out\.npy\.\d+-[0-9a-f]{8}\.partial$/);
    file.commit();
    expect(readFileSync(path, 'utf8')).toBe('HELLO world');
    expect(readdirSync(folder)).toEqual(['out.npy']);
  });

  it('replaces an existing file only on commit', () => {
    const path = join(dir, 'existing.csv');
    writeFileSync(path, 'old');
    const file = new AtomicOutputFile(path);
    file.append(bytes('new'));
    expect(readFileSync(path, 'utf8')).toBe('old');
    file.commit();
    expect(readFileSync(path, 'utf8')).toBe('new');
  });

  it('leaves nothing behind when discarded', () => {
    const folder = join(dir, 'discard');
    mkdirSync(folder);
    const file = new AtomicOutputFile(join(folder, 'out.npy'));
    file.append(bytes('partial'));
    file.discard();
    file.discard();
    expect(readdirSync(folder)).toEqual([]);
  });

  it('discardPendingOutputs removes every file not yet committed', () => {
    const folder = join(dir, 'pending');
    mkdirSync(folder);
    const done = new AtomicOutputFile(join(folder, 'done.npy'));
    done.commit();
    new AtomicOutputFile(join(folder, 'a.npy')).append(bytes('x'));
    new AtomicOutputFile(join(folder, 'b.json'));
    discardPendingOutputs();
    expect(readdirSync(folder)).toEqual(['done.npy']);
  });

  it('refuses a missing folder, a folder as the output, and a path through a file', () => {
    expect(() => new AtomicOutputFile(join(dir, 'no', 'such', 'out.npy'))).toThrow(FileAccessError);
    expect(() => new AtomicOutputFile(join(dir, 'no', 'out.npy'))).toThrow(
      `cannot write ${join(dir, 'no', 'out.npy')}: folder ${join(dir, 'no')} does not exist`,
    );
    expect(() => new AtomicOutputFile(dir)).toThrow(`cannot write ${dir}: it is a folder`);
    const file = join(dir, 'plain.txt');
    writeFileSync(file, '');
    expect(() => new AtomicOutputFile(join(file, 'out.npy'))).toThrow(
      /a part of the path is not a folder/,
    );
  });
});
