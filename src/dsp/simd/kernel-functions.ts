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

/** Accumulators of walkingSum's steps: independent sums, so that additions overlap. */
const SUM_LANES = 4;

/** The locals walkingSum gives a walk, after the function's parameters. */
interface WalkLocals {
  /** Byte address of the next term, advanced by walkingSum (4 bytes per term). */
  readonly at: number;
  /** The walk's own i32 and v128 locals, as many as it asked for. */
  readonly i32: readonly number[];
  readonly v128: readonly number[];
}

/** What walkingSum adds up: its parameters (all i32), and how it walks its terms. */
interface SumWalk {
  readonly name: string;
  readonly params: number;
  readonly i32Locals: number;
  readonly v128Locals: number;
  /** Sets `at` to the first term's byte address, and the walk's own pointers. */
  readonly start: (locals: WalkLocals) => number[];
  /** Pushes the byte address where the first (count & mask) terms end (from the parameters). */
  readonly endOf: (mask: number) => number[];
  /**
   * Sets acc (a float32x4 local) to acc + the four terms from `at + offset`; `group` is how many
   * vectors of terms the step takes (4 in the sixteen-wide loop, then 1).
   */
  readonly accumulate: (locals: WalkLocals, acc: number, offset: number, group: number) => number[];
  /** Advances the walk's own pointers past `bytes` of terms (walkingSum advances `at`). */
  readonly advance: (locals: WalkLocals, bytes: number) => number[];
  /** Between the sixteen-wide and the four-wide loops, if the walk needs it. */
  readonly regroup?: (locals: WalkLocals) => number[];
  /** Pushes the term at `at` as a float32. */
  readonly scalar: (locals: WalkLocals) => number[];
  /** Pushes a float64 added to the total (a term the loops leave out), if any. */
  readonly extra?: number[];
}

/**
 * Σ of float32 terms, returned as float64: sixteen per step in four float32x4 sums (four,
 * because each addition waits on the last one into the same sum), flushed every 128 terms into
 * two float64x2 sums (8 terms per float32 lane between flushes); then four at a time, and the
 * last ones one at a time. Every accumulation is a short chain, so the loop runs at the speed of
 * its loads rather than of its additions' latency. The walk's pointers move by the bytes of
 * terms taken, so each load takes its address as it is, with a constant offset.
 */
function walkingSum(walk: SumWalk): KernelFunction {
  const AT = walk.params;
  const END_AT = AT + 1; // where the current loop's terms end
  const END_RUN = AT + 2; // where the current run of 128 terms ends
  const ownI32 = Array.from({ length: walk.i32Locals }, (_, k) => END_RUN + 1 + k);
  const ACC = END_RUN + 1 + walk.i32Locals; // ACC … ACC + 3: float32x4 sums
  const LOW = ACC + SUM_LANES; // float64x2 sums of lanes 0, 1 and of lanes 2, 3
  const HIGH = LOW + 1;
  const ownV128 = Array.from({ length: walk.v128Locals }, (_, k) => HIGH + 1 + k);
  const SUM = HIGH + 1 + walk.v128Locals; // float64: the scalar tail, then the total
  const locals: WalkLocals = { at: AT, i32: ownI32, v128: ownV128 };
  const lanes = Array.from({ length: SUM_LANES }, (_, k) => k);
  const step = (bytes: number): number[] => [
    ...walk.advance(locals, bytes),
    ...get(AT),
    ...i32Const(bytes),
    I32_ADD,
    ...set(AT),
  ];
  return {
    name: walk.name,
    params: new Array<number>(walk.params).fill(I32),
    results: [F64],
    // prettier-ignore
    body: [
      // locals: at, endAt, endRun, own: i32; acc0…acc3, low, high, own: v128; sum: f64
      3, 3 + walk.i32Locals, I32, SUM_LANES + 2 + walk.v128Locals, V128, 1, F64,
      ...zeroVector(LOW),
      ...zeroVector(HIGH),
      ...walk.start(locals),
      ...walk.endOf(-16), ...set(END_AT),
      BLOCK, VOID,
      LOOP, VOID,
      // (br_if $done (i32.ge_u at endAt))
      ...get(AT), ...get(END_AT), I32_GE_U, BR_IF, 1,
      // endRun = min(at + 512, endAt)
      ...get(AT), ...i32Const(512), I32_ADD, LOCAL_TEE, END_RUN, ...get(END_AT), I32_GT_U,
      IF, VOID, ...get(END_AT), ...set(END_RUN), END,
      ...lanes.flatMap((k) => zeroVector(ACC + k)),
      LOOP, VOID,
      ...lanes.flatMap((k) => walk.accumulate(locals, ACC + k, 16 * k, SUM_LANES)),
      ...walk.advance(locals, 16 * SUM_LANES),
      // (br_if $run (i32.lt_u (local.tee at (at + 64)) endRun))
      ...get(AT), ...i32Const(16 * SUM_LANES), I32_ADD, LOCAL_TEE, AT, ...get(END_RUN), I32_LT_U,
      BR_IF, 0,
      END,
      ...lanes.flatMap((k) => addPromoted(ACC + k, LOW, HIGH)),
      BR, 0,
      END,
      END,
      // Then four terms per step (fewer than 16 remain, so at most 3 steps: one float32 sum).
      ...(walk.regroup?.(locals) ?? []),
      ...walk.endOf(-4), ...set(END_AT),
      ...zeroVector(ACC),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(AT), ...get(END_AT), I32_GE_U, BR_IF, 1,
      ...walk.accumulate(locals, ACC, 0, 1),
      ...step(16),
      BR, 0,
      END,
      END,
      ...addPromoted(ACC, LOW, HIGH),
      // Then one term per step.
      ...walk.endOf(-1), ...set(END_AT),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(AT), ...get(END_AT), I32_GE_U, BR_IF, 1,
      ...walk.scalar(locals), F64_PROMOTE_F32, ...get(SUM), F64_ADD, ...set(SUM),
      ...step(4),
      BR, 0,
      END,
      END,
      // (lanes of low + lanes of high) + tail (+ extra)
      ...laneOf(LOW, 0), ...laneOf(LOW, 1), F64_ADD,
      ...laneOf(HIGH, 0), ...laneOf(HIGH, 1), F64_ADD,
      F64_ADD, ...get(SUM), F64_ADD,
      ...(walk.extra === undefined ? [] : [...walk.extra, F64_ADD]),
    ],
  };
}

/** Pushes base + 4·(count & mask): where the first (count & mask) float32 values from base end. */
const endOfValues = (base: number[], count: number, mask: number): number[] => [
  ...base,
  ...get(count),
  ...i32Const(mask),
  I32_AND,
  ...i32Const(2),
  I32_SHL,
  I32_ADD,
];

/** Adds `bytes` (negative: subtracts) to an i32 local. */
const bump = (local: number, bytes: number): number[] => [
  ...get(local),
  ...i32Const(Math.abs(bytes)),
  bytes > 0 ? I32_ADD : I32_SUB,
  ...set(local),
];

/** sum(a, n) -> f64: Σ_{i<n} a[i]. */
export const SUM = walkingSum({
  name: 'sum',
  params: 2,
  i32Locals: 0,
  v128Locals: 0,
  start: ({ at }) => [...get(0), ...set(at)],
  endOf: (mask) => endOfValues(get(0), 1, mask),
  accumulate: ({ at }, acc, offset) => [
    ...get(acc),
    ...get(at),
    ...V128_LOAD,
    ...memarg(offset),
    ...F32X4_ADD,
    ...set(acc),
  ],
  advance: () => [],
  scalar: ({ at }) => [...get(at), F32_LOAD, ...memarg(0)],
});

/** Bytes of a float32x4's lanes in reverse order. */
const REVERSE_LANES = [12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3];

/**
 * symmetricDot(side, centre, h) -> f64: Σ_{|k|≤h} side[|k|]·u[k], u at `centre`: a symmetric
 * filter's output, each tap once on the sum of its two samples (half the products and half the
 * taps read), summed by walkingSum over the pairs k = 1 … h, then side[0]·u[0].
 *
 * Three pointers walk the data: forwards from u[1] (walkingSum's own) and side[1], backwards
 * from u[-1]. With `fused`, each product is added by relaxed SIMD's multiply-add (one rounding
 * where the CPU fuses it, two where it does not): the instruction that keeps the loop from
 * waiting on its additions.
 */
export function symmetricDot(fused: boolean): KernelFunction {
  const SIDE = 0;
  const CENTRE = 1;
  const H = 2;
  return walkingSum({
    name: 'symmetricDot',
    params: 3,
    // backward: byte address of the lowest of a step's backward vectors; sideAt: side[k]
    i32Locals: 2,
    // scratch: the backward vector as loaded
    v128Locals: 1,
    // prettier-ignore
    start: ({ at, i32: [backward, sideAt] }) => [
      ...get(CENTRE), ...i32Const(4), I32_ADD, ...set(at),
      ...get(SIDE), ...i32Const(4), I32_ADD, ...set(sideAt),
      // The first step's backward vectors: u[-16…-1], from centre - 64.
      ...get(CENTRE), ...i32Const(64), I32_SUB, ...set(backward),
    ],
    endOf: (mask) => endOfValues([...get(CENTRE), ...i32Const(4), I32_ADD], H, mask),
    // acc += (u[k…k+3] + reversed u[-k-3…-k]) · side[k…k+3]; of a step's `group` vectors, the
    // one at forward offset o lies 16·(group − 1) − o above the backward pointer.
    // prettier-ignore
    accumulate: ({ at, i32: [backward, sideAt], v128: [scratch] }, acc, offset, group) => [
      ...(fused ? [] : get(acc)),
      ...get(at), ...V128_LOAD, ...memarg(offset),
      ...get(backward), ...V128_LOAD, ...memarg(16 * (group - 1) - offset),
      LOCAL_TEE, scratch, ...get(scratch), ...I8X16_SHUFFLE, ...REVERSE_LANES,
      ...F32X4_ADD,
      ...get(sideAt), ...V128_LOAD, ...memarg(offset),
      ...(fused ? [...get(acc), ...F32X4_RELAXED_MADD] : [...F32X4_MUL, ...F32X4_ADD]),
      ...set(acc),
    ],
    advance: ({ i32: [backward, sideAt] }, bytes) => [
      ...bump(sideAt, bytes),
      ...bump(backward, -bytes),
    ],
    // From steps of four vectors to steps of one: the backward pointer moves to the one just
    // below the pairs done.
    regroup: ({ i32: [backward] }) => bump(backward, 48),
    // (u[k] + u[-k])·side[k], u[-k] at backward + 12
    // prettier-ignore
    scalar: ({ at, i32: [backward, sideAt] }) => [
      ...get(at), F32_LOAD, ...memarg(0),
      ...get(backward), F32_LOAD, ...memarg(12),
      F32_ADD,
      ...get(sideAt), F32_LOAD, ...memarg(0),
      F32_MUL,
    ],
    // side[0]·u[0]
    // prettier-ignore
    extra: [
      ...get(SIDE), F32_LOAD, ...memarg(0),
      ...get(CENTRE), F32_LOAD, ...memarg(0),
      F32_MUL, F64_PROMOTE_F32,
    ],
  });
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
