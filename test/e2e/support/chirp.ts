/**
 * An exponential (log-frequency) chirp: its instantaneous frequency climbs at a constant rate
 * in octaves per second, so on the scalogram's log axis it is a straight line whose row at any
 * time is known. A slow tremolo gives the second order a modulation to show.
 */
import { writeFileSync } from 'node:fs';
import { pcm16Wav } from '../../support/wav-builder.js';

export interface Chirp {
  readonly sampleRate: number;
  readonly seconds: number;
  /** Frequency at the start and the end, Hz. */
  readonly startHz: number;
  readonly endHz: number;
  /** Amplitude modulation: rate in Hz and depth (0: none, 1: full). */
  readonly tremoloHz: number;
  readonly tremoloDepth: number;
}

/** Instantaneous frequency at `seconds` from the start, Hz. */
export function chirpHz(chirp: Chirp, seconds: number): number {
  const t = Math.min(Math.max(seconds, 0), chirp.seconds);
  return chirp.startHz * (chirp.endHz / chirp.startHz) ** (t / chirp.seconds);
}

/** Writes the chirp, peaking at half full scale, as a mono 16-bit WAV. */
export function writeChirpWav(path: string, chirp: Chirp): void {
  const { sampleRate, seconds, startHz, endHz, tremoloHz, tremoloDepth } = chirp;
  const rate = Math.log(endHz / startHz) / seconds;
  const count = Math.round(seconds * sampleRate);
  const samples: number[] = new Array<number>(count);
  for (let n = 0; n < count; n++) {
    const t = n / sampleRate;
    const phase = (2 * Math.PI * startHz * (Math.exp(rate * t) - 1)) / rate;
    const envelope = 1 - tremoloDepth * (0.5 - 0.5 * Math.cos(2 * Math.PI * tremoloHz * t));
    samples[n] = Math.round(16384 * envelope * Math.sin(phase));
  }
  writeFileSync(path, pcm16Wav(samples, 1, sampleRate));
}
