/**
 * The analysis channel of a multichannel block: one channel, or the mean of all of them. One
 * rule for every path (files in `analyse`, live and replayed blocks), so that they agree.
 */
import type { AudioChunk } from './audio-source.js';

/** Which signal to analyse: the mean of all channels, or one channel by index (from 0). */
export type ChannelChoice = 'mix' | number;

type Samples = Float32Array | Float64Array;

/**
 * Writes the chosen signal for `frames` frames of `channels` into `out`.
 * 'mix' is the mean of the channels (so a mono signal's mix is the signal itself, bit for bit).
 */
export function selectChannel(
  channels: readonly Samples[],
  frames: number,
  choice: ChannelChoice,
  out: Samples,
): void {
  if (choice !== 'mix') {
    const source = channels[choice];
    if (source === undefined) {
      throw new RangeError(
        `channel ${String(choice)} does not exist (the source has ${String(channels.length)})`,
      );
    }
    out.set(source.subarray(0, frames));
    return;
  }
  const [first, ...rest] = channels;
  if (first === undefined) throw new RangeError('no channels to mix');
  out.set(first.subarray(0, frames));
  if (rest.length === 0) return;
  for (const channel of rest) {
    for (let i = 0; i < frames; i++) out[i] = (out[i] ?? 0) + (channel[i] ?? 0);
  }
  const count = channels.length;
  for (let i = 0; i < frames; i++) out[i] = (out[i] ?? 0) / count;
}

/** Mono samples of `chunk` for analysis. A new array: blocks go on to another thread. */
export function mixDown(chunk: AudioChunk, choice: ChannelChoice): Float32Array {
  const frames = chunk.channels[0]?.length ?? 0;
  const out = new Float32Array(frames);
  selectChannel(chunk.channels, frames, choice, out);
  return out;
}
