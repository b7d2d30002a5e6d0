/**
 * Runs Debian's `sox`: an independent encoder and decoder to check the WAV reader against.
 */
import { spawnSync } from 'node:child_process';

/** Runs sox with `args`; returns its stdout. Throws with sox's stderr when it fails. */
export function sox(args: readonly string[], input?: Uint8Array): Buffer {
  const result = spawnSync('sox', args, {
    ...(input === undefined ? {} : { input }),
    maxBuffer: 1 << 28,
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `sox ${args.join(' ')} failed (${String(result.status)}): ${result.stderr.toString()}`,
    );
  }
  return result.stdout;
}

/** sox's own decode of a file: one Float64Array per channel, as `sox in -t f64 -` gives it. */
export function soxDecode(path: string, channels: number): Float64Array[] {
  const bytes = sox([path, '-t', 'f64', '-']);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames = bytes.length / 8 / channels;
  const out = Array.from({ length: channels }, () => new Float64Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) out[c]![i] = view.getFloat64(8 * (i * channels + c), true);
  }
  return out;
}

/** Raw little-endian float64 bytes of interleaved samples, for `sox -t f64 ...` input. */
export function float64Bytes(samples: Float64Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 8);
  const view = new DataView(bytes.buffer);
  samples.forEach((value, i) => {
    view.setFloat64(8 * i, value, true);
  });
  return bytes;
}
