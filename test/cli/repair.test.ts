/**
 * `scatterscope repair DIR` as a user runs it: one line of what was repaired and exit 0, one
 * line on stderr and exit 1 for what is not a session, exit 2 for a wrong command line.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionRecorder } from '../../src/io/session/session-recorder.js';
import { assertBuilt, runCli, stderrLines } from '../support/cli.js';
import { readSessionAudio, readSessionManifest } from '../support/session-check.js';

const root = mkdtempSync(join(tmpdir(), 'cli-repair-'));
beforeAll(() => {
  assertBuilt();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** 0.25 s of mono 8 kHz appended and never synced: the header still says 0 samples. */
function crashedSession(name: string): string {
  const dir = join(root, name);
  const recorder = new SessionRecorder({
    dir,
    sampleRate: 8000,
    channels: 1,
    device: { name: 'test' },
    syncIntervalMs: 3_600_000,
  });
  recorder.appendAudio({ channels: [new Float32Array(2000).fill(0.25)] });
  return dir;
}

describe('scatterscope repair', () => {
  it('repairs a crashed session and says what it fixed, in one line', () => {
    const dir = crashedSession('crashed');
    expect(readSessionAudio(dir).frames).toBe(0);
    const result = runCli(['repair', dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `repaired ${dir}: audio.wav sizes 0 → 2000 sample frames; session.json status recording → repaired; now 2000 samples (0.25 s), 0 frames\n`,
    );
    expect(readSessionAudio(dir).frames).toBe(2000);
    expect(readSessionManifest(dir).status).toBe('repaired');

    const again = runCli(['repair', dir]);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(
      `${dir}: nothing to repair (repaired, 2000 samples (0.25 s), 0 frames)\n`,
    );
  });

  it('fails with one line and exit 1 for a folder that is not a session', () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    for (const [dir, message] of [
      [empty, `scatterscope: ${empty} is not a recording session (no audio.wav or session.json)`],
      [
        join(root, 'missing'),
        `scatterscope: cannot read ${join(root, 'missing')}: no such file or folder`,
      ],
    ] as const) {
      const result = runCli(['repair', dir]);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(stderrLines(result)).toEqual([message]);
    }
  });

  it('usage: help, a missing or extra folder', () => {
    const help = runCli(['repair', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: scatterscope repair DIR\n/);
    expect(runCli(['help', 'repair']).stdout).toBe(help.stdout);
    expect(runCli(['--help']).stdout).toContain('repair DIR');
    expect(runCli(['transform']).stderr).toMatch(/\(commands: .*\brepair\b.*\)/);

    const missing = runCli(['repair']);
    expect(missing.status).toBe(2);
    expect(stderrLines(missing)).toEqual([
      'scatterscope: repair needs a session folder (see scatterscope repair --help)',
    ]);
    const extra = runCli(['repair', 'a', 'b']);
    expect(extra.status).toBe(2);
    expect(stderrLines(extra)).toEqual([
      'scatterscope: repair takes one session folder, got 2: a b',
    ]);
    expect(runCli(['repair', '--force', 'a']).status).toBe(2);
  });
});
