/**
 * Test audio made by independent encoders from Debian: sox (WAV, FLAC, MP3, Vorbis) and ffmpeg
 * (libmp3lame, libvorbis, libopus), from a known synthetic signal.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { float64Bytes, sox } from './sox.js';

/** Runs ffmpeg quietly with `args`; throws with its stderr when it fails. */
export function ffmpeg(args: readonly string[]): void {
  const result = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) {
    throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr.toString()}`);
  }
}

/**
 * Interleaved frames of a 1 kHz + 300 Hz tone pair under a slow (2.5 Hz) swell, so that the
 * signal is not periodic and alignment by cross-correlation is unambiguous. Channel c has its
 * own mix of the two tones, so swapped channels are noticed. Peak below 0.9 full scale.
 */
export function twoTones(seconds: number, sampleRate: number, channels: number): Float64Array {
  const frames = Math.round(seconds * sampleRate);
  const out = new Float64Array(frames * channels);
  for (let i = 0; i < frames; i++) {
    const t = i / sampleRate;
    const swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * 2.5 * t);
    for (let c = 0; c < channels; c++) {
      const high = (c % 2 === 0 ? 0.5 : 0.25) * Math.sin(2 * Math.PI * 1000 * t);
      const low = (c % 2 === 0 ? 0.3 : 0.55) * Math.sin(2 * Math.PI * 300 * t + c);
      out[i * channels + c] = swell * (high + low);
    }
  }
  return out;
}

export interface ToneWav {
  readonly path: string;
  readonly sampleRate: number;
  readonly channels: number;
  readonly bits: number;
}

/** Writes the tone pair as a PCM WAV with sox (no dither: the file is deterministic). */
export function writeToneWav(
  dir: string,
  name: string,
  options: { seconds: number; sampleRate: number; channels: number; bits?: number },
): ToneWav {
  const { seconds, sampleRate, channels, bits = 16 } = options;
  const path = join(dir, name);
  const raw = float64Bytes(twoTones(seconds, sampleRate, channels));
  const format = ['-t', 'f64', '-r', String(sampleRate), '-c', String(channels), '-'];
  sox([...format, '-b', String(bits), '-D', path], raw);
  return { path, sampleRate, channels, bits };
}
