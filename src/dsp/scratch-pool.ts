/**
 * Work arrays shared by stages that never run at the same time.
 *
 * Stages of one cascade order run one block at a time, and a block's work arrays are dead once
 * its outputs have been handed on; but a stage's sink runs the next order's stages while the
 * stage's output array is still being read. So each cascade order gets its own pool, and within
 * it arrays are shared by size. This keeps a J = 12 bank's working memory to a few arrays per
 * FFT size instead of several per filter.
 */
import type { Sample } from './engine-types.js';

export class ScratchPool {
  private readonly arrays = new Map<string, Sample>();
  private childPool: ScratchPool | undefined;

  /**
   * @param role which stages use it ('first order', 'second order/child', …): pools of the same
   *   role in different streams never run at the same time, so they may share work areas that
   *   outlive a stream (the FFT library's, see SpectrumFold.scratch)
   */
  constructor(
    private readonly allocate: (length: number) => Sample,
    readonly role: string,
  ) {}

  /** A work array for `purpose` of exactly `length` values; the same one on every call. */
  get(purpose: string, length: number): Sample {
    const key = `${purpose}:${String(length)}`;
    let array = this.arrays.get(key);
    if (array === undefined) {
      array = this.allocate(length);
      this.arrays.set(key, array);
    }
    return array;
  }

  /**
   * The pool of the stages that run inside this pool's blocks (a stage's decimated child runs
   * while the stage's spectrum is still being read): always the same one.
   */
  child(): ScratchPool {
    this.childPool ??= new ScratchPool(this.allocate, `${this.role}/child`);
    return this.childPool;
  }
}
