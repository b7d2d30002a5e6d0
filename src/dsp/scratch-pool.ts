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
  private readonly addresses = new Map<string, number>();
  private childPool: ScratchPool | undefined;

  constructor(private readonly allocate: (length: number) => Sample) {}

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
   * A work area for `purpose` of `bytes` in another memory (the FFT library's, shared with SIMD
   * kernels), made by `allocate`: the same address on every call.
   */
  address(purpose: string, bytes: number, allocate: (bytes: number) => number): number {
    const key = `${purpose}:${String(bytes)}`;
    let at = this.addresses.get(key);
    if (at === undefined) {
      at = allocate(bytes);
      this.addresses.set(key, at);
    }
    return at;
  }

  /**
   * The pool of the stages that run inside this pool's blocks (a stage's decimated child runs
   * while the stage's spectrum is still being read): always the same one.
   */
  child(): ScratchPool {
    this.childPool ??= new ScratchPool(this.allocate);
    return this.childPool;
  }
}
