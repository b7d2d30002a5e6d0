/**
 * The SIMD kernels, instruction by instruction (wasm-encoding.ts). Addresses are in bytes;
 * arrays are float32. The text form of each loop is in the comments.
 *
 * Sums run in float32 within runs of 128 values (8 per lane of each of four sums) and in
 * float64 across runs, so their rounding stays near float64's for the sizes used (up to 2^18
 * values).
 */
import {
  BLOCK,
  BR,
  BR_IF,
  CALL,
  END,
  F32,
  F32_ADD,
  F32_DEMOTE_F64,
  F32_LOAD,
  F32_MUL,
  F32_STORE,
  F32X4_ADD,
  F32X4_MUL,
  F32X4_RELAXED_MADD,
  F32X4_SPLAT,
  F32X4_SQRT,
  F32X4_SUB,
  F64,
  F64_ADD,
  F64_PROMOTE_F32,
  F64X2_ADD,
  F64X2_EXTRACT_LANE,
  F64X2_PROMOTE_LOW_F32X4,
  I32,
  I32_ADD,
  I32_AND,
  I32_GE_U,
  I32_GT_U,
  I32_LT_U,
  I32_OR,
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
/** Pushes f32x4.sqrt(re·re + im·im) of two float32x4 locals: four moduli. */
const moduli = (re: number, im: number): number[] => [
  ...get(re),
  ...get(re),
  ...F32X4_MUL,
  ...get(im),
  ...get(im),
  ...F32X4_MUL,
  ...F32X4_ADD,
  ...F32X4_SQRT,
];
/** Bytes of lanes 2 and 3 of a float32x4 moved to lanes 0 and 1 (for a promotion to float64). */
const HIGH_PAIR = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** low += lanes 0, 1 of a float32x4 as float64; high += lanes 2, 3 (float64x2 sums). */
const addPromoted = (acc: number, low: number, high: number): number[] => [
  ...get(low),
  ...get(acc),
  ...F64X2_PROMOTE_LOW_F32X4,
  ...F64X2_ADD,
  ...set(low),
  ...get(high),
  ...get(acc),
  ...get(acc),
  ...I8X16_SHUFFLE,
  ...HIGH_PAIR,
  ...F64X2_PROMOTE_LOW_F32X4,
  ...F64X2_ADD,
  ...set(high),
];

/** Pushes lane `lane` of a float64x2 local. */
const laneOf = (sum: number, lane: number): number[] => [...get(sum), ...F64X2_EXTRACT_LANE, lane];

/** Accumulators of runningSum's steps: independent sums, so that additions overlap. */
const SUM_LANES = 4;

/** What runningSum adds up: its parameters (all i32), and how it reads its terms. */
interface SumTerms {
  readonly name: string;
  readonly params: number;
  /** The parameter that holds the number of terms. */
  readonly count: number;
  /** Pushes the four terms at byte offset `i + offset` (i the local `index`) as a float32x4. */
  readonly vector: (index: number, offset: number) => number[];
  /** Pushes the one term at byte offset i as a float32. */
  readonly scalar: (index: number) => number[];
}

/**
 * Σ of `count` float32 terms, returned as float64: sixteen per step in four float32x4 sums
 * (four, because each addition waits on the last one into the same sum), flushed every 128
 * terms into two float64x2 sums (8 terms per float32 lane between flushes); then four at a time,
 * and the last count mod 4 one at a time. Every accumulation is a short chain, so the loop runs
 * at the speed of its loads rather than of its additions' latency. Byte offsets advance by 4
 * per term.
 */
function runningSum(terms: SumTerms): KernelFunction {
  const N = terms.count;
  const I = terms.params; // byte offset
  const END_VECTORS = I + 1; // byte offset where the 16-wide part ends, then the 4-wide one
  const END_RUN = I + 2; // byte offset where the current run of 128 terms ends
  const ACC = I + 3; // ACC … ACC + 3: float32x4 sums
  const LOW = ACC + SUM_LANES; // float64x2 sums of lanes 0, 1 and of lanes 2, 3
  const HIGH = LOW + 1;
  const SUM = LOW + 2; // float64: the scalar tail, then the total
  const lanes = Array.from({ length: SUM_LANES }, (_, k) => k);
  const term = (acc: number, offset: number): number[] => [
    ...get(acc),
    ...terms.vector(I, offset),
    ...F32X4_ADD,
    ...set(acc),
  ];
  return {
    name: terms.name,
    params: new Array<number>(terms.params).fill(I32),
    results: [F64],
    // prettier-ignore
    body: [
      // locals: i, endVectors, endRun: i32; acc0…acc3, low, high: v128; sum: f64
      3, 3, I32, SUM_LANES + 2, V128, 1, F64,
      ...zeroVector(LOW),
      ...zeroVector(HIGH),
      // endVectors = (n & -16) << 2
      ...get(N), ...i32Const(-16), I32_AND, ...i32Const(2), I32_SHL, ...set(END_VECTORS),
      BLOCK, VOID,
      LOOP, VOID,
      // (br_if $done (i32.ge_u i endVectors))
      ...get(I), ...get(END_VECTORS), I32_GE_U, BR_IF, 1,
      // endRun = min(i + 512, endVectors)
      ...get(I), ...i32Const(512), I32_ADD, LOCAL_TEE, END_RUN, ...get(END_VECTORS), I32_GT_U,
      IF, VOID, ...get(END_VECTORS), ...set(END_RUN), END,
      ...lanes.flatMap((k) => zeroVector(ACC + k)),
      LOOP, VOID,
      ...lanes.flatMap((k) => term(ACC + k, 16 * k)),
      // (br_if $run (i32.lt_u (local.tee i (i + 64)) endRun))
      ...get(I), ...i32Const(16 * SUM_LANES), I32_ADD, LOCAL_TEE, I, ...get(END_RUN), I32_LT_U,
      BR_IF, 0,
      END,
      ...lanes.flatMap((k) => addPromoted(ACC + k, LOW, HIGH)),
      BR, 0,
      END,
      END,
      // Then four terms per step (fewer than 16 remain, so at most 3 steps: one float32 sum).
      ...get(N), ...i32Const(-4), I32_AND, ...i32Const(2), I32_SHL, ...set(END_VECTORS),
      ...zeroVector(ACC),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(I), ...get(END_VECTORS), I32_GE_U, BR_IF, 1,
      ...term(ACC, 0),
      ...get(I), ...i32Const(16), I32_ADD, ...set(I),
      BR, 0,
      END,
      END,
      ...addPromoted(ACC, LOW, HIGH),
      // Then one term per step.
      BLOCK, VOID,
      LOOP, VOID,
      ...get(I), ...get(N), ...i32Const(2), I32_SHL, I32_GE_U, BR_IF, 1,
      ...terms.scalar(I), F64_PROMOTE_F32, ...get(SUM), F64_ADD, ...set(SUM),
      ...get(I), ...i32Const(4), I32_ADD, ...set(I),
      BR, 0,
      END,
      END,
      // (lanes of low + lanes of high) + tail
      ...laneOf(LOW, 0), ...laneOf(LOW, 1), F64_ADD,
      ...laneOf(HIGH, 0), ...laneOf(HIGH, 1), F64_ADD,
      F64_ADD, ...get(SUM), F64_ADD,
    ],
  };
}

/** sum(a, n) -> f64: Σ_{i<n} a[i]. */
export const SUM = runningSum({
  name: 'sum',
  params: 2,
  count: 1,
  vector: (i, offset) => load(0, i, offset),
  scalar: (i) => [...get(0), ...get(i), I32_ADD, F32_LOAD, ...memarg(0)],
});

/** Bytes of a float32x4's lanes in reverse order. */
const REVERSE_LANES = [12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3];

/**
 * symmetricDot(side, centre, h) -> f64: Σ_{|k|≤h} side[|k|]·u[k], u at `centre`: a symmetric
 * filter's output, each tap once on the sum of its two samples (half the products and half the
 * taps read), summed as runningSum sums (sixteen pairs per step into four float32x4 sums, flushed
 * into float64 every 128 pairs; then four, then one at a time), then side[0]·u[0].
 *
 * Three pointers walk the data (forwards from u[1] and side[1], backwards from u[-1]), so each
 * load takes its address as it is, with a constant offset. With `fused`, each product is added
 * by relaxed SIMD's multiply-add (one rounding where the CPU fuses it, two where it does not):
 * the instruction that keeps the loop from waiting on its additions.
 */
export function symmetricDot(fused: boolean): KernelFunction {
  const SIDE = 0;
  const CENTRE = 1;
  const H = 2;
  const FORWARD = 3; // byte address of u[k] (then of side[k] at the same k, in SIDE_AT)
  const BACKWARD = 4; // byte address of the lowest of the step's backward vectors
  const SIDE_AT = 5;
  const END_AT = 6; // where FORWARD stops: the 16-wide part's end, then the 4-wide, then all
  const END_RUN = 7;
  const ACC = 8; // ACC … ACC + 3: float32x4 sums
  const LOW = ACC + SUM_LANES;
  const HIGH = LOW + 1;
  const SCRATCH = LOW + 2;
  const SUM = LOW + 3;
  const lanes = Array.from({ length: SUM_LANES }, (_, k) => k);
  const bump = (local: number, bytes: number): number[] => [
    ...get(local),
    ...i32Const(Math.abs(bytes)),
    bytes > 0 ? I32_ADD : I32_SUB,
    ...set(local),
  ];
  /** acc += (u[k…k+3] + reversed u[-k-3…-k]) · side[k…k+3], at byte offsets of the pointers. */
  // prettier-ignore
  const term = (acc: number, offset: number, backwardOffset: number): number[] => [
    ...(fused ? [] : get(acc)),
    ...get(FORWARD), ...V128_LOAD, ...memarg(offset),
    ...get(BACKWARD), ...V128_LOAD, ...memarg(backwardOffset),
    LOCAL_TEE, SCRATCH, ...get(SCRATCH), ...I8X16_SHUFFLE, ...REVERSE_LANES,
    ...F32X4_ADD,
    ...get(SIDE_AT), ...V128_LOAD, ...memarg(offset),
    ...(fused ? [...get(acc), ...F32X4_RELAXED_MADD] : [...F32X4_MUL, ...F32X4_ADD]),
    ...set(acc),
  ];
  /** END_AT = centre + 4 + 4·(h & mask): where the pairs a loop takes end. */
  const endOfPairs = (mask: number): number[] => [
    ...get(CENTRE),
    ...i32Const(4),
    I32_ADD,
    ...get(H),
    ...i32Const(mask),
    I32_AND,
    ...i32Const(2),
    I32_SHL,
    I32_ADD,
    ...set(END_AT),
  ];
  return {
    name: 'symmetricDot',
    params: [I32, I32, I32],
    results: [F64],
    // prettier-ignore
    body: [
      // locals: forward, backward, sideAt, endAt, endRun: i32; acc0…acc3, low, high, scratch:
      // v128; sum: f64
      3, 5, I32, SUM_LANES + 3, V128, 1, F64,
      ...zeroVector(LOW),
      ...zeroVector(HIGH),
      ...get(CENTRE), ...i32Const(4), I32_ADD, ...set(FORWARD),
      ...get(SIDE), ...i32Const(4), I32_ADD, ...set(SIDE_AT),
      // The first step's backward vectors: u[-16…-1], from centre - 64.
      ...get(CENTRE), ...i32Const(64), I32_SUB, ...set(BACKWARD),
      ...endOfPairs(-16),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(FORWARD), ...get(END_AT), I32_GE_U, BR_IF, 1,
      // endRun = min(forward + 512, endAt)
      ...get(FORWARD), ...i32Const(512), I32_ADD, LOCAL_TEE, END_RUN, ...get(END_AT), I32_GT_U,
      IF, VOID, ...get(END_AT), ...set(END_RUN), END,
      ...lanes.flatMap((k) => zeroVector(ACC + k)),
      LOOP, VOID,
      // Pairs 4k+1 … 4k+4 of the step: forwards at 16k, backwards at 48 - 16k.
      ...lanes.flatMap((k) => term(ACC + k, 16 * k, 48 - 16 * k)),
      ...bump(SIDE_AT, 64),
      ...bump(BACKWARD, -64),
      // (br_if $run (i32.lt_u (local.tee forward (forward + 64)) endRun))
      ...get(FORWARD), ...i32Const(64), I32_ADD, LOCAL_TEE, FORWARD, ...get(END_RUN), I32_LT_U,
      BR_IF, 0,
      END,
      ...lanes.flatMap((k) => addPromoted(ACC + k, LOW, HIGH)),
      BR, 0,
      END,
      END,
      // Then four pairs per step (fewer than 16 remain: one float32 sum); backward vectors from
      // the one just below the pairs done.
      ...bump(BACKWARD, 48),
      ...endOfPairs(-4),
      ...zeroVector(ACC),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(FORWARD), ...get(END_AT), I32_GE_U, BR_IF, 1,
      ...term(ACC, 0, 0),
      ...bump(FORWARD, 16),
      ...bump(SIDE_AT, 16),
      ...bump(BACKWARD, -16),
      BR, 0,
      END,
      END,
      ...addPromoted(ACC, LOW, HIGH),
      // Then one pair per step: (u[k] + u[-k])·side[k], u[-k] at backward + 12.
      ...endOfPairs(-1),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(FORWARD), ...get(END_AT), I32_GE_U, BR_IF, 1,
      ...get(FORWARD), F32_LOAD, ...memarg(0),
      ...get(BACKWARD), F32_LOAD, ...memarg(12),
      F32_ADD,
      ...get(SIDE_AT), F32_LOAD, ...memarg(0),
      F32_MUL, F64_PROMOTE_F32, ...get(SUM), F64_ADD, ...set(SUM),
      ...bump(FORWARD, 4),
      ...bump(SIDE_AT, 4),
      ...bump(BACKWARD, -4),
      BR, 0,
      END,
      END,
      // (lanes of low + lanes of high) + tail + side[0]·u[0]
      ...laneOf(LOW, 0), ...laneOf(LOW, 1), F64_ADD,
      ...laneOf(HIGH, 0), ...laneOf(HIGH, 1), F64_ADD,
      F64_ADD, ...get(SUM), F64_ADD,
      ...get(SIDE), F32_LOAD, ...memarg(0),
      ...get(CENTRE), F32_LOAD, ...memarg(0),
      F32_MUL, F64_PROMOTE_F32,
      F64_ADD,
    ],
  };
}

/**
 * dots(a, b, n, stride, count, out): out[j] = dot(a, b + j·stride, n) rounded to float32, for
 * j < count, `stride` in bytes; `dot` is the module's function number `dotIndex` (such as
 * symmetricDot). A direct low-pass's outputs due in one push, in one call from JavaScript
 * instead of one call each.
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
  const END_UNROLLED = 6;
  const SPLAT = 7;
  // (v128.store (dst + i + offset) (f32x4.sub (v128.load (src + i + offset)) splat))
  const step = (offset: number): number[] => [
    ...get(DST),
    ...get(I),
    I32_ADD,
    ...load(SRC, I, offset),
    ...get(SPLAT),
    ...F32X4_SUB,
    ...V128_STORE,
    ...memarg(offset),
  ];
  return {
    name: 'subtract',
    params: [I32, I32, I32, F32],
    results: [],
    // prettier-ignore
    body: [
      2, 3, I32, 1, V128,
      ...get(C), ...F32X4_SPLAT, ...set(SPLAT),
      ...get(N), ...i32Const(2), I32_SHL, ...set(END_BYTES),
      // Sixteen values per step while they last (the loop's own work is then a quarter), then four.
      ...get(N), ...i32Const(-16), I32_AND, ...i32Const(2), I32_SHL, ...set(END_UNROLLED),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(I), ...get(END_UNROLLED), I32_GE_U, BR_IF, 1,
      ...step(0), ...step(16), ...step(32), ...step(48),
      ...get(I), ...i32Const(64), I32_ADD, ...set(I),
      BR, 0,
      END,
      END,
      BLOCK, VOID,
      LOOP, VOID,
      ...get(I), ...get(END_BYTES), I32_GE_U, BR_IF, 1,
      ...step(0),
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
      ...moduli(RE, IM),
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
 * four imaginary parts of four consecutive bins: vector v holds group ⌊v/4⌋ + (v mod 4)·n/16.
 * So the groups of each quarter of the spectrum (n/16 of them, log2Quarter = log2(n/16)) lie
 * 128 bytes apart, the quarter q starting at byte 32q. Already split into real and imaginary
 * lanes, they need no shuffle; two groups per step, so that one's square root overlaps the
 * other's arithmetic.
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
  const QUARTER_END = 9;
  const SPLAT = 10;
  const RE = 11;
  const IM = 12;
  // (v128.store dst+offset (f32x4.sqrt (re·re + im·im))) of the group at `at + from`
  const group = (from: number, offset: number): number[] => [
    ...get(AT),
    ...V128_LOAD,
    ...memarg(from),
    ...get(SPLAT),
    ...F32X4_ADD,
    ...set(RE),
    ...get(AT),
    ...V128_LOAD,
    ...memarg(from + 16),
    ...set(IM),
    ...get(DST),
    ...moduli(RE, IM),
    ...V128_STORE,
    ...memarg(offset),
  ];
  const advance = (groups: number): number[] => [
    ...get(AT),
    ...i32Const(128 * groups),
    I32_ADD,
    ...set(AT),
    ...get(DST),
    ...i32Const(16 * groups),
    I32_ADD,
    ...set(DST),
    ...get(G),
    ...i32Const(groups),
    I32_ADD,
    ...set(G),
  ];
  return {
    name: 'modulusUnordered',
    params: [I32, I32, I32, I32, I32, F32],
    results: [],
    // prettier-ignore
    body: [
      // locals: endGroup, mask, at, quarterEnd: i32; splat, re, im: v128
      2, 4, I32, 3, V128,
      ...get(C), ...F32X4_SPLAT, ...set(SPLAT),
      ...get(G), ...get(GROUPS), I32_ADD, ...set(END_GROUP),
      // mask = (1 << log2Quarter) - 1
      ...i32Const(1), ...get(LOG2_QUARTER), I32_SHL, ...i32Const(1), I32_SUB, ...set(MASK),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(G), ...get(END_GROUP), I32_GE_U, BR_IF, 1,
      // quarterEnd = min((g | mask) + 1, endGroup)
      ...get(G), ...get(MASK), I32_OR, ...i32Const(1), I32_ADD, LOCAL_TEE, QUARTER_END,
      ...get(END_GROUP), I32_GT_U,
      IF, VOID, ...get(END_GROUP), ...set(QUARTER_END), END,
      // at = src + 128·(g & mask) + 32·(g >> log2Quarter)
      ...get(SRC),
      ...get(G), ...get(MASK), I32_AND, ...i32Const(7), I32_SHL, I32_ADD,
      ...get(G), ...get(LOG2_QUARTER), I32_SHR_U, ...i32Const(5), I32_SHL, I32_ADD,
      ...set(AT),
      BLOCK, VOID,
      LOOP, VOID,
      // (br_if $pairs_done (i32.gt_u (g + 2) quarterEnd))
      ...get(G), ...i32Const(2), I32_ADD, ...get(QUARTER_END), I32_GT_U, BR_IF, 1,
      ...group(0, 0), ...group(128, 16),
      ...advance(2),
      BR, 0,
      END,
      END,
      // The quarter's odd last group.
      ...get(G), ...get(QUARTER_END), I32_LT_U,
      IF, VOID, ...group(0, 0), ...advance(1), END,
      BR, 0,
      END,
      END,
    ],
  };
})();
