/**
 * The command line itself: help, version, and every malformed command, each refused with one
 * line on stderr and exit code 2, before any file is read or written.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, stderrLines } from '../support/cli.js';
import { pcm16Wav } from '../support/wav-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-usage-'));
beforeAll(() => {
  assertBuilt();
  writeFileSync(join(dir, 'in.wav'), pcm16Wav(new Array<number>(4000).fill(100)));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('help and version', () => {
  it('--help prints the program help on stdout', () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const result = runCli(args);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: scatterscope <command>/);
      expect(result.stdout).toContain('analyse INPUT --out OUT.npy');
      expect(result.stderr).toBe('');
    }
  });

  it('each command has its own help', () => {
    for (const args of [
      ['analyse', '--help'],
      ['analyse', '-h'],
      ['help', 'analyse'],
      ['analyze', '--help'],
    ]) {
      const result = runCli(args);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: scatterscope analyse INPUT --out OUT.npy/);
      expect(result.stdout).toContain('--sample-rate HZ');
    }
  });

  it('--version prints the package version', () => {
    const result = runCli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^scatterscope \d+\.\d+\.\d+\n$/);
  });
});

describe('usage errors: exit 2, one line, nothing written', () => {
  const cases: readonly (readonly [string, readonly string[], string | RegExp])[] = [
    ['no command', [], 'scatterscope: missing command (see scatterscope --help)'],
    [
      'unknown command',
      ['transform'],
      // Every command is listed; which there are is the business of each command's own tests.
      /^scatterscope: unknown command 'transform' \(commands: analyse(, [a-z]+)*\)$/,
    ],
    [
      'unknown global option',
      ['--verbose'],
      "scatterscope: unknown option '--verbose' (see scatterscope --help)",
    ],
    [
      'unknown option',
      ['analyse', 'in.wav', '--out', 'o.npy', '--bogus'],
      "scatterscope: unknown option '--bogus' (see scatterscope analyse --help)",
    ],
    [
      'missing INPUT',
      ['analyse', '--out', 'o.npy'],
      'scatterscope: analyse needs an INPUT file (see scatterscope analyse --help)',
    ],
    [
      'two inputs',
      ['analyse', 'in.wav', 'in2.wav', '--out', 'o.npy'],
      'scatterscope: analyse takes one INPUT file, got 2: in.wav in2.wav',
    ],
    ['missing --out', ['analyse', 'in.wav'], 'scatterscope: missing --out OUT.npy (or OUT.csv)'],
    [
      '--out without value',
      ['analyse', 'in.wav', '--out'],
      'scatterscope: option --out needs a value',
    ],
    [
      '--out of another type',
      ['analyse', 'in.wav', '--out', 'o.txt'],
      "scatterscope: --out must name a .npy or .csv file (got 'o.txt')",
    ],
    [
      '--out over the input',
      ['analyse', 'in.npy', '--out', 'in.npy'],
      'scatterscope: --out in.npy would overwrite the input',
    ],
    [
      'J = 0',
      ['analyse', 'in.wav', '--out', 'o.npy', '--J', '0'],
      'scatterscope: J must be an integer from 1 to 16 (got 0)',
    ],
    [
      'J not a number',
      ['analyse', 'in.wav', '--out', 'o.npy', '--J', 'eight'],
      "scatterscope: --J must be an integer (got 'eight')",
    ],
    [
      'J negative',
      ['analyse', 'in.wav', '--out', 'o.npy', '--J=-3'],
      'scatterscope: J must be an integer from 1 to 16 (got -3)',
    ],
    [
      'Q = 0',
      ['analyse', 'in.wav', '--out', 'o.npy', '--Q', '0'],
      'scatterscope: Q1 must be an integer from 1 to 32 (got 0)',
    ],
    [
      'Q2 = 0',
      ['analyse', 'in.wav', '--out', 'o.npy', '--Q', '8,0'],
      'scatterscope: Q2 must be an integer from 1 to 32 (got 0)',
    ],
    [
      'Q malformed',
      ['analyse', 'in.wav', '--out', 'o.npy', '--Q', '8;1'],
      "scatterscope: --Q must be an integer or a pair such as 8,1 (got '8;1')",
    ],
    [
      'T = 0',
      ['analyse', 'in.wav', '--out', 'o.npy', '--T', '0'],
      'scatterscope: T must be a number of samples from 1 to 65536 (got 0)',
    ],
    [
      'max order 3',
      ['analyse', 'in.wav', '--out', 'o.npy', '--max-order', '3'],
      'scatterscope: max order must be an integer from 1 to 2 (got 3)',
    ],
    [
      'oversampling too large',
      ['analyse', 'in.wav', '--out', 'o.npy', '--J', '4', '--oversampling', '5'],
      'scatterscope: oversampling must be an integer from 0 to 4 (got 5)',
    ],
    [
      'precision',
      ['analyse', 'in.wav', '--out', 'o.npy', '--precision', 'float16'],
      "scatterscope: --precision must be float32 or float64 (got 'float16')",
    ],
    [
      'channel',
      ['analyse', 'in.wav', '--out', 'o.npy', '--channel', 'left'],
      "scatterscope: --channel must be 'mix' or a channel index from 0 (got 'left')",
    ],
    [
      'sample rate',
      ['analyse', 'in.wav', '--out', 'o.npy', '--sample-rate', '-8000'],
      /^scatterscope: option --sample-rate needs a value/,
    ],
    [
      'sample rate 0',
      ['analyse', 'in.wav', '--out', 'o.npy', '--sample-rate', '0'],
      "scatterscope: --sample-rate must be a positive number of Hz (got '0')",
    ],
    [
      'flag with a value',
      ['analyse', 'in.wav', '--out', 'o.npy', '--help=yes'],
      'scatterscope: option --help does not take a value',
    ],
  ];

  for (const [name, args, message] of cases) {
    it(name, () => {
      const result = runCli(args, dir);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      const lines = stderrLines(result);
      expect(lines).toHaveLength(1);
      if (typeof message === 'string') expect(lines[0]).toBe(message);
      else expect(lines[0]).toMatch(message);
      expect(readdirSync(dir)).toEqual(['in.wav']);
    });
  }
});
