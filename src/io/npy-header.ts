/**
 * The header of NumPy's .npy format (versions 1.0, 2.0 and 3.0):
 *
 *   "\x93NUMPY" | major | minor | header length (uint16 LE in 1.0, uint32 LE in 2.0/3.0) |
 *   a Python dict literal such as {'descr': '<f8', 'fortran_order': False, 'shape': (4096,), }
 *   padded with spaces and ended by "\n" so that the data starts at a multiple of 64 bytes.
 */
import { FileFormatError } from './errors.js';

export const NPY_MAGIC = Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59); // \x93NUMPY
/** numpy aligns the start of the data to this many bytes. */
const NPY_ALIGNMENT = 64;

export interface NpyHeader {
  readonly version: readonly [number, number];
  /** NumPy's dtype string, e.g. '<f8'. */
  readonly descr: string;
  readonly fortranOrder: boolean;
  /** Array shape; [] for a 0-d array. */
  readonly shape: readonly number[];
  /** Byte offset of the first element. */
  readonly dataOffset: number;
}

export function hasNpyMagic(bytes: Uint8Array): boolean {
  return bytes.length >= NPY_MAGIC.length && NPY_MAGIC.every((byte, i) => bytes[i] === byte);
}

/**
 * Bytes before the dict literal and its length, from the first 12 bytes of the file:
 * [prefix length, dict length, major, minor].
 */
export function npyPreamble(first12: Uint8Array): {
  prefixBytes: number;
  dictBytes: number;
  version: [number, number];
} {
  if (!hasNpyMagic(first12)) throw new FileFormatError('not an .npy file (no \\x93NUMPY magic)');
  if (first12.length < 10) throw new FileFormatError('truncated .npy header');
  const major = first12[6] ?? 0;
  const minor = first12[7] ?? 0;
  const view = new DataView(first12.buffer, first12.byteOffset, first12.byteLength);
  if (major === 1)
    return { prefixBytes: 10, dictBytes: view.getUint16(8, true), version: [major, minor] };
  if (major === 2 || major === 3) {
    if (first12.length < 12) throw new FileFormatError('truncated .npy header');
    return { prefixBytes: 12, dictBytes: view.getUint32(8, true), version: [major, minor] };
  }
  throw new FileFormatError(`unsupported .npy format version ${String(major)}.${String(minor)}`);
}

/** Parses the dict literal (latin-1 in 1.0/2.0, UTF-8 in 3.0). */
export function parseNpyDict(
  dictBytes: Uint8Array,
  version: readonly [number, number],
  prefixBytes: number,
): NpyHeader {
  const text = new TextDecoder(version[0] === 3 ? 'utf-8' : 'latin1').decode(dictBytes);
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  if (descr === undefined) {
    if (/['"]descr['"]\s*:\s*\[/.test(text)) {
      throw new FileFormatError('unsupported .npy dtype: structured arrays are not supported');
    }
    throw new FileFormatError(`malformed .npy header (no 'descr'): ${text.trim()}`);
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  if (fortran === undefined)
    throw new FileFormatError(`malformed .npy header (no 'fortran_order'): ${text.trim()}`);
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (shapeText === undefined)
    throw new FileFormatError(`malformed .npy header (no 'shape'): ${text.trim()}`);
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      // Python 2 wrote long integers with an L suffix.
      const value = Number(part.replace(/L$/, ''));
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new FileFormatError(`malformed .npy header (bad shape): (${shapeText})`);
      }
      return value;
    });
  return {
    version,
    descr,
    fortranOrder: fortran === 'True',
    shape,
    dataOffset: prefixBytes + dictBytes.length,
  };
}

/** Parses a whole .npy header held in memory. */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader {
  const { prefixBytes, dictBytes, version } = npyPreamble(bytes.subarray(0, 12));
  if (bytes.length < prefixBytes + dictBytes) throw new FileFormatError('truncated .npy header');
  return parseNpyDict(bytes.subarray(prefixBytes, prefixBytes + dictBytes), version, prefixBytes);
}

/** `(3, 4)`, `(5,)`, `()`, as Python writes tuples. */
export function pythonShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${String(shape[0])},)`;
  return `(${shape.map(String).join(', ')})`;
}

/**
 * A version 1.0 header for a C-order array, byte for byte as numpy writes it: the dict, spaces,
 * and a newline, to a total length that is a multiple of 64 bytes.
 *
 * `reservedBytes` (a multiple of 64) pads the header to at least that length, so that a file
 * growing along its first axis can have its shape rewritten in place without moving the data.
 */
export function formatNpyHeader(
  descr: string,
  shape: readonly number[],
  reservedBytes = 0,
): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${pythonShape(shape)}, }`;
  const unpadded = NPY_MAGIC.length + 2 + 2 + dict.length + 1;
  const total = Math.max(reservedBytes, Math.ceil(unpadded / NPY_ALIGNMENT) * NPY_ALIGNMENT);
  if (total % NPY_ALIGNMENT !== 0) {
    throw new Error(`an .npy header of ${String(total)} bytes would misalign the data`);
  }
  const dictBytes = total - NPY_MAGIC.length - 4;
  if (dictBytes > 0xffff)
    throw new Error(`shape ${pythonShape(shape)} does not fit a version 1.0 header`);
  const header = new Uint8Array(total);
  header.set(NPY_MAGIC, 0);
  header[6] = 1;
  header[7] = 0;
  new DataView(header.buffer).setUint16(8, dictBytes, true);
  const text = `${dict}${' '.repeat(dictBytes - dict.length - 1)}\n`;
  for (let i = 0; i < text.length; i++) header[10 + i] = text.charCodeAt(i);
  return header;
}
