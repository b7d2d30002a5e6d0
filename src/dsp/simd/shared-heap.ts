/**
 * Another module's WebAssembly memory (PFFFT's), where kernels work on that module's buffers in
 * place, and the work areas the engine keeps there.
 */
import type { WasmMemory } from './wasm-api.js';

/** Another module's memory, and its allocator. */
export interface SharedHeap {
  readonly memory: WasmMemory;
  /** `bytes` in that memory, 16-byte aligned, never freed; returns the address. */
  allocate(bytes: number): number;
}

/**
 * Work areas in a shared heap by purpose and size, made once and reused: the memory is never
 * freed, so streams that come and go must not each take their own.
 */
export class HeapWorkAreas implements FloatMemory {
  private readonly whole: MemoryView;
  private readonly areas = new Map<string, number>();

  constructor(private readonly shared: SharedHeap) {
    this.whole = new MemoryView(shared.memory);
  }

  /**
   * A work area of `bytes` for `purpose`, the same on every call: callers of one purpose must
   * never use it at the same time.
   */
  get(purpose: string, bytes: number): number {
    const key = `${purpose}:${String(bytes)}`;
    let at = this.areas.get(key);
    if (at === undefined) {
      at = this.shared.allocate(bytes);
      this.areas.set(key, at);
    }
    return at;
  }

  /** A float32 view of the whole memory: remade when the memory grows, so fetch it for each use. */
  view(): Float32Array {
    return this.whole.view();
  }
}

/** A WebAssembly memory seen as float32 values: a view remade whenever the memory grows. */
export interface FloatMemory {
  view(): Float32Array;
}

/**
 * A float32 view of a whole WebAssembly memory, remade when the memory has grown (growing
 * replaces its buffer, and the old views go empty).
 */
export class MemoryView implements FloatMemory {
  private heap: Float32Array = new Float32Array(0);

  constructor(private readonly memory: WasmMemory) {}

  view(): Float32Array {
    // Growing detaches the old buffer, which leaves its views empty: a check far cheaper than
    // the memory's buffer getter, run for every block of every stage.
    if (this.heap.length === 0) this.heap = new Float32Array(this.memory.buffer);
    return this.heap;
  }
}

/**
 * `length` float32 values at a fixed byte address of a WebAssembly memory, viewed afresh after
 * it grows (growing replaces the memory's buffer, and the old views go empty).
 */
export class HeapArray {
  private view: Float32Array = new Float32Array(0);

  constructor(
    private readonly memory: FloatMemory,
    readonly at: number,
    readonly length: number,
  ) {}

  get(): Float32Array {
    // Empty once the memory has grown (see MemoryView.view), or before the first call.
    if (this.view.length === 0) {
      this.view = this.memory.view().subarray(this.at >> 2, (this.at >> 2) + this.length);
    }
    return this.view;
  }
}
