/**
 * `scatterscope analyse` end to end: the same samples through WAV (written by sox) and .npy give
 * the same S; the output matches Kymatio's reference; the sidecar describes it; channels are
 * chosen or mixed; CSV holds the same numbers.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kymatioFrameGrid, normalizeParams, scatteringLayout } from '../../src/dsp/index.js';
import { csvColumnNames } from '../../src/io/csv.js';
import { encodeNpy, readNpy } from '../../src/io/npy.js';
import type { ScatteringFileMeta } from '../../src/protocol/scattering-file.js';
import { assertBuilt, runCli, stderrLines } from '../support/cli.js';
import { loadReferenceCase, REFERENCE_DIR } from '../support/kymatio-reference.js';
import { testSignal } from '../support/signals.js';
import { float64Bytes, sox, soxDecode } from '../support/sox.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-analyse-'));
const RATE = 16000;
/** 0.5 s at 16 kHz. */
const LENGTH = 8000;
const J6 = ['--J', '6', '--Q', '8,1'];

/** Samples that float32 holds exactly, so a 32-bit float WAV carries them unchanged. */
const samples = testSignal(LENGTH, 7).map((v) => Math.fround(0.3 * v));

function path(name: string): string {
  return join(dir, name);
}

function readSidecar(
  name: string,
): ScatteringFileMeta & { frameCount: number; data: { path: string; format: string } } {
  return JSON.parse(readFileSync(path(name), 'utf8')) as ScatteringFileMeta & {
    frameCount: number;
    data: { path: string; format: string };
  };
}

/** Largest |a - b| over the largest |b|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return worst / scale;
}

beforeAll(() => {
  assertBuilt();
  writeFileSync(path('signal.npy'), encodeNpy(samples));
  writeFileSync(path('signal.f64'), float64Bytes(samples));
  // sox converts the raw float64 samples to a 32-bit float WAV: an independent writer.
  sox([
    '-t',
    'f64',
    '-r',
    String(RATE),
    '-c',
    '1',
    path('signal.f64'),
    '-e',
    'floating-point',
    '-b',
    '32',
    path('signal.wav'),
  ]);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('analyse', () => {
  it('gives the same S for the same samples as a WAV (via sox) and as an .npy', () => {
    const fromWav = runCli(['analyse', 'signal.wav', '--out', 'wav.npy', ...J6], dir);
    expect(fromWav.status).toBe(0);
    const fromNpy = runCli(
      ['analyse', 'signal.npy', '--out', 'npy.npy', ...J6, '--sample-rate', String(RATE)],
      dir,
    );
    expect(fromNpy.status).toBe(0);
    const a = readNpy(readFileSync(path('wav.npy')));
    const b = readNpy(readFileSync(path('npy.npy')));
    expect(a.data).toBeInstanceOf(Float32Array);
    const params = normalizeParams({ J: 6, Q: [8, 1] });
    const rows = scatteringLayout(params).paths.length;
    const { frames } = kymatioFrameGrid(params, LENGTH);
    expect(a.shape).toEqual([rows, frames]);
    expect(b.shape).toEqual([rows, frames]);
    expect(relativeError(a.data, b.data)).toBeLessThanOrEqual(1e-6);
    // The summary: one line naming rows, frames, duration, speed and the output.
    const [summary] = stderrLines(fromWav);
    expect(stderrLines(fromWav)).toHaveLength(1);
    expect(summary).toMatch(
      new RegExp(
        `^scatterscope: wrote wav\\.npy and wav\\.json: ${String(rows)} rows × ${String(frames)} frames \\(float32\\) from 0\\.50 s of audio in [\\d.]+ s \\([\\d.]+× real time\\)$`,
      ),
    );
  });

  it('writes a sidecar that describes the input, parameters, frames and rows', () => {
    const result = runCli(
      ['analyse', 'signal.wav', '--out', 'meta.npy', ...J6, '--T', '32', '--oversampling', '1'],
      dir,
    );
    expect(result.status).toBe(0);
    const meta = readSidecar('meta.json');
    const params = normalizeParams({ J: 6, Q: [8, 1], T: 32, oversampling: 1 });
    const grid = kymatioFrameGrid(params, LENGTH);
    const layout = scatteringLayout(params);
    expect(meta.format).toBe('scatterscope-scattering');
    expect(meta.version).toBe(1);
    expect(meta.kymatio.compatibleWith).toMatch(/^kymatio master 11552ed5 \(0\.4\.0\.dev0\)/);
    expect(meta.input).toMatchObject({
      path: 'signal.wav',
      sampleRate: RATE,
      channels: 1,
      channel: 0,
      samples: LENGTH,
      durationSeconds: 0.5,
    });
    expect(meta.input.description).toBe('WAV, 32-bit float, 1 channel, 16000 Hz');
    expect(meta.params).toEqual({
      J: 6,
      Q: [8, 1],
      T: 32,
      maxOrder: 2,
      oversampling: 1,
      precision: 'float32',
    });
    expect(meta.hop).toBe(16);
    expect(meta.firstCentre).toBe(grid.firstCentre);
    expect(meta.shape).toEqual([layout.paths.length, grid.frames]);
    expect(meta.frameCount).toBe(grid.frames);
    expect(meta.data).toEqual({ path: 'meta.npy', format: 'npy' });
    expect(meta.frameCentreRule).toContain(`${String(grid.firstCentre)} + t * 16`);
    expect(meta.paths).toHaveLength(layout.paths.length);
    const row = meta.paths[5]!;
    expect(row).toMatchObject({ row: 5, order: 1, n1: 4 });
    expect(row.xi1Hz).toBeCloseTo(layout.paths[5]!.xi1! * RATE, 9);
    const second = meta.paths.at(-1)!;
    expect(second.order).toBe(2);
    expect(second.xi2Hz).toBeCloseTo(second.xi2! * RATE, 9);
    expect(readNpy(readFileSync(path('meta.npy'))).shape).toEqual(meta.shape);
  });

  it('leaves frequencies in cycles per sample when an .npy comes without --sample-rate', () => {
    const result = runCli(
      ['analyse', 'signal.npy', '--out', 'norate.csv', ...J6, '--max-order', '1'],
      dir,
    );
    expect(result.status).toBe(0);
    expect(stderrLines(result)[0]).toMatch(/from 8000 samples \(sample rate unknown\)/);
    const meta = readSidecar('norate.json');
    expect(meta.input.sampleRate).toBeNull();
    expect(meta.input.durationSeconds).toBeNull();
    expect(meta.paths[1]!.xi1Hz).toBeNull();
    const header = readFileSync(path('norate.csv'), 'utf8').split('\n')[0]!;
    expect(header.split(',').slice(0, 3)).toEqual([
      'centre_sample',
      'S0',
      expect.stringMatching(/^S1\([\d.]+cps\)$/),
    ]);
  });

  it("matches Kymatio's reference output (case a, float64)", () => {
    const reference = loadReferenceCase('a_J6_N4096_Q8-1');
    const result = runCli(
      [
        'analyse',
        `${REFERENCE_DIR}a_J6_N4096_Q8-1/signal.npy`,
        '--out',
        'kymatio.npy',
        '--J',
        '6',
        '--Q',
        '8,1',
        '--precision',
        'float64',
      ],
      dir,
    );
    expect(result.status).toBe(0);
    const got = readNpy(readFileSync(path('kymatio.npy')));
    expect(got.data).toBeInstanceOf(Float64Array);
    expect(got.shape).toEqual([...reference.shape]);
    const [rows, frames] = reference.shape;
    // Per row, relative to the row's largest value (the golden tests' float64 tolerance).
    for (let r = 0; r < rows; r++) {
      const want = reference.S.subarray(r * frames, (r + 1) * frames);
      expect(
        relativeError(got.data.subarray(r * frames, (r + 1) * frames), want),
      ).toBeLessThanOrEqual(1e-9);
    }
  });

  it('analyses one channel, or the mean of all', () => {
    sox([
      '-n',
      '-r',
      '8000',
      '-b',
      '16',
      '-c',
      '2',
      path('stereo.wav'),
      'synth',
      '0.5',
      'sine',
      '300',
      'whitenoise',
      'vol',
      '0.5',
    ]);
    const [left, right] = soxDecode(path('stereo.wav'), 2) as [Float64Array, Float64Array];
    writeFileSync(path('right.npy'), encodeNpy(right));
    writeFileSync(path('mean.npy'), encodeNpy(left.map((v, i) => (v + right[i]!) / 2)));
    const common = [...J6, '--precision', 'float64'];
    for (const [args, out] of [
      [['stereo.wav', '--channel', '1'], 'ch1.npy'],
      [['right.npy'], 'right-out.npy'],
      [['stereo.wav'], 'mix.npy'],
      [['mean.npy'], 'mean-out.npy'],
    ] as const) {
      expect(runCli(['analyse', ...args, '--out', out, ...common], dir).status).toBe(0);
    }
    const S = (name: string): Float32Array | Float64Array => readNpy(readFileSync(path(name))).data;
    expect(relativeError(S('ch1.npy'), S('right-out.npy'))).toBeLessThanOrEqual(1e-12);
    expect(relativeError(S('mix.npy'), S('mean-out.npy'))).toBeLessThanOrEqual(1e-12);
    expect(relativeError(S('mix.npy'), S('ch1.npy'))).toBeGreaterThan(1e-3);
    expect(readSidecar('mix.json').input.channel).toBe('mix');
    expect(readSidecar('ch1.json').input.channel).toBe(1);
  });

  it('writes CSV with the same numbers as the .npy, and the frame centre times', () => {
    expect(runCli(['analyse', 'signal.wav', '--out', 'table.csv', ...J6], dir).status).toBe(0);
    const meta = readSidecar('table.json');
    expect(meta.data.format).toBe('csv');
    // The same name with .npy: its sidecar (table.json again) replaces the CSV's.
    expect(runCli(['analyse', 'signal.wav', '--out', 'table.npy', ...J6], dir).status).toBe(0);
    const npy = readNpy(readFileSync(path('table.npy')));
    const [rows, frames] = npy.shape as [number, number];
    const lines = readFileSync(path('table.csv'), 'utf8').trimEnd().split('\n');
    const layout = scatteringLayout(normalizeParams({ J: 6, Q: [8, 1] }));
    expect(lines[0]).toBe(csvColumnNames(layout.paths, RATE).join(','));
    expect(lines).toHaveLength(frames + 1);
    for (let t = 0; t < frames; t++) {
      const cells = lines[t + 1]!.split(',').map(Number);
      expect(cells).toHaveLength(rows + 1);
      expect(cells[0]).toBeCloseTo((meta.firstCentre + t * meta.hop) / RATE, 12);
      for (let r = 0; r < rows; r++)
        expect(Math.fround(cells[r + 1]!)).toBe(npy.data[r * frames + t]);
    }
  });

  it('reads a truncated recording, with a warning', () => {
    const whole = readFileSync(path('signal.wav'));
    writeFileSync(path('cut.wav'), whole.subarray(0, whole.length - 1000));
    const result = runCli(['analyse', 'cut.wav', '--out', 'cut.npy', ...J6], dir);
    expect(result.status).toBe(0);
    const lines = stderrLines(result);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^scatterscope: warning: cut\.wav: the WAV data chunk declares 32000 bytes but the file holds 31000: reading the 7750 sample frames present/,
    );
    expect(readSidecar('cut.json').input.samples).toBe(7750);
  });

  it('replaces an existing output', () => {
    writeFileSync(path('again.npy'), 'old');
    expect(runCli(['analyse', 'signal.npy', '--out', 'again.npy', ...J6], dir).status).toBe(0);
    expect(readNpy(readFileSync(path('again.npy'))).shape[0]).toBeGreaterThan(1);
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(existsSync(path('signal.json'))).toBe(false);
  });
});
