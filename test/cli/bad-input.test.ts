/**
 * Every bad input: exit code 1, one line naming the problem, no stack trace, and no output file
 * (nor a temporary one) left behind.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../src/io/npy.js';
import { assertBuilt, runCli, startCli, stderrLines } from '../support/cli.js';
import { sox } from '../support/sox.js';
import { float32Wav, pcm16Wav } from '../support/wav-builder.js';

const root = mkdtempSync(join(tmpdir(), 'cli-bad-input-'));
const inputs = join(root, 'inputs');
const J6 = ['--J', '6', '--Q', '8,1'];

beforeAll(() => {
  assertBuilt();
  mkdirSync(inputs);
  const tone = Array.from({ length: 8000 }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
  writeFileSync(join(inputs, 'good.wav'), pcm16Wav(tone));
  writeFileSync(join(inputs, 'stereo.wav'), pcm16Wav([...tone, ...tone], 2));
  writeFileSync(join(inputs, 'text.wav'), 'this is not audio\n');
  writeFileSync(join(inputs, 'truncated.wav'), pcm16Wav(tone).subarray(0, 30));
  sox([
    '-n',
    '-r',
    '8000',
    '-e',
    'ms-adpcm',
    '-c',
    '1',
    join(inputs, 'adpcm.wav'),
    'synth',
    '0.2',
    'sine',
    '440',
  ]);
  sox(['-n', '-r', '8000', '-b', '16', '-c', '1', join(inputs, 'empty.wav'), 'trim', '0', '0']);
  // NaN late in the file: the run is well under way (outputs open) when it is found.
  const withNaN = tone.map((v) => v / 32768);
  withNaN[7000] = Number.NaN;
  writeFileSync(join(inputs, 'nan.wav'), float32Wav(withNaN));
  writeFileSync(
    join(inputs, 'inf.npy'),
    encodeNpy(Float64Array.from({ length: 4000 }, (_, i) => (i === 3999 ? Infinity : 0.1))),
  );
  writeFileSync(join(inputs, 'matrix.npy'), encodeNpy(new Float64Array(6), [2, 3]));
  writeFileSync(join(inputs, 'short.npy'), encodeNpy(new Float64Array(50).fill(0.5)));
  writeFileSync(join(inputs, 'plain-file'), '');
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;

/** Runs analyse with its output in a fresh empty folder; checks the failure and that the folder stays empty. */
function expectFailure(
  input: string,
  extra: readonly string[],
  message: string | RegExp,
  outName = 'out.npy',
): void {
  const out = join(root, `out-${String(counter++)}`);
  mkdirSync(out);
  const result = runCli(['analyse', input, '--out', join(out, outName), ...J6, ...extra], inputs);
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  const lines = stderrLines(result);
  expect(lines).toHaveLength(1);
  if (typeof message === 'string') expect(lines[0]).toBe(`scatterscope: ${message}`);
  else expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(readdirSync(out)).toEqual([]);
}

describe('bad inputs', () => {
  it('a missing file', () => {
    expectFailure('missing.wav', [], 'cannot read missing.wav: no such file or folder');
  });

  it('a folder', () => {
    expectFailure('.', [], 'cannot read .: it is a folder');
  });

  it('not a WAV file', () => {
    expectFailure('text.wav', [], 'text.wav: not a WAV file (no RIFF/WAVE header)');
  });

  it('an unrecognised file', () => {
    expectFailure('plain-file', [], 'plain-file: the file is empty (0 bytes)');
  });

  it('a truncated header', () => {
    expectFailure('truncated.wav', [], 'truncated.wav: truncated WAV header');
  });

  it('an unsupported encoding', () => {
    expectFailure(
      'adpcm.wav',
      [],
      'adpcm.wav: unsupported WAV encoding: format tag 0x0002 (ADPCM)',
    );
  });

  it('NaN samples', () => {
    expectFailure(
      'nan.wav',
      [],
      'nan.wav: sample 7000 of channel 0 is NaN: the input must hold finite samples only',
    );
  });

  it('infinite samples in an .npy, written as CSV', () => {
    expectFailure(
      'inf.npy',
      [],
      'inf.npy: sample 3999 of channel 0 is Infinity: the input must hold finite samples only',
      'out.csv',
    );
  });

  it('an empty signal', () => {
    expectFailure('empty.wav', [], 'empty.wav has no audio samples (empty signal)');
  });

  it('an .npy that is not 1-D', () => {
    expectFailure(
      'matrix.npy',
      [],
      'matrix.npy: expected a 1-D .npy array of samples, got shape (2, 3)',
    );
  });

  it('T longer than the signal', () => {
    expectFailure(
      'good.wav',
      ['--T', '16384'],
      'T (16384 samples) is longer than the signal (8000 samples)',
    );
    expectFailure('short.npy', [], 'T (64 samples) is longer than the signal (50 samples)');
  });

  it('a channel the file does not have', () => {
    expectFailure(
      'stereo.wav',
      ['--channel', '2'],
      '--channel 2 is out of range: stereo.wav has 2 channels (0 to 1)',
    );
    expectFailure(
      'good.wav',
      ['--channel', '1'],
      '--channel 1 is out of range: good.wav has 1 channel (0 to 0)',
    );
  });

  it('--sample-rate contradicting a WAV header', () => {
    expectFailure(
      'good.wav',
      ['--sample-rate', '44100'],
      '--sample-rate 44100 contradicts the WAV header (8000 Hz); it is for .npy input',
    );
  });
});

describe('unwritable outputs', () => {
  it('a missing output folder', () => {
    const result = runCli(
      ['analyse', 'good.wav', '--out', join(root, 'nowhere', 'out.npy'), ...J6],
      inputs,
    );
    expect(result.status).toBe(1);
    expect(stderrLines(result)).toEqual([
      `scatterscope: cannot write ${join(root, 'nowhere', 'out.npy')}: folder ${join(root, 'nowhere')} does not exist`,
    ]);
  });

  it('an output path through a file', () => {
    const result = runCli(
      ['analyse', 'good.wav', '--out', join(inputs, 'plain-file', 'out.npy'), ...J6],
      inputs,
    );
    expect(result.status).toBe(1);
    expect(stderrLines(result)).toEqual([
      `scatterscope: cannot write ${join(inputs, 'plain-file', 'out.npy')}: a part of the path is not a folder`,
    ]);
  });

  it('an output that is a folder', () => {
    mkdirSync(join(root, 'taken.npy'));
    const result = runCli(['analyse', 'good.wav', '--out', join(root, 'taken.npy'), ...J6], inputs);
    expect(result.status).toBe(1);
    expect(stderrLines(result)).toEqual([
      `scatterscope: cannot write ${join(root, 'taken.npy')}: it is a folder`,
    ]);
  });
});

describe('interruption', () => {
  it('Ctrl-C (SIGINT) stops the run, exits 130 and leaves no output', async () => {
    // Long enough (5 minutes at 8 kHz, a few seconds of work) to be interrupted mid-run.
    const long = join(inputs, 'long.wav');
    sox(['-n', '-r', '8000', '-b', '16', '-c', '1', long, 'synth', '300', 'sine', '440']);
    const out = join(root, 'interrupted');
    mkdirSync(out);
    const child = startCli(['analyse', long, '--out', join(out, 'out.npy'), ...J6], inputs);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Interrupt once the outputs are open (their temporary files exist), i.e. during the transform.
    const deadline = Date.now() + 30_000;
    while (readdirSync(out).length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(out).some((name) => name.endsWith('.partial'))).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe('scatterscope: interrupted (SIGINT)\n');
    expect(readdirSync(out)).toEqual([]);
  });
});
