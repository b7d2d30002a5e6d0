/**
 * The microphone source on a real PortAudio capture of the virtual microphone
 * (../shared/tools/virtual-mic.sh: a PulseAudio null sink, fed here with pacat).
 */
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudioChunk } from '../../src/pipeline/audio-source.js';
import { listInputDevices } from '../../src/io/mic/input-devices.js';
import { MicSource } from '../../src/io/mic/mic-source.js';
import {
  playIntoMic,
  SAMPLE_RATE,
  startVirtualMic,
  stopVirtualMic,
  tone,
} from '../support/virtual-mic.js';

beforeAll(() => {
  startVirtualMic();
}, 120_000);

afterAll(() => {
  // Leave the virtual microphone running for the other suites; restart it if a test stopped it.
  startVirtualMic();
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
