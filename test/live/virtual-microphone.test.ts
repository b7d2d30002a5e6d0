/**
 * Live capture on the virtual microphone of ../shared/tools (a PulseAudio null sink, fed here
 * with pacat): the microphone source in this process, and `scatterscope record` as a user runs
 * it. One file, so that no other test stops the shared microphone while these run; the tests
 * that take the microphone away come last.
 */
import { filter, firstValueFrom } from 'rxjs';
import type { AudioChunk } from '../../src/pipeline/audio-source.js';
import { listInputDevices } from '../../src/io/mic/input-devices.js';
import { MicSource } from '../../src/io/mic/mic-source.js';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../src/io/npy.js';
import { readWav } from '../../src/io/wav-reader.js';
import { spawn } from 'node:child_process';
import { assertBuilt, CLI, runCli, startCli } from '../support/cli.js';
import { float32Wav } from '../support/wav-builder.js';
import {
  playIntoMic,
  SAMPLE_RATE,
  startVirtualMic,
  stopVirtualMic,
  tone,
} from '../support/virtual-mic.js';

beforeAll(() => {
  assertBuilt();
  startVirtualMic();
}, 120_000);

afterAll(() => {
  startVirtualMic();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `path` exists (the recorder creates its files when capture starts). */
async function waitFor(path: string, timeoutMs = 10_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!existsSync(path)) {
    if (performance.now() > until) throw new Error(`${path} did not appear`);
    await sleep(20);
  }
}

/** `scatterscope record` into `dir` at the virtual microphone's rate, for `seconds` if given. */
function recordArgs(dir: string, J: number, seconds?: number): string[] {
  return [
    'record',
    '--out',
    dir,
    ...(seconds === undefined ? [] : ['--duration', String(seconds)]),
    '--J',
    String(J),
    '--rate',
    String(SAMPLE_RATE),
  ];
}

function exitOf(
  child: ReturnType<typeof startCli>,
): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

/** Silence before the marker click, in samples. */
const LEAD = 2400;

/**
 * A test signal: 50 ms of silence, a marker click to find it by, a 1 kHz tone, a 200 Hz to
 * 8 kHz chirp, then clicks; 1.55 s in all.
 */
function knownSignal(): Float32Array {
  const tonePart = tone(0.5, 1000, 0.5);
  const chirp = new Float32Array(SAMPLE_RATE / 2);
  for (let n = 0; n < chirp.length; n++) {
    const t = n / SAMPLE_RATE;
    chirp[n] = 0.4 * Math.sin(2 * Math.PI * (200 * t + ((8000 - 200) / (2 * 0.5)) * t * t));
  }
  const clicks = new Float32Array(SAMPLE_RATE / 2);
  for (let n = 0; n < clicks.length; n += 4800) clicks[n] = 0.9;
  const out = new Float32Array(tonePart.length + chirp.length + clicks.length);
  out.set(tonePart, 0);
  out.set(chirp, tonePart.length);
  out.set(clicks, tonePart.length + chirp.length);
  // The marker click, after 50 ms of silence: the start of a playback stream may be faded in.
  const marked = new Float32Array(LEAD + out.length);
  marked[LEAD] = 0.95;
  marked.set(out.subarray(1), LEAD + 1);
  return marked;
}

/**
 * Where `pattern` (which opens with its loudest sample, a click) lies in `signal`, and the
 * normalised cross-correlation there: the click gives the place to within a few samples, the
 * best correlation within ±8 samples of it the exact lag.
 */
function locate(signal: Float64Array, pattern: Float32Array): { ncc: number; at: number } {
  let click = 0;
  while (click < signal.length && Math.abs(signal[click]!) < 0.8) click++;
  const guess = click - LEAD;
  let best = { ncc: -1, at: guess };
  for (let at = Math.max(0, guess - 8); at <= guess + 8; at++) {
    if (at + pattern.length > signal.length) break;
    let dot = 0;
    let energy = 0;
    let patternEnergy = 0;
    for (let i = 0; i < pattern.length; i++) {
      dot += signal[at + i]! * pattern[i]!;
      energy += signal[at + i]! ** 2;
      patternEnergy += pattern[i]! ** 2;
    }
    const ncc = dot / Math.sqrt(energy * patternEnergy);
    if (ncc > best.ncc) best = { ncc, at };
  }
  return best;
}

describe('scatterscope record (virtual microphone)', () => {
  it('records what is played, intact and without gaps, with its scattering', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'scatterscope-record-')), 'session');
    const child = startCli(recordArgs(dir, 8, 3.5));
    const exit = exitOf(child);
    await waitFor(join(dir, 'audio.wav'));
    await sleep(300);
    const signal = knownSignal();
    await playIntoMic(signal);
    const { code, stderr } = await exit;
    expect(code, stderr).toBe(0);
    const wav = readWav(readFileSync(join(dir, 'audio.wav')));
    expect(wav.sampleRate).toBe(SAMPLE_RATE);
    // 3.5 s of capture, every sample kept.
    expect(wav.frames).toBeGreaterThan(3.3 * SAMPLE_RATE);
    expect(wav.frames).toBeLessThan(3.7 * SAMPLE_RATE);
    const found = locate(wav.channelData[0]!, signal);
    console.log(
      `played signal found at ${(found.at / SAMPLE_RATE).toFixed(3)} s, NCC ${found.ncc.toFixed(4)}`,
    );
    expect(found.ncc).toBeGreaterThanOrEqual(0.99);
    // The scattering frames: the S1 band nearest 1 kHz is the loudest first-order row during the tone.
    const meta = JSON.parse(readFileSync(join(dir, 'scattering.json'), 'utf8')) as {
      paths: { order: number; xi1Hz: number | null }[];
      hop: number;
      firstCentre: number;
    };
    const npy = readNpy(readFileSync(join(dir, 'scattering.npy')));
    const [frames, rows] = npy.shape as [number, number];
    expect(rows).toBe(meta.paths.length);
    const toneMiddle = found.at + LEAD + SAMPLE_RATE / 4;
    const frame = Math.round((toneMiddle - meta.firstCentre) / meta.hop);
    expect(frame).toBeGreaterThanOrEqual(0);
    expect(frame).toBeLessThan(frames);
    let loudest = -1;
    let loudestValue = -1;
    meta.paths.forEach((path, row) => {
      const value = npy.data[frame * rows + row]!;
      if (path.order === 1 && value > loudestValue) {
        loudestValue = value;
        loudest = row;
      }
    });
    const hz = meta.paths[loudest]!.xi1Hz!;
    console.log(`loudest first-order band during the tone: ${hz.toFixed(0)} Hz`);
    expect(Math.abs(Math.log2(hz / 1000))).toBeLessThan(0.15);
    const session = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as {
      status: string;
    };
    expect(session.status).toBe('complete');
  });

  it('is repaired after kill -9 with all audio up to at most 1 s before the kill', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'scatterscope-kill-')), 'session');
    const child = startCli(recordArgs(dir, 6));
    const exit = exitOf(child);
    await waitFor(join(dir, 'audio.wav'));
    const started = performance.now();
    await sleep(2500);
    const killedAfter = (performance.now() - started) / 1000;
    child.kill('SIGKILL');
    await exit;
    const repaired = runCli(['repair', dir]);
    expect(repaired.status, repaired.stderr).toBe(0);
    const wav = readWav(readFileSync(join(dir, 'audio.wav')));
    const seconds = wav.frames / SAMPLE_RATE;
    console.log(
      `killed after ${killedAfter.toFixed(2)} s of capture; repaired audio holds ${seconds.toFixed(2)} s`,
    );
    expect(seconds).toBeGreaterThanOrEqual(killedAfter - 1 - 0.3);
  });

  it('goes on analysing after a write error stops the recording, and says so', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'scatterscope-limit-')), 'session');
    // Files limited to 64 KiB (bash `ulimit -f`): about 0.3 s of 48 kHz mono float32, or of the
    // J = 6 frames, whichever fills first. SIGXFSZ
    // ignored, as Node does, so that the write fails with EFBIG.
    const child = spawn(
      'bash',
      [
        '-c',
        'trap "" XFSZ; ulimit -f 64; exec "$0" "$@"',
        process.execPath,
        CLI,
        ...recordArgs(dir, 6, 3),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stoppedAt = 0;
    child.stderr.on('data', (d: Buffer) => {
      if (stoppedAt === 0 && d.toString().includes('recording stopped')) {
        stoppedAt = performance.now();
      }
    });
    const exit = exitOf(child);
    await waitFor(join(dir, 'audio.wav'));
    const started = performance.now();
    const { code, stderr } = await exit;
    const ended = performance.now();
    console.log(
      `write error announced after ${(stoppedAt - started).toFixed(0)} ms; command ended after ${(ended - started).toFixed(0)} ms`,
    );
    expect(code).toBe(1);
    // The command's own lines (the audio libraries write theirs to stderr too).
    const lines = stderr.split('\n').filter((line) => line.startsWith('scatterscope:'));
    // Announced when it happened, not only at the end, then the summary and the error.
    expect(lines[0]).toMatch(
      /^scatterscope: recording stopped \(analysis goes on until the end of --duration\): cannot write .*(audio\.wav|scattering\.npy): file too large/,
    );
    expect(stoppedAt - started).toBeLessThan(1500);
    expect(lines.at(-1)).toMatch(
      /^scatterscope: the recording stopped early: cannot write .*(audio\.wav|scattering\.npy): file too large/,
    );
    // The analysis ran to the end of --duration: 3 s of audio analysed, not the 0.3 s recorded.
    const analysed = /analysed ([\d.]+) s \((\d+) frames/.exec(stderr);
    expect(analysed).not.toBeNull();
    expect(Number(analysed![1])).toBeGreaterThan(2.5);
    expect(Number(analysed![2])).toBeGreaterThan(0);
    expect(ended - started).toBeGreaterThan(2500);
    // What was written is intact and readable, and the session says why it is short.
    const wav = readWav(readFileSync(join(dir, 'audio.wav')));
    expect(wav.warnings).toEqual([]);
    expect(wav.frames).toBeGreaterThan(0.05 * SAMPLE_RATE);
    expect(wav.frames).toBeLessThanOrEqual((64 * 1024) / 4);
    const session = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as {
      status: string;
      error: string;
      counts: { samples: number };
    };
    expect(session.status).toBe('stopped-on-error');
    expect(session.error).toMatch(/file too large/);
    expect(session.counts.samples).toBe(wav.frames);
  });

  it('goes on analysing when the session folder is deleted, and puts the files back', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'scatterscope-vanish-')), 'session');
    const child = startCli(recordArgs(dir, 6, 3));
    const exit = exitOf(child);
    await waitFor(join(dir, 'audio.wav'));
    await sleep(1200);
    rmSync(dir, { recursive: true, force: true });
    const { code, stderr } = await exit;
    const lines = stderr.split('\n').filter((line) => line.startsWith('scatterscope:'));
    expect(code).toBe(1);
    expect(lines[0]).toMatch(
      /^scatterscope: recording stopped \(analysis goes on until the end of --duration\): .*the file was deleted; put back from the open files: audio\.wav, scattering\.npy$/,
    );
    const analysed = /analysed ([\d.]+) s/.exec(stderr);
    expect(Number(analysed?.[1])).toBeGreaterThan(2.5);
    // Everything captured before the deletion was noticed is back in the folder, readable.
    const wav = readWav(readFileSync(join(dir, 'audio.wav')));
    expect(wav.warnings).toEqual([]);
    expect(wav.frames).toBeGreaterThan(1.0 * SAMPLE_RATE);
    expect(wav.frames).toBeLessThan(2.6 * SAMPLE_RATE);
    const session = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as {
      status: string;
    };
    expect(session.status).toBe('stopped-on-error');
  });

  it('ends cleanly with complete files when the device is lost', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'scatterscope-lost-')), 'session');
    const child = startCli(recordArgs(dir, 6, 20));
    const exit = exitOf(child);
    await waitFor(join(dir, 'audio.wav'));
    await sleep(1500);
    await stopVirtualMic();
    const stopped = performance.now();
    const { code, stderr } = await exit;
    const after = performance.now() - stopped;
    console.log(
      `record ended ${after.toFixed(0)} ms after the device went away: ${stderr.trim().split('\n').at(-1) ?? ''}`,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/gone|lost/);
    expect(after).toBeLessThan(5000);
    const wav = readWav(readFileSync(join(dir, 'audio.wav')));
    expect(wav.frames).toBeGreaterThan(SAMPLE_RATE);
    const session = JSON.parse(readFileSync(join(dir, 'session.json'), 'utf8')) as {
      status: string;
    };
    expect(session.status).toBe('complete');
    startVirtualMic();
  });
});

/** Collects every chunk until `ms` have passed, then closes the source. */
async function capture(source: MicSource, ms: number): Promise<AudioChunk[]> {
  const chunks: AudioChunk[] = [];
  source.chunks$.subscribe((c) => chunks.push(c));
  await new Promise((resolve) => setTimeout(resolve, ms));
  await source.close();
  return chunks;
}

/** Frequency of the strongest of `candidates` (Hz) in `x`, by correlation with each. */
function strongest(x: Float32Array, candidates: number[]): number {
  let best = 0;
  let bestPower = -1;
  for (const hz of candidates) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < x.length; n++) {
      re += x[n]! * Math.cos((2 * Math.PI * hz * n) / SAMPLE_RATE);
      im += x[n]! * Math.sin((2 * Math.PI * hz * n) / SAMPLE_RATE);
    }
    if (re * re + im * im > bestPower) {
      bestPower = re * re + im * im;
      best = hz;
    }
  }
  return best;
}

describe('microphone source (virtual microphone)', () => {
  it('lists input devices with their host API, channels and default rate', () => {
    const devices = listInputDevices();
    const fallback = devices.find((d) => d.name === 'default' || d.name === 'pulse');
    expect(fallback).toBeDefined();
    expect(fallback!.channels).toBeGreaterThan(0);
    expect(fallback!.defaultSampleRate).toBeGreaterThan(0);
    expect(typeof fallback!.hostApi).toBe('string');
  });

  it('`devices --outputs` lists the outputs that replay --play can use', () => {
    const list = (...args: string[]) => {
      const result = runCli(['devices', '--json', ...args]);
      expect(result.status).toBe(0);
      return JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as {
        name: string;
        channels: number;
      }[];
    };
    const outputs = list('--outputs');
    expect(outputs.length).toBeGreaterThan(0);
    for (const device of outputs) expect(device.channels).toBeGreaterThan(0);
    // The null sink takes playback: PulseAudio's device is an output too.
    expect(outputs.map((d) => d.name)).toContain(
      list().find((d) => d.name === 'pulse' || d.name === 'default')?.name,
    );
  });

  it('captures what is played, in order and without gaps', async () => {
    const source = new MicSource({ sampleRate: SAMPLE_RATE, format: 'float32' });
    const running = firstValueFrom(source.status$.pipe(filter((s) => s.state === 'running')));
    const chunks = capture(source, 2500);
    await running;
    await playIntoMic(tone(1, 1000));
    const received = await chunks;
    let expected = 0;
    for (const chunk of received) {
      expect(chunk.sampleIndex).toBe(expected);
      expected += chunk.channels[0]!.length;
    }
    // 2.5 s minus the driver's start-up: the count shows no samples were lost or invented.
    expect(expected).toBeGreaterThan(1.5 * SAMPLE_RATE);
    expect(expected).toBeLessThan(2.6 * SAMPLE_RATE);
    const all = new Float32Array(expected);
    received.forEach((c) => all.set(c.channels[0]!, c.sampleIndex));
    let peak = 0;
    for (const v of all) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeGreaterThan(0.4);
    const loud = all.filter((_, i) => Math.abs(all[i]!) > 0.1);
    expect(strongest(loud.subarray(0, 24_000), [250, 500, 1000, 2000, 4000])).toBe(1000);
  });

  it('closes promptly while capturing', async () => {
    const source = new MicSource({ sampleRate: SAMPLE_RATE });
    await firstValueFrom(source.status$.pipe(filter((s) => s.state === 'running')));
    const started = performance.now();
    await source.close();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('hears `replay --play` on the monitor: the file, intact, at the device pace', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'scatterscope-play-'));
    const file = join(folder, 'signal.wav');
    const signal = knownSignal();
    writeFileSync(file, float32Wav(Array.from(signal), 1, SAMPLE_RATE));
    const source = new MicSource({ sampleRate: SAMPLE_RATE });
    await firstValueFrom(source.status$.pipe(filter((s) => s.state === 'running')));
    const chunks: AudioChunk[] = [];
    source.chunks$.subscribe((c) => chunks.push(c));
    const started = performance.now();
    const player = startCli(['replay', file, '--play', '--J', '6']);
    const { code, stderr } = await exitOf(player);
    const seconds = (performance.now() - started) / 1000;
    // The sound server's own buffers: the end reaches the monitor a little after the command ends.
    await sleep(600);
    await source.close();
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/played on the default output/);
    const heard = new Float64Array(chunks.reduce((n, c) => n + c.channels[0]!.length, 0));
    const first = chunks[0]?.sampleIndex ?? 0;
    for (const c of chunks) heard.set(c.channels[0]!, c.sampleIndex - first);
    const found = locate(heard, signal);
    console.log(
      `replay --play of ${(signal.length / SAMPLE_RATE).toFixed(2)} s took ${seconds.toFixed(2)} s; heard at ${(found.at / SAMPLE_RATE).toFixed(3)} s, NCC ${found.ncc.toFixed(4)}`,
    );
    expect(found.ncc).toBeGreaterThanOrEqual(0.99);
    // Paced by the device: not faster than real time (unpaced, this replay runs at 5 to 10x).
    const factor = /\(([\d.]+)x real time\)/.exec(stderr);
    expect(factor).not.toBeNull();
    expect(Number(factor![1])).toBeLessThanOrEqual(1.02);
    expect(seconds).toBeGreaterThan(signal.length / SAMPLE_RATE);
  });

  // Last in this file: PortAudio keeps its device list from start-up, so a stream opened later
  // in this process would not find the restarted daemon's device.
  it('raises device-lost within 1 s when the device goes away, and stops cleanly', async () => {
    const source = new MicSource({ sampleRate: SAMPLE_RATE });
    await firstValueFrom(source.status$.pipe(filter((s) => s.state === 'running')));
    let lastChunkAt = performance.now();
    source.chunks$.subscribe(() => (lastChunkAt = performance.now()));
    const stopping = stopVirtualMic();
    const lost = await firstValueFrom(
      source.status$.pipe(filter((s) => s.state === 'device-lost')),
    );
    const detectedAfter = performance.now() - lastChunkAt;
    console.log(
      `device-lost ${detectedAfter.toFixed(0)} ms after the last audio: ${lost.message ?? ''}`,
    );
    expect(detectedAfter).toBeLessThan(1000);
    const closing = performance.now();
    await source.close();
    expect(performance.now() - closing).toBeLessThan(2500);
    await stopping;
  });
});
