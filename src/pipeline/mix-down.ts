/**
 * The analysis channel of a multichannel block: one channel, or the mean of all of them.
 */
import type { AudioChunk } from './audio-source.js';

export type ChannelChoice = number | 'mix';

/** Mono samples of `chunk` for analysis. A new array: blocks go on to another thread. */
export function mixDown(chunk: AudioChunk, choice: ChannelChoice): Float32Array {
  const channels = chunk.channels;
  if (choice !== 'mix') {
    const channel = channels[choice];
    if (channel === undefined) {
      throw new RangeError(
        `channel ${String(choice)} does not exist (the source has ${String(channels.length)})`,
      );
    }
    return channel.slice();
  }
  const length = channels[0]?.length ?? 0;
  const out = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i] = (out[i] ?? 0) + (channel[i] ?? 0);
  }
  const scale = 1 / Math.max(1, channels.length);
  for (let i = 0; i < length; i++) out[i] = (out[i] ?? 0) * scale;
  return out;
}
