/**
 * An exponential (log-frequency) chirp: its instantaneous frequency climbs at a constant rate
 * in octaves per second, so on the scalogram's log axis it is a straight line whose row at any
 * time is known.
 */
import { writeFileSync } from 'node:fs';
import { pcm16Wav } from '../../support/wav-builder.js';

export interface Chirp {
  readonly sampleRate: number;
  readonly seconds: number;
  /** Frequency at the start and the end, Hz. */
  readonly startHz: number;
  readonly endHz: number;
}

/** Instantaneous frequency at `seconds` from the start, Hz. */
export function chirpHz(chirp: Chirp, seconds: number): number {
  const t = Math.min(Math.max(seconds, 0), chirp.seconds);
  return chirp.startHz * (chirp.endHz / chirp.startHz) ** (t / chirp.seconds);
}

/** Writes the chirp at half full scale as a mono 16-bit WAV. */
export function writeChirpWav(path: string, chirp: Chirp): void {
  const { sampleRate, seconds, startHz, endHz } = chirp;
  const rate = Math.log(endHz / startHz) / seconds;
  const count = Math.round(seconds * sampleRate);
  const samples: number[] = new Array<number>(count);
  for (let n = 0; n < count; n++) {
    const t = n / sampleRate;
    const phase = (2 * Math.PI * startHz * (Math.exp(rate * t) - 1)) / rate;
    samples[n] = Math.round(16384 * Math.sin(phase));
  }
  writeFileSync(path, pcm16Wav(samples, 1, sampleRate));
}
