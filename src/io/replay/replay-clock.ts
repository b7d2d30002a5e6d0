/**
 * When each sample of a paced replay is due, on the performance.now() clock (ms).
 *
 * Due times are computed from an anchor (a time and the stream sample due then), never by adding
 * up waits: a late timer delays one block, not every block after it. Pausing, resuming, seeking
 * and changing speed set a new anchor.
 */
export class ReplayClock {
  private anchorTime = 0;
  private anchorSample = 0;

  constructor(
    /** Hz. */
    private readonly sampleRate: number,
    /** Playback speed: 1 is real time, 2 twice as fast. */
    private readonly speed: number,
  ) {}

  /** From now on, stream sample `sampleIndex` is due at `time` (ms). */
  anchor(sampleIndex: number, time: number): void {
    this.anchorSample = sampleIndex;
    this.anchorTime = time;
  }

  /** ms at which stream sample `sampleIndex` is due. */
  dueTime(sampleIndex: number): number {
    return (
      this.anchorTime + ((sampleIndex - this.anchorSample) * 1000) / (this.sampleRate * this.speed)
    );
  }
}
