/**
 * The multiply-and-fold of overlap-save blocks (overlap-save-stage.ts) in SIMD, two complex bins
 * per step, written out instruction by instruction (wasm-encoding.ts). They run in PFFFT's own
 * memory (spectrum-fold.ts): `src` is its real transform's output, `dst` its complex transform's
 * input, so nothing is copied. Addresses are in bytes; values are float32.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  BR_TABLE,
  CALL,
  END,
  F32_DEMOTE_F64,
  F32_LOAD,
  F32_STORE,
  F32X4_ADD,
  F32X4_MUL,
  F64_ADD,
  F64_MUL,
  F64_PROMOTE_F32,
  I32,
  I32_ADD,
  I32_GE_U,
  I32_LOAD,
  I32_SHL,
  I32_STORE,
  I32_SUB,
  i32Const,
  I8X16_SHUFFLE,
  localGet as get,
  localSet as set,
  LOCAL_TEE,
  LOOP,
  memarg,
  MEMORY_FILL,
  uleb,
  V128_LOAD,
  V128_STORE,
  VOID,
  V128,
  type KernelFunction,
} from './wasm-encoding.js';

/** The two complex values of a v128 swapped. */
const SWAP_COMPLEX = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

/**
 * fold(src, dst, gains, pairs) for k < 2·pairs, gains holding a pair (g, ±g) per bin (see
 * SpectrumFold.prepare: the sign does the conjugation), `=` where `add` is false:
 * - forward: dst[k] += src[k]·(g, −g) = conj(src[k])·g
 * - mirrored: dst[k] += src[−k]·(g, g), src pointing at the complex value just below the first
 *   one read (the bins above B/2 of a real signal's spectrum, read as X[m] = conj X[B − m],
 *   conjugated again by the fold).
 */
function fold(name: string, mirrored: boolean, add: boolean): KernelFunction {
  // params: src, dst, gains, pairs
  const SRC = 0;
  const DST = 1;
  const GAINS = 2;
  const PAIRS = 3;
  const I = 4; // byte offset in dst, src and gains, 16 per step
  const END_BYTES = 5;
  const PAIR = 6; // the mirrored pair as loaded
  const source = mirrored
    ? [...get(SRC), ...get(I), I32_SUB, ...V128_LOAD, ...memarg(0)]
    : [...get(SRC), ...get(I), I32_ADD, ...V128_LOAD, ...memarg(0)];
  // The mirrored pair is loaded low bin first: swap its two complex values (a shuffle takes two
  // operands; both are the one load, kept in a local).
  const sourceInOrder = mirrored
    ? [...source, LOCAL_TEE, PAIR, ...get(PAIR), ...I8X16_SHUFFLE, ...SWAP_COMPLEX]
    : source;
  return {
    name,
    params: [I32, I32, I32, I32],
    results: [],
    // prettier-ignore
    body: [
      // locals: i, endBytes: i32; pair: v128 (mirrored only)
      ...(mirrored ? [2, 2, I32, 1, V128] : [1, 2, I32]),
      ...get(PAIRS), ...i32Const(4), I32_SHL, ...set(END_BYTES),
      BLOCK, VOID,
      LOOP, VOID,
      ...get(I), ...get(END_BYTES), I32_GE_U, BR_IF, 1,
      // (v128.store (dst + i)
      //   (f32x4.add (v128.load (dst + i)) (f32x4.mul src (v128.load (gains + i)))))
      // or, storing: (v128.store (dst + i) (f32x4.mul src (v128.load (gains + i))))
      ...get(DST), ...get(I), I32_ADD,
      ...(add ? [...get(DST), ...get(I), I32_ADD, ...V128_LOAD, ...memarg(0)] : []),
      ...sourceInOrder,
      ...get(GAINS), ...get(I), I32_ADD, ...V128_LOAD, ...memarg(0),
      ...F32X4_MUL,
      ...(add ? F32X4_ADD : []),
      ...V128_STORE, ...memarg(0),
      ...get(I), ...i32Const(16), I32_ADD, ...set(I),
      BR, 0,
      END,
      END,
    ],
  };
}

/** foldForward(src, dst, gains, pairs): dst[k] += conj(src[k])·g[k], k < 2·pairs. */
export const FOLD_FORWARD = fold('foldForward', false, true);
/** foldMirrored(src, dst, gains, pairs): dst[k] += src[−k]·g[k], k < 2·pairs. */
export const FOLD_MIRRORED = fold('foldMirrored', true, true);
/** storeForward(src, dst, gains, pairs): dst[k] = conj(src[k])·g[k], k < 2·pairs. */
export const STORE_FORWARD = fold('storeForward', false, false);
/** storeMirrored(src, dst, gains, pairs): dst[k] = src[−k]·g[k], k < 2·pairs. */
export const STORE_MIRRORED = fold('storeMirrored', true, false);

/**
 * The kernels of a fold program's steps, in the order of their function indices in the fold
 * module (FOLD_KERNELS, then RUN_FOLD), and the codes of the one-bin and zeroing steps after
 * them. A step of a program in memory is five int32: its code, then its source, destination
 * and gain as byte offsets from the packed spectrum, the folded input and the gains, then its
 * count (pairs of bins for the kernels, bytes for `zero`).
 */
export const FoldCode = {
  foldForward: 0,
  foldMirrored: 1,
  storeForward: 2,
  storeMirrored: 3,
  /** One complex bin added: dst += (Re X·g0, Im X·g1), the gain pair doing the conjugation. */
  complexAdd: 4,
  complexStore: 5,
  /** One real bin (X0 or X(B/2)) added to the real part of dst. */
  realAdd: 6,
  /** One real bin stored as (X·g, 0). */
  realStore: 7,
  zero: 8,
} as const;

/** Bytes of one step of a fold program in memory. */
export const FOLD_STEP_BYTES = 20;

/** The fold module's functions: the four kernels at the indices of their FoldCode, then RUN_FOLD. */
export const FOLD_KERNELS = [FOLD_FORWARD, FOLD_MIRRORED, STORE_FORWARD, STORE_MIRRORED];

/**
 * runFold(steps, end, packed, folded, gains): runs the program of steps at byte addresses
 * [steps, end) (FoldCode), all of one fold in one call from JavaScript. The one-bin steps compute
 * in float64 and round once to float32, as a JavaScript loop on Float32Arrays would.
 */
export const RUN_FOLD: KernelFunction = (() => {
  const STEP = 0; // byte address of the current step (the `steps` parameter, advanced)
  const END_AT = 1;
  const PACKED = 2;
  const FOLDED = 3;
  const GAINS = 4;
  const DST = 5; // the destination's byte address
  const field = (index: number): number[] => [...get(STEP), I32_LOAD, ...memarg(4 * index)];
  const address = (base: number, index: number): number[] => [
    ...get(base),
    ...field(index),
    I32_ADD,
  ];
  const kernelCall = (code: number): number[] => [
    ...address(PACKED, 1),
    ...address(FOLDED, 2),
    ...address(GAINS, 3),
    ...field(4),
    CALL,
    ...uleb(code),
  ];
  const promoted = (base: number, index: number, offset: number): number[] => [
    ...address(base, index),
    F32_LOAD,
    ...memarg(offset),
    F64_PROMOTE_F32,
  ];
  /** dst[lane] = (or +=) X[lane]·g[lane]: one float of a bin, computed in float64. */
  const oneFloat = (add: boolean, lane: number, sourceLane: number): number[] => [
    ...get(DST),
    ...(add ? [...get(DST), F32_LOAD, ...memarg(4 * lane), F64_PROMOTE_F32] : []),
    ...promoted(PACKED, 1, 4 * sourceLane),
    ...promoted(GAINS, 3, 4 * lane),
    F64_MUL,
    ...(add ? [F64_ADD] : []),
    F32_DEMOTE_F64,
    F32_STORE,
    ...memarg(4 * lane),
  ];
  const setDst = [...address(FOLDED, 2), ...set(DST)];
  const cases: number[][] = [
    kernelCall(FoldCode.foldForward),
    kernelCall(FoldCode.foldMirrored),
    kernelCall(FoldCode.storeForward),
    kernelCall(FoldCode.storeMirrored),
    [...setDst, ...oneFloat(true, 0, 0), ...oneFloat(true, 1, 1)],
    [...setDst, ...oneFloat(false, 0, 0), ...oneFloat(false, 1, 1)],
    [...setDst, ...oneFloat(true, 0, 0)],
    // (i32.store offset=4 dst 0): the imaginary part of a real bin
    [...setDst, ...oneFloat(false, 0, 0), ...get(DST), ...i32Const(0), I32_STORE, ...memarg(4)],
    // (memory.fill (folded + dst) 0 count)
    [...address(FOLDED, 2), ...i32Const(0), ...field(4), ...MEMORY_FILL],
  ];
  const last = cases.length - 1;
  // Block k closes before case k: br_table jumps to the end of block `code`, where case `code`
  // starts. After case k, the step's own block is last − k blocks out.
  const dispatch: number[] = [
    ...cases.flatMap(() => [BLOCK, VOID]),
    ...field(0),
    BR_TABLE,
    ...uleb(cases.length),
    ...cases.flatMap((_, k) => uleb(k)),
    ...uleb(last),
    ...cases.flatMap((body, k) => [END, ...body, ...(k < last ? [BR, ...uleb(last - k)] : [])]),
  ];
  return {
    name: 'runFold',
    params: [I32, I32, I32, I32, I32],
    results: [],
    // prettier-ignore
    body: [
      // locals: dst: i32
      1, 1, I32,
      BLOCK, VOID,
      LOOP, VOID,
      // (br_if $done (i32.ge_u step end))
      ...get(STEP), ...get(END_AT), I32_GE_U, BR_IF, 1,
      BLOCK, VOID, // the step: its case branches to this block's end
      ...dispatch,
      END,
      ...get(STEP), ...i32Const(FOLD_STEP_BYTES), I32_ADD, ...set(STEP),
      BR, 0,
      END,
      END,
    ],
  };
})();
