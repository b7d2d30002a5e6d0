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
  END,
  F32X4_ADD,
  F32X4_MUL,
  I32,
  I32_ADD,
  I32_GE_U,
  I32_SHL,
  I32_SUB,
  i32Const,
  I8X16_SHUFFLE,
  localGet as get,
  localSet as set,
  LOCAL_TEE,
  LOOP,
  memarg,
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
