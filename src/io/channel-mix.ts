/**
 * Turns the channels of a multichannel block into the one signal the transform takes.
 */

/** Which signal to analyse: the mean of all channels, or one channel by index (from 0). */
export type ChannelChoice = 'mix' | number;

/**
 * Writes the chosen signal for `frames` frames of `channels` into `out`.
 * 'mix' is the mean of the channels (so a mono file's mix is the file itself, bit for bit).
 */
export function selectChannel(
  channels: readonly Float64Array[],
  frames: number,
  choice: ChannelChoice,
  out: Float64Array,
): void {
  if (choice !== 'mix') {
    const source = channels[choice];
    if (source === undefined) throw new RangeError(`no channel ${String(choice)}`);
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
