/**
 * Peak level of the audio since the last reading, in dBFS (0 dBFS = full scale).
 */
export class LevelMeter {
  private peak = 0;

  add(channels: readonly Float32Array[]): void {
    for (const channel of channels) {
      for (const value of channel) {
        const magnitude = Math.abs(value);
        if (magnitude > this.peak) this.peak = magnitude;
      }
    }
  }

  /** The peak since the last call, in dBFS (-120 for silence), and starts a new interval. */
  takeDbfs(): number {
    const db = this.peak > 0 ? 20 * Math.log10(this.peak) : -120;
    this.peak = 0;
    return Math.max(-120, db);
  }
}
