/**
 * The program run in-process with a fake terminal: the progress bar, interruption, and the
 * classification of errors into exit codes.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScatteringParamError } from '../../src/dsp/index.js';
import type { CommandContext, TextOutput } from '../../src/cli/console.js';
import { describeFailure, InterruptedError, UsageError } from '../../src/cli/errors.js';
import { runProgram } from '../../src/cli/program.js';
import { formatProgress, ProgressBar } from '../../src/cli/progress-bar.js';
import { FileFormatError } from '../../src/io/errors.js';
import { pcm16Wav } from '../support/wav-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-program-'));
/** 12 s at 8 kHz: over the 10 s from which a terminal gets a progress bar. */
const LONG = join(dir, 'long.wav');
const SHORT = join(dir, 'short.wav');

beforeAll(() => {
  writeFileSync(
    LONG,
    pcm16Wav(Array.from({ length: 96_000 }, (_, i) => Math.round(9000 * Math.sin(i / 3)))),
  );
  writeFileSync(
    SHORT,
    pcm16Wav(Array.from({ length: 8000 }, (_, i) => Math.round(9000 * Math.sin(i / 3)))),
  );
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

class FakeTerminal implements TextOutput {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 80,
  ) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
}

/** A clock that advances 150 ms per reading, so every progress update redraws. */
function context(
  stderr: FakeTerminal,
  signal = new AbortController().signal,
): CommandContext & { stdout: FakeTerminal } {
  let time = 0;
  return {
    stdout: new FakeTerminal(false),
    stderr,
    signal,
    now: () => (time += 150),
  };
}

describe('progress bar', () => {
  it('formats the fraction done, in seconds or samples', () => {
    expect(formatProgress(6000, 12000, 1000)).toBe(
      `analysing  50% [${'#'.repeat(15)}${'-'.repeat(15)}] 6.0 / 12.0 s`,
    );
    expect(formatProgress(12000, 12000, null)).toBe(
      `analysing 100% [${'#'.repeat(30)}] 12000 / 12000 samples`,
    );
  });

  it('redraws in place at most every 100 ms, never wider than the terminal, and clears itself', () => {
    const terminal = new FakeTerminal(true, 20);
    let time = 0;
    const bar = new ProgressBar(terminal, 100, null, () => time);
    bar.update(10);
    time += 50;
    bar.update(20);
    time += 60;
    bar.update(30);
    bar.clear();
    const draws = terminal.text.split('\r\x1b[K');
    expect(draws).toEqual(['', 'analysing  10% [###', 'analysing  30% [###', '']);
  });

  it('is drawn on a terminal for inputs over 10 s, then replaced by the summary', async () => {
    const stderr = new FakeTerminal(true);
    const code = await runProgram(
      ['analyse', LONG, '--out', join(dir, 'long.npy'), '--J', '6'],
      context(stderr),
    );
    expect(code).toBe(0);
    expect(stderr.text).toContain('analysing ');
    // The bar is erased (carriage return, erase line) before the summary is printed.
    const [beforeSummary, summary] = stderr.text.split('scatterscope: wrote ');
    expect(beforeSummary?.endsWith('\r\x1b[K')).toBe(true);
    expect(summary).toMatch(
      /^.*long\.npy and .*long\.json: \d+ rows × 1500 frames \(float32\) from 12\.00 s of audio in [\d.]+ s/,
    );
  });

  it('is not drawn when stderr is not a terminal, nor for short inputs', async () => {
    for (const [input, tty] of [
      [LONG, false],
      [SHORT, true],
    ] as const) {
      const stderr = new FakeTerminal(tty);
      expect(
        await runProgram(
          ['analyse', input, '--out', join(dir, 'quiet.npy'), '--J', '6'],
          context(stderr),
        ),
      ).toBe(0);
      expect(stderr.text).not.toContain('analysing');
      expect(stderr.text.split('\n')).toHaveLength(2);
    }
  });
});

describe('interruption', () => {
  it('an aborted run exits 130 and writes nothing', async () => {
    const controller = new AbortController();
    controller.abort('SIGINT');
    const out = mkdtempSync(join(dir, 'interrupted-'));
    const stderr = new FakeTerminal(false);
    const code = await runProgram(
      ['analyse', LONG, '--out', join(out, 'out.npy'), '--J', '6'],
      context(stderr, controller.signal),
    );
    expect(code).toBe(130);
    expect(stderr.text).toBe('scatterscope: interrupted (SIGINT)\n');
    expect(readdirSync(out)).toEqual([]);
  });

  it('SIGTERM exits 143', () => {
    expect(describeFailure(new InterruptedError('SIGTERM')).exitCode).toBe(143);
  });
});

describe('error classification', () => {
  it('user errors: one line, no stack', () => {
    expect(describeFailure(new UsageError('bad\noption'))).toEqual({
      exitCode: 2,
      message: 'bad option',
    });
    expect(describeFailure(new FileFormatError('truncated WAV header'))).toEqual({
      exitCode: 1,
      message: 'truncated WAV header',
    });
    expect(describeFailure(new ScatteringParamError('T is too long'))).toEqual({
      exitCode: 1,
      message: 'T is too long',
    });
  });

  it('bugs: non-zero, and the stack is kept', () => {
    const failure = describeFailure(new TypeError('x is undefined'));
    expect(failure.exitCode).toBe(1);
    expect(failure.message).toBe('internal error: x is undefined');
    expect(failure.stack).toContain('TypeError: x is undefined');
  });
});
