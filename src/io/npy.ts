/**
 * NumPy .npy arrays: read whole (any shape, float32/float64), open a 1-D array as a signal to be
 * read block by block, and write with a streaming writer that knows the shape up front.
 */
import { endianness } from 'node:os';
import { FileByteSource, MemoryByteSource, type ByteSource } from './byte-source.js';
import { FileFormatError } from './errors.js';
import {
  formatNpyHeader,
  npyPreamble,
  parseNpyDict,
  pythonShape,
  type NpyHeader,
} from './npy-header.js';
import type { OutputSink } from './output-sink.js';
import { InterleavedSignalReader, type SignalReader } from './signal-reader.js';

export { formatNpyHeader, parseNpyHeader, type NpyHeader } from './npy-header.js';

export type NpyDtype = 'float32' | 'float64';

const DESCR: Readonly<Record<NpyDtype, string>> = { float32: '<f4', float64: '<f8' };
const ITEM_BYTES: Readonly<Record<NpyDtype, number>> = { float32: 4, float64: 8 };

/** Typed arrays view the host's byte order; .npy data here is little-endian. */
const HOST_IS_LITTLE_ENDIAN = endianness() === 'LE';

/** The dtype an .npy descr stands for, or a FileFormatError naming what it is instead. */
function dtypeOf(descr: string): NpyDtype {
  if (descr === '<f4') return 'float32';
  if (descr === '<f8') return 'float64';
  if (descr === '>f4' || descr === '>f8') {
    throw new FileFormatError(
      `unsupported .npy dtype '${descr}' (big-endian): save it as '<${descr.slice(1)}'`,
    );
  }
  throw new FileFormatError(
    `unsupported .npy dtype '${descr}' (expected float32 '<f4' or float64 '<f8')`,
  );
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** Reads and checks a header from a byte source; the data must be all there. */
function readHeader(source: ByteSource): { header: NpyHeader; dtype: NpyDtype; count: number } {
  const first = new Uint8Array(12);
  const got = source.readAt(first, 0);
  const { prefixBytes, dictBytes, version } = npyPreamble(first.subarray(0, got));
  const dict = new Uint8Array(dictBytes);
  if (source.readAt(dict, prefixBytes) < dictBytes)
    throw new FileFormatError('truncated .npy header');
  const header = parseNpyDict(dict, version, prefixBytes);
  const dtype = dtypeOf(header.descr);
  if (header.fortranOrder && header.shape.filter((size) => size > 1).length > 1) {
    throw new FileFormatError(
      `unsupported .npy layout: Fortran order for shape ${pythonShape(header.shape)} (save it in C order)`,
    );
  }
  const count = elementCount(header.shape);
  const expected = count * ITEM_BYTES[dtype];
  const present = source.size - header.dataOffset;
  if (present < expected) {
    throw new FileFormatError(
      `truncated .npy data: shape ${pythonShape(header.shape)} needs ${String(expected)} bytes, the file holds ${String(Math.max(0, present))}`,
    );
  }
  return { header, dtype, count };
}

export interface NpyArray {
  /** Elements in C order. */
  readonly data: Float32Array | Float64Array;
  readonly shape: number[];
}

/** Reads a whole float32/float64 .npy held in memory. */
export function readNpy(bytes: Uint8Array): NpyArray {
  const source = new MemoryByteSource(bytes);
  const { header, dtype, count } = readHeader(source);
  const body = bytes.subarray(header.dataOffset, header.dataOffset + count * ITEM_BYTES[dtype]);
  const data = dtype === 'float32' ? new Float32Array(count) : new Float64Array(count);
  if (HOST_IS_LITTLE_ENDIAN) {
    // Copying the bytes also realigns them: the data need not sit at an aligned offset in `bytes`.
    new Uint8Array(data.buffer).set(body);
  } else {
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    for (let i = 0; i < count; i++) {
      data[i] = dtype === 'float32' ? view.getFloat32(4 * i, true) : view.getFloat64(8 * i, true);
    }
  }
  return { data, shape: [...header.shape] };
}

/**
 * Opens a 1-D float32/float64 .npy as a mono signal read block by block. Its sample rate is not
 * stored in the file, so it is `sampleRate` as given (null when unknown).
 */
export function openNpySignal(source: ByteSource, sampleRate: number | null = null): SignalReader {
  try {
    const { header, dtype, count } = readHeader(source);
    const nonUnit = header.shape.filter((size) => size !== 1);
    if (header.shape.length !== 1) {
      throw new FileFormatError(
        `expected a 1-D .npy array of samples, got shape ${pythonShape(header.shape)}${nonUnit.length <= 1 ? ' (squeeze it to 1-D)' : ''}`,
      );
    }
    const layout = { dataOffset: header.dataOffset, frames: count, channels: 1, encoding: dtype };
    const info = {
      container: 'npy' as const,
      sampleRate,
      channels: 1,
      frames: count,
      encoding: dtype,
      bitsPerSample: 8 * ITEM_BYTES[dtype],
      warnings: [],
    };
    return new InterleavedSignalReader(source, layout, info);
  } catch (error) {
    source.close();
    throw error;
  }
}

export function openNpySignalFile(path: string, sampleRate: number | null = null): SignalReader {
  return openNpySignal(new FileByteSource(path), sampleRate);
}

/** NumPy's dtype string for `dtype`, little-endian: '<f4' or '<f8'. */
export function npyDescr(dtype: NpyDtype): string {
  return DESCR[dtype];
}

/** Bytes per element of `dtype`. */
export function npyItemBytes(dtype: NpyDtype): number {
  return ITEM_BYTES[dtype];
}

/**
 * Numbers as the little-endian bytes of one dtype: a view of the caller's array when no
 * conversion is needed, else a scratch buffer reused by the next call.
 */
export class LittleEndianEncoder {
  private scratch: Float32Array | Float64Array;

  constructor(readonly dtype: NpyDtype) {
    this.scratch = dtype === 'float32' ? new Float32Array(0) : new Float64Array(0);
  }

  encode(values: ArrayLike<number>): Uint8Array {
    const itemBytes = ITEM_BYTES[this.dtype];
    const sameType =
      this.dtype === 'float32' ? values instanceof Float32Array : values instanceof Float64Array;
    if (sameType && HOST_IS_LITTLE_ENDIAN) {
      const typed = values as Float32Array | Float64Array;
      return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
    }
    if (!HOST_IS_LITTLE_ENDIAN) {
      const bytes = new Uint8Array(values.length * itemBytes);
      const view = new DataView(bytes.buffer);
      for (let i = 0; i < values.length; i++) {
        if (this.dtype === 'float32') view.setFloat32(4 * i, values[i] ?? 0, true);
        else view.setFloat64(8 * i, values[i] ?? 0, true);
      }
      return bytes;
    }
    if (this.scratch.length < values.length) {
      this.scratch =
        this.dtype === 'float32'
          ? new Float32Array(values.length)
          : new Float64Array(values.length);
    }
    const scratch = this.scratch.subarray(0, values.length);
    for (let i = 0; i < values.length; i++) scratch[i] = values[i] ?? 0;
    return new Uint8Array(scratch.buffer, 0, scratch.byteLength);
  }
}

/**
 * Writes an .npy (version 1.0, little-endian, C order) whose shape is known before the data:
 * the header goes first, then the elements arrive in pieces, in order (append) or at any
 * element offset (writeAt, for arrays filled out of order such as [rows, frames] built
 * frame by frame).
 */
export class NpyWriter {
  readonly header: Uint8Array;
  readonly elements: number;
  private readonly itemBytes: number;
  private appended = 0;
  private readonly encoder: LittleEndianEncoder;

  constructor(
    private readonly sink: OutputSink,
    readonly dtype: NpyDtype,
    readonly shape: readonly number[],
  ) {
    if (!shape.every((size) => Number.isSafeInteger(size) && size >= 0)) {
      throw new Error(`invalid .npy shape ${pythonShape(shape)}`);
    }
    this.elements = elementCount(shape);
    this.itemBytes = ITEM_BYTES[dtype];
    this.header = formatNpyHeader(DESCR[dtype], shape);
    this.encoder = new LittleEndianEncoder(dtype);
    sink.writeAt(this.header, 0);
  }

  /** Total file size in bytes once every element is written. */
  get fileBytes(): number {
    return this.header.length + this.elements * this.itemBytes;
  }

  /** Appends `values` after the elements appended so far. */
  append(values: ArrayLike<number>): void {
    this.writeAt(this.appended, values);
    this.appended += values.length;
  }

  /** Writes `values` as elements `elementIndex`, `elementIndex + 1`, ... (C order). */
  writeAt(elementIndex: number, values: ArrayLike<number>): void {
    if (elementIndex < 0 || elementIndex + values.length > this.elements) {
      throw new Error(
        `elements ${String(elementIndex)}..${String(elementIndex + values.length)} are outside shape ${pythonShape(this.shape)}`,
      );
    }
    this.sink.writeAt(
      this.encoder.encode(values),
      this.header.length + elementIndex * this.itemBytes,
    );
  }
}

/** The bytes of a whole .npy file, for small arrays. */
export function encodeNpy(
  data: Float32Array | Float64Array,
  shape: readonly number[] = [data.length],
): Uint8Array {
  const dtype: NpyDtype = data instanceof Float32Array ? 'float32' : 'float64';
  const header = formatNpyHeader(DESCR[dtype], shape);
  if (elementCount(shape) !== data.length) {
    throw new Error(`shape ${pythonShape(shape)} does not hold ${String(data.length)} elements`);
  }
  const bytes = new Uint8Array(header.length + data.byteLength);
  bytes.set(header, 0);
  const body = new DataView(bytes.buffer, header.length);
  for (let i = 0; i < data.length; i++) {
    if (dtype === 'float32') body.setFloat32(4 * i, data[i] ?? 0, true);
    else body.setFloat64(8 * i, data[i] ?? 0, true);
  }
  return bytes;
}
