/**
 * Cuts decoded pieces of any length into blocks of a fixed number of samples per channel.
 */

/** Where the samples come from: the next piece (one array per channel), or null at the end. */
export type PieceReader = () => Promise<readonly Float32Array[] | null>;

export class BlockAssembler {
  /** The piece being cut, and how many of its frames are already in earlier blocks. */
  private piece: readonly Float32Array[] | null = null;
  private used = 0;

  constructor(
    private readonly channelCount: number,
    /** Samples per channel in every block but the last one of a stream. */
    private readonly blockSize: number,
  ) {}

  /**
   * The next block: full, or shorter when the reader ends first; null when nothing is left.
   * The arrays are new: the caller may keep them.
   */
  async next(read: PieceReader): Promise<Float32Array[] | null> {
    const block = Array.from({ length: this.channelCount }, () => new Float32Array(this.blockSize));
    let filled = 0;
    while (filled < this.blockSize) {
      if (this.piece === null || this.used >= (this.piece[0]?.length ?? 0)) {
        this.piece = await read();
        this.used = 0;
        if (this.piece === null) break;
        continue;
      }
      const take = Math.min(this.blockSize - filled, (this.piece[0]?.length ?? 0) - this.used);
      for (let c = 0; c < this.channelCount; c++) {
        const channel = this.piece[c];
        if (channel === undefined) throw new Error(`the piece has no channel ${String(c)}`);
        block[c]?.set(channel.subarray(this.used, this.used + take), filled);
      }
      this.used += take;
      filled += take;
    }
    if (filled === 0) return null;
    return filled === this.blockSize ? block : block.map((channel) => channel.slice(0, filled));
  }

  /** Forgets the piece being cut (after a seek, its samples are no longer next). */
  clear(): void {
    this.piece = null;
    this.used = 0;
  }
}
