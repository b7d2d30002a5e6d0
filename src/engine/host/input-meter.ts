/**
 * The input's last ~100 ms for the waveform and level panel: min and max per display column,
 * peak and RMS in dBFS, and whether anything reached full scale. Fed every chunk (the analysed
 * signal: one channel or the mix), read at display rate.
 */
import { selectChannel, type ChannelChoice } from '../../pipeline/mix-down.js';
import type { AudioChunk } from '../../pipeline/audio-source.js';
import type { InputView } from '../../protocol/ui-messages.js';

/** Seconds of input a view covers. */
export const VIEW_SECONDS = 0.1;
/** Display columns of a view (each holds a min and a max). */
export const VIEW_COLUMNS = 200;

export class InputMeter {
  /** The last VIEW_SECONDS of the analysed signal, a ring: `write` is the next slot. */
  private readonly ring: Float32Array;
  private write = 0;
  /** Samples held (up to ring.length). */
  private held = 0;
  /** Whether samples came since the last view. */
  private fresh = false;
  /** A sample at or beyond full scale since the last view. */
  private clipped = false;
  private scratch = new Float32Array(0);

  constructor(
    sampleRate: number,
    private readonly channel: ChannelChoice,
  ) {
    this.ring = new Float32Array(Math.max(1, Math.round(sampleRate * VIEW_SECONDS)));
  }

  add(chunk: AudioChunk): void {
    const length = chunk.channels[0]?.length ?? 0;
    if (length === 0) return;
    if (this.scratch.length < length) this.scratch = new Float32Array(length);
    const mono = this.scratch.subarray(0, length);
    selectChannel(chunk.channels, length, this.channel, mono);
    // Only the last ring.length samples of a long chunk can stay.
    const start = Math.max(0, length - this.ring.length);
    for (let i = start; i < length; i++) {
      const x = mono[i] ?? 0;
      if (x >= 1 || x <= -1) this.clipped = true;
      this.ring[this.write] = x;
      this.write = (this.write + 1) % this.ring.length;
    }
    for (let i = 0; i < start; i++) {
      const x = mono[i] ?? 0;
      if (x >= 1 || x <= -1) this.clipped = true;
    }
    this.held = Math.min(this.ring.length, this.held + length);
    this.fresh = true;
  }

  /** The view, or null when no sample came since the last one (a paused or silent input). */
  takeView(sampleRate: number): InputView | null {
    if (!this.fresh || this.held === 0) return null;
    this.fresh = false;
    const columns = Math.min(VIEW_COLUMNS, this.held);
    const minMax = new Float32Array(columns * 2);
    const first = (this.write - this.held + this.ring.length) % this.ring.length;
    let peak = 0;
    let energy = 0;
    for (let c = 0; c < columns; c++) {
      const from = Math.floor((c * this.held) / columns);
      const to = Math.floor(((c + 1) * this.held) / columns);
      let min = Infinity;
      let max = -Infinity;
      for (let i = from; i < to; i++) {
        const x = this.ring[(first + i) % this.ring.length] ?? 0;
        if (x < min) min = x;
        if (x > max) max = x;
        energy += x * x;
        peak = Math.max(peak, Math.abs(x));
      }
      minMax[2 * c] = min;
      minMax[2 * c + 1] = max;
    }
    const view: InputView = {
      minMax,
      seconds: this.held / sampleRate,
      peakDb: toDb(peak),
      rmsDb: toDb(Math.sqrt(energy / this.held)),
      clipped: this.clipped,
    };
    this.clipped = false;
    return view;
  }
}

/** dBFS of an amplitude (full scale 1); null for silence, whose level is −∞. */
function toDb(amplitude: number): number | null {
  return amplitude > 0 ? 20 * Math.log10(amplitude) : null;
}
