/**
 * The SIMD kernels, instruction by instruction (wasm-encoding.ts). Addresses are in bytes;
 * arrays are float32. The text form of each loop is in the comments.
 *
 * Sums run in float32 within runs of 64 values (16 per lane) and in float64 across runs, so
 * their rounding stays near float64's for the sizes used (up to 2^18 values).
 */
import {
  BLOCK,
  BR,
  BR_IF,
  CALL,
  END,
  F32,
  F32_DEMOTE_F64,
  F32_LOAD,
  F32_MUL,
  F32_STORE,
  F32X4_ADD,
  F32X4_EXTRACT_LANE,
  F32X4_MUL,
  F32X4_SPLAT,
  F32X4_SQRT,
  F32X4_SUB,
  F64,
  F64_ADD,
  F64_PROMOTE_F32,
  I32,
  I32_ADD,
  I32_AND,
  I32_GE_U,
  I32_GT_U,
  I32_LT_U,
  I32_SHL,
  I32_SHR_U,
  I32_SUB,
  i32Const,
  I8X16_SHUFFLE,
  IF,
  LOCAL_TEE,
  localGet as get,
  localSet as set,
  LOOP,
  memarg,
  V128,
  V128_CONST,
  V128_LOAD,
  V128_STORE,
  VOID,
  uleb,
  type KernelFunction,
} from './wasm-encoding.js';

const zeroVector = (local: number): number[] => [
  ...V128_CONST,
  ...new Array<number>(16).fill(0),
  ...set(local),
];
/** Pushes v128.load(base + offsetLocal + constant). */
const load = (base: number, offsetLocal: number, constant: number): number[] => [
  ...get(base),
  ...get(offsetLocal),
  I32_ADD,
  ...V128_LOAD,
  ...memarg(constant),
];
/** sum += the four lanes of a float32x4, each as float64. */
const addLanes = (acc: number, sum: number): number[] =>
  [0, 1, 2, 3].flatMap((lane) => [
    ...get(acc),
    ...F32X4_EXTRACT_LANE,
    lane,
    F64_PROMOTE_F32,
    ...get(sum),
    F64_ADD,
    ...set(sum),
  ]);

/**
 * Σ_{i<n} a[i]·b[i] (or Σ a[i] without `b`): eight values per step in two float32x4 sums,
 * flushed to float64 every 64 values; the last n mod 8 one at a time.
 */
function runningSum(name: string, withProduct: boolean): KernelFunction {
  // params: a, [b], n
  const A = 0;
  const B = 1;
  const N = withProduct ? 2 : 1;
  const I = N + 1; // byte offset
  const END_VECTORS = N + 2; // byte offset where the 8-wide part ends
  const END_RUN = N + 3; // byte offset where the current run of 64 values ends
  const ACC0 = N + 4;
  const ACC1 = N + 5;
  const SUM = N + 6;
  const term = (acc: number, offset: number): number[] => [
    ...get(acc),
    ...load(A, I, offset),
    ...(withProduct ? [...load(B, I, offset), ...F32X4_MUL] : []),
    ...F32X4_ADD,
    ...set(acc),
  ];
  const scalar = [
    ...get(A),
    ...get(I),
    I32_ADD,
    F32_LOAD,
    ...memarg(0),
    ...(withProduct ? [...get(B), ...get(I), I32_ADD, F32_LOAD, ...memarg(0), F32_MUL] : []),
  ];
  return {
    name,
    params: withProduct ? [I32, I32, I32] : [I32, I32],
    results: [F64],
    // prettier-ignore
    body: [
      // locals: i, endVectors, endRun: i32; acc0, acc1: v128; sum: f64
      3, 3, I32, 2, V128, 1, F64,
      // endVectors = (n & -8) << 2
      ...get(N), ...i32Const(-8), I32_AND, ...i32Const(2), I32_SHL, ...set(END_VECTORS),
      BLOCK, VOID,
      LOOP, VOID,
      // (br_if $done (i32.ge_u i endVectors))
      ...get(I), ...get(END_VECTORS), I32_GE_U, BR_IF, 1,
      // endRun = min(i + 256, endVectors)
      ...get(I), ...i32Const(256), I32_ADD, LOCAL_TEE, END_RUN, ...get(END_VECTORS), I32_GT_U,
      IF, VOID, ...get(END_VECTORS), ...set(END_RUN), END,
      ...zeroVector(ACC0),
      ...zeroVector(ACC1),
      LOOP, VOID,
      ...term(ACC0, 0),
      ...term(ACC1, 16),
      // (br_if $run (i32.lt_u (local.tee i (i + 32)) endRun))
      ...get(I), ...i32Const(32), I32_ADD, LOCAL_TEE, I, ...get(END_RUN), I32_LT_U, BR_IF, 0,
      END,
      ...addLanes(ACC0, SUM),
      ...addLanes(ACC1, SUM),
      BR, 0,
      END,
      END,
      BLOCK, VOID,
      LOOP, VOID,
      ...get(I), ...get(N), ...i32Const(2), I32_SHL, I32_GE_U, BR_IF, 1,
      ...scalar, F64_PROMOTE_F32, ...get(SUM), F64_ADD, ...set(SUM),
      ...get(I), ...i32Const(4), I32_ADD, ...set(I),
      BR, 0,
      END,
      END,
      ...get(SUM),
    ],
  };
}

/** dot(a, b, n) -> f64: Σ_{i<n} a[i]·b[i]. */
export const DOT = runningSum('dot', true);

/** sum(a, n) -> f64: Σ_{i<n} a[i]. */
export const SUM = runningSum('sum', false);

/**
 * dots(a, b, n, stride, count, out): out[j] = dot(a, b + j·stride, n) rounded to float32, for
 * j < count, `stride` in bytes; `dot` is the module's function number `dotIndex`. A direct
 * low-pass's outputs due in one push, in one call from JavaScript instead of one call each.
 */
export function dotsCalling(dotIndex: number): KernelFunction {
  const A = 0;
  const B = 1;
  const N = 2;
  const STRIDE = 3;
  const COUNT = 4;
  const OUT = 5;
  const J = 6; // byte offset in out
  const END_BYTES = 7;
  return {
    name: 'dots',
    params: [I32, I32, I32, I32, I32, I32],
    results: [],
    // prettier-ignore
    body: [
      // locals: j, endBytes: i32
      1, 2, I32,
      ...get(COUNT), ...i32Const(2), I32_SHL, ...set(END_BYTES),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(J), ...get(END_BYTES), I32_GE_U, BR_IF, 1,
      // (f32.store (out + j) (f32.demote_f64 (call $dot a b n)))
      ...get(OUT), ...get(J), I32_ADD,
      ...get(A), ...get(B), ...get(N), CALL, ...uleb(dotIndex),
      F32_DEMOTE_F64,
      F32_STORE, ...memarg(0),
      ...get(B), ...get(STRIDE), I32_ADD, ...set(B),
      ...get(J), ...i32Const(4), I32_ADD, ...set(J),
      BR, 0,
      END,
      END,
    ],
  };
}

/** subtract(src, dst, n, c): dst[i] = src[i] - c, n a multiple of 4 (dst may be src). */
export const SUBTRACT: KernelFunction = (() => {
  const SRC = 0;
  const DST = 1;
  const N = 2;
  const C = 3;
  const I = 4;
  const END_BYTES = 5;
  const SPLAT = 6;
  return {
    name: 'subtract',
    params: [I32, I32, I32, F32],
    results: [],
    // prettier-ignore
    body: [
      2, 2, I32, 1, V128,
      ...get(C), ...F32X4_SPLAT, ...set(SPLAT),
      ...get(N), ...i32Const(2), I32_SHL, ...set(END_BYTES),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(I), ...get(END_BYTES), I32_GE_U, BR_IF, 1,
      // (v128.store (dst + i) (f32x4.sub (v128.load (src + i)) splat))
      ...get(DST), ...get(I), I32_ADD,
      ...load(SRC, I, 0), ...get(SPLAT), ...F32X4_SUB,
      ...V128_STORE, ...memarg(0),
      ...get(I), ...i32Const(16), I32_ADD, ...set(I),
      BR, 0,
      END,
      END,
    ],
  };
})();

/**
 * modulus(src, dst, n, c): dst[i] = |(src[2i] + c) + i·src[2i+1]| for interleaved complex src,
 * n a multiple of 4 (four outputs per step: two loads, de-interleaved by shuffles).
 */
export const MODULUS: KernelFunction = (() => {
  const SRC = 0;
  const DST = 1;
  const N = 2;
  const C = 3;
  const I = 4; // byte offset in dst (src advances twice as fast)
  const END_BYTES = 5;
  const SPLAT = 6;
  const A = 7;
  const B = 8;
  const RE = 9;
  const IM = 10;
  // Bytes of lanes 0 and 2 of a, then of b (the real parts); lanes 1 and 3 (the imaginary ones).
  const realLanes = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
  const imagLanes = realLanes.map((lane) => lane + 4);
  const srcAt = [...get(SRC), ...get(I), ...i32Const(1), I32_SHL, I32_ADD];
  return {
    name: 'modulus',
    params: [I32, I32, I32, F32],
    results: [],
    // prettier-ignore
    body: [
      2, 2, I32, 5, V128,
      ...get(C), ...F32X4_SPLAT, ...set(SPLAT),
      ...get(N), ...i32Const(2), I32_SHL, ...set(END_BYTES),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(I), ...get(END_BYTES), I32_GE_U, BR_IF, 1,
      ...srcAt, ...V128_LOAD, ...memarg(0), ...set(A),
      ...srcAt, ...V128_LOAD, ...memarg(16), ...set(B),
      ...get(A), ...get(B), ...I8X16_SHUFFLE, ...realLanes, ...get(SPLAT), ...F32X4_ADD, ...set(RE),
      ...get(A), ...get(B), ...I8X16_SHUFFLE, ...imagLanes, ...set(IM),
      // (v128.store (dst + i) (f32x4.sqrt (re·re + im·im)))
      ...get(DST), ...get(I), I32_ADD,
      ...get(RE), ...get(RE), ...F32X4_MUL, ...get(IM), ...get(IM), ...F32X4_MUL, ...F32X4_ADD,
      ...F32X4_SQRT,
      ...V128_STORE, ...memarg(0),
      ...get(I), ...i32Const(16), I32_ADD, ...set(I),
      BR, 0,
      END,
      END,
    ],
  };
})();

/**
 * modulusUnordered(src, dst, firstGroup, groups, log2Quarter, c): the moduli of a complex FFT
 * left in PFFFT's own order (its unordered transform, which skips the reordering pass), for
 * bins 4g … 4g + 3 of each group g from firstGroup on: dst[4(g − firstGroup) + l] =
 * |(re + c) + i·im| of bin 4g + l.
 *
 * In that order the transform of n bins is n/4 vectors of 32 bytes, four real parts then the
 * four imaginary parts of four consecutive bins: vector v holds group
 * ⌊v/4⌋ + (v mod 4)·n/16, so group g is vector 4·(g mod n/16) + ⌊g/(n/16)⌋ (log2Quarter is
 * log2(n/16)). Already split into real and imaginary lanes, it needs no shuffle.
 */
export const MODULUS_UNORDERED: KernelFunction = (() => {
  const SRC = 0;
  const DST = 1;
  const G = 2; // the group (from firstGroup)
  const GROUPS = 3;
  const LOG2_QUARTER = 4;
  const C = 5;
  const END_GROUP = 6;
  const MASK = 7;
  const AT = 8;
  const SPLAT = 9;
  const RE = 10;
  const IM = 11;
  return {
    name: 'modulusUnordered',
    params: [I32, I32, I32, I32, I32, F32],
    results: [],
    // prettier-ignore
    body: [
      // locals: endGroup, mask, at: i32; splat, re, im: v128
      2, 3, I32, 3, V128,
      ...get(C), ...F32X4_SPLAT, ...set(SPLAT),
      ...get(G), ...get(GROUPS), I32_ADD, ...set(END_GROUP),
      // mask = (1 << log2Quarter) - 1
      ...i32Const(1), ...get(LOG2_QUARTER), I32_SHL, ...i32Const(1), I32_SUB, ...set(MASK),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(G), ...get(END_GROUP), I32_GE_U, BR_IF, 1,
      // at = src + 32·(4·(g & mask) + (g >> log2Quarter))
      ...get(SRC),
      ...get(G), ...get(MASK), I32_AND, ...i32Const(2), I32_SHL,
      ...get(G), ...get(LOG2_QUARTER), I32_SHR_U, I32_ADD,
      ...i32Const(5), I32_SHL, I32_ADD, ...set(AT),
      ...get(AT), ...V128_LOAD, ...memarg(0), ...get(SPLAT), ...F32X4_ADD, ...set(RE),
      ...get(AT), ...V128_LOAD, ...memarg(16), ...set(IM),
      // (v128.store dst (f32x4.sqrt (re·re + im·im)))
      ...get(DST),
      ...get(RE), ...get(RE), ...F32X4_MUL, ...get(IM), ...get(IM), ...F32X4_MUL, ...F32X4_ADD,
      ...F32X4_SQRT,
      ...V128_STORE, ...memarg(0),
      ...get(DST), ...i32Const(16), I32_ADD, ...set(DST),
      ...get(G), ...i32Const(1), I32_ADD, ...set(G),
      BR, 0,
      END,
      END,
    ],
  };
})();
