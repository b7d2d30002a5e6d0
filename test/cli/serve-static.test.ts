/**
 * Which file a URL path names under the page's folder: nothing outside it, however the path is
 * spelt.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../src/cli/serve/static-files.js';

let dir: string;
let root: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scatterscope-static-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'main.js'), '');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  mkdirSync(join(dir, 'renderer-evil'));
  writeFileSync(join(dir, 'renderer-evil', 'x.js'), '');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
  symlinkSync(join(root, 'index.html'), join(root, 'assets', 'page.html'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('resolveStaticPath', () => {
  it('finds the page and its assets', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/main.js')).toBe(join(root, 'assets', 'main.js'));
    // A link that stays inside is fine.
    expect(resolveStaticPath(root, '/assets/page.html')).toBe(join(root, 'assets', 'page.html'));
  });

  it('names nothing outside the folder, nor a folder, nor a missing file', () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/../../secret.txt',
      '/..\\secret.txt',
      '/%5c..%5csecret.txt',
      '/../renderer-evil/x.js',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/assets',
      '/missing.js',
      '/assets/link.txt',
    ]) {
      expect(resolveStaticPath(root, path), path).toBeNull();
    }
  });
});
