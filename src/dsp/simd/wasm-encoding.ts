/**
 * Just enough of the WebAssembly binary format to write a few small SIMD kernels by hand
 * (no toolchain needed): opcodes, LEB128 and sections. Opcode values are those of the
 * WebAssembly core and fixed-width SIMD specifications.
 */

export const BLOCK = 0x02;
export const LOOP = 0x03;
export const IF = 0x04;
export const END = 0x0b;
export const BR = 0x0c;
export const BR_IF = 0x0d;
/** br_table: a vector of labels, then the default label. */
export const BR_TABLE = 0x0e;
/** call of a function of the module by its index. */
export const CALL = 0x10;
/** Block type of a block, loop or if that leaves nothing on the stack. */
export const VOID = 0x40;
export const LOCAL_GET = 0x20;
export const LOCAL_SET = 0x21;
export const LOCAL_TEE = 0x22;
/** local.get and local.set of a local (parameters first), as instruction bytes. */
export const localGet = (local: number): number[] => [LOCAL_GET, local];
export const localSet = (local: number): number[] => [LOCAL_SET, local];
export const I32_LOAD = 0x28;
export const F32_LOAD = 0x2a;
export const I32_STORE = 0x36;
export const F32_STORE = 0x38;
export const I32_CONST = 0x41;
export const I32_LT_U = 0x49;
export const I32_GT_U = 0x4b;
export const I32_GE_U = 0x4f;
export const I32_ADD = 0x6a;
export const I32_SUB = 0x6b;
export const I32_AND = 0x71;
export const I32_OR = 0x72;
export const I32_SHL = 0x74;
export const I32_SHR_U = 0x76;
export const F32_ADD = 0x92;
export const F32_MUL = 0x94;
export const F64_ADD = 0xa0;
export const F64_MUL = 0xa2;
export const F32_DEMOTE_F64 = 0xb6;
export const F64_PROMOTE_F32 = 0xbb;

/** memory.fill(address, byte, count) of memory 0 (bulk memory). */
export const MEMORY_FILL = [0xfc, 0x0b, 0x00];

const SIMD = 0xfd;
export const V128_LOAD = [SIMD, 0x00];
/** Loads 8 bytes into both halves of a v128. */
export const V128_LOAD64_SPLAT = [SIMD, 0x0a];
export const V128_STORE = [SIMD, 0x0b];
export const V128_CONST = [SIMD, 0x0c];
export const I8X16_SHUFFLE = [SIMD, 0x0d];
export const F32X4_SPLAT = [SIMD, 0x13];
export const F32X4_EXTRACT_LANE = [SIMD, 0x1f];
export const F32X4_SQRT = [SIMD, 0xe3, 0x01];
export const F32X4_ADD = [SIMD, 0xe4, 0x01];
export const F32X4_SUB = [SIMD, 0xe5, 0x01];
export const F32X4_MUL = [SIMD, 0xe6, 0x01];
/** Relaxed SIMD: f32x4.relaxed_madd(a, b, c) = a·b + c, fused or not as the CPU does it. */
export const F32X4_RELAXED_MADD = [SIMD, 0x85, 0x02];
export const F64X2_EXTRACT_LANE = [SIMD, 0x21];
export const F64X2_PROMOTE_LOW_F32X4 = [SIMD, 0x5f];
export const F64X2_ADD = [SIMD, 0xf0, 0x01];

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Memory operand: alignment hint 1 byte (any address), offset in bytes. */
export const memarg = (offset: number): number[] => [0, ...uleb(offset)];

/** Unsigned LEB128, as every index and length in the binary format. */
export function uleb(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    bytes.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return bytes;
}

/** i32.const of a 32-bit integer (signed LEB128). */
export function i32Const(value: number): number[] {
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) {
    throw new RangeError(`i32Const: not a 32-bit integer: ${String(value)}`);
  }
  const bytes: number[] = [];
  let v = value;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    // Done when the rest is the sign extension of the byte's bit 6.
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return [I32_CONST, ...bytes];
  }
}

export interface KernelFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Local declarations and instructions, without the final `end`. */
  readonly body: readonly number[];
}

const section = (id: number, content: readonly number[]): number[] => [
  id,
  ...uleb(content.length),
  ...content,
];
const utf8Name = (text: string): number[] => [
  ...uleb(text.length),
  ...Array.from(text, (c) => c.charCodeAt(0)),
];
const vector = (items: readonly (readonly number[])[]): number[] => [
  ...uleb(items.length),
  ...items.flat(),
];

/**
 * A module of `functions` (each exported under its name) and one growable memory: its own,
 * exported as "memory", or with `importMemory` one imported as "env"."memory" (another module's,
 * so that the kernels work on that module's buffers in place).
 */
export function encodeModule(
  functions: readonly KernelFunction[],
  options: { importMemory?: boolean } = {},
): Uint8Array {
  const types = functions.map((f) => [
    0x60,
    ...uleb(f.params.length),
    ...f.params,
    ...uleb(f.results.length),
    ...f.results,
  ]);
  const bodies = functions.map((f) => {
    const code = [...f.body, END];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    // An imported memory: at least one page, no maximum.
    ...(options.importMemory === true
      ? section(2, vector([[...utf8Name('env'), ...utf8Name('memory'), 0x02, 0x00, 1]]))
      : []),
    ...section(3, vector(functions.map((_, index) => uleb(index)))),
    ...(options.importMemory === true ? [] : section(5, [1, 0x00, 1])), // own: one page, no maximum
    ...section(
      7,
      vector([
        ...functions.map((f, index) => [...utf8Name(f.name), 0x00, ...uleb(index)]),
        ...(options.importMemory === true ? [] : [[...utf8Name('memory'), 0x02, 0]]),
      ]),
    ),
    ...section(10, vector(bodies)),
  ]);
}
