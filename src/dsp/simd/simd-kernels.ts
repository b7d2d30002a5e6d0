/**
 * Float32 dot products in WebAssembly SIMD, for the direct third stage (direct-lowpass.ts).
 *
 * A direct low-pass output is Σ_k φ[k]·u[c + k] over thousands of taps; JavaScript does one
 * multiply-add at a time, this kernel four, with two accumulators in flight. Products and
 * partial sums are float32 within runs of 64 taps (all terms there are ≥ 0: a Gaussian times a
 * modulus, so no cancellation), and the runs are summed in float64.
 *
 * The module is a few hundred bytes, written out below instruction by instruction (the text
 * form is in the comments), so it needs no toolchain and compiles synchronously.
 */

/** The parts of the WebAssembly API used here (the dsp layer compiles without DOM types). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (
    module: object,
    imports: object,
  ) => {
    readonly exports: Record<string, unknown>;
  };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE_BYTES = 65536;

// Opcodes (WebAssembly core and SIMD specifications).
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const VOID = 0x40;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const F32_LOAD = 0x2a;
const I32_CONST = 0x41;
const I32_LT_U = 0x49;
const I32_GT_U = 0x4b;
const I32_GE_U = 0x4f;
const I32_ADD = 0x6a;
const I32_AND = 0x71;
const I32_SHL = 0x74;
const F32_MUL = 0x94;
const F64_ADD = 0xa0;
const F64_PROMOTE_F32 = 0xbb;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00];
const V128_CONST = [SIMD, 0x0c];
const F32X4_EXTRACT_LANE = [SIMD, 0x1f];
const F32X4_ADD = [SIMD, 0xe4, 0x01];
const F32X4_MUL = [SIMD, 0xe6, 0x01];
const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

// dot(taps: i32, data: i32, n: i32) -> f64, byte addresses of two float32 arrays of n values.
const TAPS = 0;
const DATA = 1;
const N = 2;
const I = 3; // byte offset
const END_VECTORS = 4; // byte offset where the 8-wide part ends
const END_RUN = 5; // byte offset where the current run of 64 values ends
const ACC0 = 6;
const ACC1 = 7;
const SUM = 8;

/** Adds a float32x4 lane by lane to SUM (as float64). */
const addLanes = (acc: number): number[] =>
  [0, 1, 2, 3].flatMap((lane) => [
    LOCAL_GET,
    acc,
    ...F32X4_EXTRACT_LANE,
    lane,
    F64_PROMOTE_F32,
    LOCAL_GET,
    SUM,
    F64_ADD,
    LOCAL_SET,
    SUM,
  ]);

/** acc += taps[i + offset..] · data[i + offset..] (four lanes). */
const multiplyAdd = (acc: number, offset: number): number[] => [
  LOCAL_GET,
  acc,
  LOCAL_GET,
  TAPS,
  LOCAL_GET,
  I,
  I32_ADD,
  ...V128_LOAD,
  0,
  offset,
  LOCAL_GET,
  DATA,
  LOCAL_GET,
  I,
  I32_ADD,
  ...V128_LOAD,
  0,
  offset,
  ...F32X4_MUL,
  ...F32X4_ADD,
  LOCAL_SET,
  acc,
];

const zero = (local: number): number[] => [
  ...V128_CONST,
  ...new Array<number>(16).fill(0),
  LOCAL_SET,
  local,
];

// prettier-ignore
const DOT_BODY: number[] = [
  // locals: i, endVectors, endRun: i32; acc0, acc1: v128; sum: f64
  3, 3, I32, 2, V128, 1, F64,
  // endVectors = (n & ~7) << 2
  LOCAL_GET, N, I32_CONST, 0x78 /* -8 */, I32_AND, I32_CONST, 2, I32_SHL, LOCAL_SET, END_VECTORS,
  BLOCK, VOID,
  LOOP, VOID,
  // if i >= endVectors: done with the vectors
  LOCAL_GET, I, LOCAL_GET, END_VECTORS, I32_GE_U, BR_IF, 1,
  // endRun = min(i + 256, endVectors): 64 values
  LOCAL_GET, I, I32_CONST, 0x80, 0x02, I32_ADD, LOCAL_TEE, END_RUN, LOCAL_GET, END_VECTORS, I32_GT_U,
  IF, VOID, LOCAL_GET, END_VECTORS, LOCAL_SET, END_RUN, END,
  ...zero(ACC0),
  ...zero(ACC1),
  LOOP, VOID,
  ...multiplyAdd(ACC0, 0),
  ...multiplyAdd(ACC1, 16),
  // i += 32 bytes; continue while i < endRun
  LOCAL_GET, I, I32_CONST, 32, I32_ADD, LOCAL_TEE, I, LOCAL_GET, END_RUN, I32_LT_U, BR_IF, 0,
  END,
  ...addLanes(ACC0),
  ...addLanes(ACC1),
  BR, 0,
  END,
  END,
  // The last n mod 8 values, one at a time.
  BLOCK, VOID,
  LOOP, VOID,
  LOCAL_GET, I, LOCAL_GET, N, I32_CONST, 2, I32_SHL, I32_GE_U, BR_IF, 1,
  LOCAL_GET, TAPS, LOCAL_GET, I, I32_ADD, F32_LOAD, 2, 0,
  LOCAL_GET, DATA, LOCAL_GET, I, I32_ADD, F32_LOAD, 2, 0,
  F32_MUL, F64_PROMOTE_F32, LOCAL_GET, SUM, F64_ADD, LOCAL_SET, SUM,
  LOCAL_GET, I, I32_CONST, 4, I32_ADD, LOCAL_SET, I,
  BR, 0,
  END,
  END,
  LOCAL_GET, SUM,
  END,
];

/** Unsigned LEB128, as every length in the binary format. */
function uleb(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    bytes.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return bytes;
}

const section = (id: number, content: number[]): number[] => [
  id,
  ...uleb(content.length),
  ...content,
];
const name = (text: string): number[] => [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];

function moduleBytes(): Uint8Array {
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 3, I32, I32, I32, 1, F64]), // type 0: (i32, i32, i32) -> f64
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0x00, 1]), // one memory, one page to start, growable
    ...section(7, [2, ...name('dot'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...uleb(DOT_BODY.length), ...DOT_BODY]),
  ]);
}

/**
 * A dot-product kernel with its own memory: tap sets are stored once, and each data window is
 * copied in before its product (a memcpy, small beside the products).
 */
export class SimdDot {
  private readonly dotFn: (taps: number, data: number, n: number) => number;
  private readonly memory: WasmMemory;
  private heap: Float32Array;
  /** Byte address of the next free byte; the data window lives at the end of what is used. */
  private used = 0;
  private windowAt = 0;
  private windowLength = 0;
  private readonly tapSets = new WeakMap<Float64Array, number>();

  private constructor(api: WasmApi) {
    const instance = new api.Instance(new api.Module(moduleBytes()), {});
    this.dotFn = instance.exports.dot as (taps: number, data: number, n: number) => number;
    this.memory = instance.exports.memory as WasmMemory;
    this.heap = new Float32Array(this.memory.buffer);
  }

  /** The kernel, or undefined where WebAssembly SIMD is not available. */
  static create(): SimdDot | undefined {
    const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (api === undefined) return undefined;
    try {
      return new SimdDot(api);
    } catch {
      return undefined;
    }
  }

  /**
   * Stores a symmetric filter given by one side (side[k] = f[±k], k = 0..h) as its 2h + 1 taps
   * f[-h..h]; returns its address. Each tap set is stored once per kernel.
   */
  storeSymmetric(side: Float64Array): number {
    const known = this.tapSets.get(side);
    if (known !== undefined) return known;
    const h = side.length - 1;
    const at = this.reserve(2 * h + 1);
    const heap = this.heap;
    const base = at >> 2;
    for (let k = 0; k <= h; k++) {
      heap[base + h - k] = side[k];
      heap[base + h + k] = side[k];
    }
    this.tapSets.set(side, at);
    // The window must come after every tap set: move it on the next call.
    this.windowLength = 0;
    return at;
  }

  /** Σ_{i<n} taps[i]·data[from + i] for taps stored at `tapsAt`. */
  dot(tapsAt: number, data: Float32Array, from: number, n: number): number {
    if (n > this.windowLength) {
      this.windowAt = this.reserve(n);
      this.windowLength = n;
    }
    this.heap.set(data.subarray(from, from + n), this.windowAt >> 2);
    return this.dotFn(tapsAt, this.windowAt, n);
  }

  /** Byte address of `floats` new float32 values (16-byte aligned), growing the memory. */
  private reserve(floats: number): number {
    const at = Math.ceil(this.used / 16) * 16;
    this.used = at + 4 * floats;
    const needed = Math.ceil(this.used / PAGE_BYTES) - this.memory.buffer.byteLength / PAGE_BYTES;
    if (needed > 0) this.memory.grow(needed);
    if (this.heap.buffer !== this.memory.buffer) this.heap = new Float32Array(this.memory.buffer);
    return at;
  }
}
