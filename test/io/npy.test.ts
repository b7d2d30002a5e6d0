/**
 * .npy reading and writing: numpy's header layout byte for byte, round trips, streaming writes,
 * the reference files, and every refusal.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryByteSource } from '../../src/io/byte-source.js';
import { FileFormatError } from '../../src/io/errors.js';
import {
  encodeNpy,
  formatNpyHeader,
  NpyWriter,
  openNpySignal,
  parseNpyHeader,
  readNpy,
} from '../../src/io/npy.js';
import { NpyFrameWriter } from '../../src/io/npy-frame-writer.js';
import { MemoryOutputSink } from '../../src/io/output-sink.js';
import { readAllChannels } from '../../src/io/signal-reader.js';
import { REFERENCE_DIR } from '../support/kymatio-reference.js';

const latin1 = (bytes: Uint8Array): string => new TextDecoder('latin1').decode(bytes);

/** A .npy with a hand-written header (any version) and body. */
function npyBytes(dict: string, body: Uint8Array, version: 1 | 2 | 3 = 1): Uint8Array {
  const prefix = version === 1 ? 10 : 12;
  const unpadded = prefix + dict.length + 1;
  const total = Math.ceil(unpadded / 64) * 64;
  const text = `${dict}${' '.repeat(total - unpadded)}\n`;
  const out = new Uint8Array(total + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(new TextEncoder().encode(text), prefix);
  out.set(body, total);
  return out;
}

function f64Body(values: readonly number[]): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

describe('.npy header', () => {
  it('is laid out exactly as numpy writes it', () => {
    const header = formatNpyHeader('<f4', [3, 4]);
    expect(header.length % 64).toBe(0);
    expect(header.length).toBe(128);
    expect([...header.subarray(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    expect(new DataView(header.buffer).getUint16(8, true)).toBe(header.length - 10);
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }";
    expect(latin1(header.subarray(10))).toBe(`${dict}${' '.repeat(128 - 10 - dict.length - 1)}\n`);
  });

  it('writes Python tuples for every rank', () => {
    expect(latin1(formatNpyHeader('<f8', [4096]))).toContain("'shape': (4096,), }");
    expect(latin1(formatNpyHeader('<f8', []))).toContain("'shape': (), }");
    expect(latin1(formatNpyHeader('<f8', [2, 3, 4]))).toContain("'shape': (2, 3, 4), }");
  });

  it('grows past 64 bytes in steps of 64', () => {
    const shape = Array.from({ length: 20 }, (_, i) => 1000 + i);
    const header = formatNpyHeader('<f8', shape);
    expect(header.length % 64).toBe(0);
    expect(header[header.length - 1]).toBe(0x0a);
    expect(parseNpyHeader(header).shape).toEqual(shape);
  });

  it('parses versions 2.0 and 3.0', () => {
    for (const version of [2, 3] as const) {
      const bytes = npyBytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
        f64Body([1, 2]),
        version,
      );
      expect(parseNpyHeader(bytes).version).toEqual([version, 0]);
      expect([...readNpy(bytes).data]).toEqual([1, 2]);
    }
  });
});

describe('.npy round trip', () => {
  it('float32 and float64, several shapes', () => {
    for (const shape of [[5], [3, 4], [2, 3, 4], [0], [1, 1]]) {
      const count = shape.reduce((a, b) => a * b, 1);
      for (const data of [
        Float32Array.from({ length: count }, (_, i) => i / 7 - 1),
        Float64Array.from({ length: count }, (_, i) => Math.sin(i)),
      ]) {
        const back = readNpy(encodeNpy(data, shape));
        expect(back.shape).toEqual(shape);
        expect(back.data.constructor).toBe(data.constructor);
        expect([...back.data]).toEqual([...data]);
      }
    }
  });

  it('reads data at an unaligned offset in its buffer', () => {
    const file = encodeNpy(Float64Array.of(1.5, -2.5));
    const shifted = new Uint8Array(file.length + 3);
    shifted.set(file, 3);
    expect([...readNpy(shifted.subarray(3)).data]).toEqual([1.5, -2.5]);
  });

  it('a streaming writer: header first, then pieces appended, equals the whole file', () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => i * 0.5);
    const sink = new MemoryOutputSink();
    const writer = new NpyWriter(sink, 'float32', [3, 4]);
    writer.append(data.subarray(0, 5));
    writer.append([2.5, 3, 3.5]); // a plain array, converted
    writer.append(data.subarray(8));
    expect(sink.bytes()).toEqual(encodeNpy(data, [3, 4]));
    expect(writer.fileBytes).toBe(sink.bytes().length);
    expect(() => {
      writer.append([1]);
    }).toThrow(/outside shape \(3, 4\)/);
  });

  it('converts float64 input to a float32 file', () => {
    const sink = new MemoryOutputSink();
    new NpyWriter(sink, 'float32', [2]).append(Float64Array.of(0.1, 0.2));
    expect([...readNpy(sink.bytes()).data]).toEqual([Math.fround(0.1), Math.fround(0.2)]);
  });

  it('[rows, frames] written frame by frame equals the matrix, for any block size', () => {
    const rows = 5;
    const frames = 23;
    const matrix = Float64Array.from({ length: rows * frames }, (_, i) => i + 0.25);
    for (const blockFrames of [1, 4, 7, 23, 100]) {
      const sink = new MemoryOutputSink();
      const writer = new NpyFrameWriter(sink, 'float64', rows, frames, blockFrames);
      const frame = new Float64Array(rows);
      for (let t = 0; t < frames; t++) {
        for (let r = 0; r < rows; r++) frame[r] = matrix[r * frames + t]!;
        writer.writeFrame(frame, t);
      }
      writer.finish();
      expect(sink.bytes()).toEqual(encodeNpy(matrix, [rows, frames]));
    }
  });

  it('the frame writer checks order and count', () => {
    const writer = new NpyFrameWriter(new MemoryOutputSink(), 'float32', 2, 3);
    expect(() => {
      writer.writeFrame(new Float32Array(2), 1);
    }).toThrow(/frame 1 arrived when frame 0 was expected/);
    writer.writeFrame(new Float32Array(2), 0);
    expect(() => {
      writer.finish();
    }).toThrow(/1 of 3 frames/);
  });
});

describe('.npy reference files', () => {
  it('reads the Kymatio reference signal and output', () => {
    const signal = readNpy(readFileSync(`${REFERENCE_DIR}a_J6_N4096_Q8-1/signal.npy`));
    expect(signal.shape).toEqual([4096]);
    expect(signal.data).toBeInstanceOf(Float64Array);
    expect(signal.data.every(Number.isFinite)).toBe(true);
    expect(Math.max(...signal.data.map(Math.abs))).toBeGreaterThan(0.1);
    const meta = JSON.parse(readFileSync(`${REFERENCE_DIR}a_J6_N4096_Q8-1/meta.json`, 'utf8')) as {
      rows: unknown[];
      frames: { n_frames: number };
    };
    const S = readNpy(readFileSync(`${REFERENCE_DIR}a_J6_N4096_Q8-1/S.npy`));
    expect(S.shape).toEqual([meta.rows.length, meta.frames.n_frames]);
  });

  it('opens the reference signal as a mono signal, read block by block', () => {
    const bytes = readFileSync(`${REFERENCE_DIR}a_J6_N4096_Q8-1/signal.npy`);
    const reader = openNpySignal(new MemoryByteSource(bytes), 22050);
    expect(reader.info).toMatchObject({
      container: 'npy',
      channels: 1,
      frames: 4096,
      sampleRate: 22050,
      encoding: 'float64',
    });
    expect([...readAllChannels(reader)[0]!]).toEqual([...readNpy(bytes).data]);
  });
});

describe('.npy files refused, each with one clear line', () => {
  function refusal(bytes: Uint8Array, asSignal = false): string {
    try {
      if (asSignal) openNpySignal(new MemoryByteSource(bytes));
      else readNpy(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(FileFormatError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error('the file was accepted');
  }
  const dict = (descr: string, shape: string, fortran = 'False'): string =>
    `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

  it('not an .npy, truncated, unknown version', () => {
    expect(refusal(Uint8Array.from('RIFF....', (c) => c.charCodeAt(0)))).toBe(
      'not an .npy file (no \\x93NUMPY magic)',
    );
    expect(refusal(encodeNpy(Float64Array.of(1)).subarray(0, 9))).toBe('truncated .npy header');
    expect(refusal(encodeNpy(Float64Array.of(1)).subarray(0, 40))).toBe('truncated .npy header');
    const v9 = encodeNpy(Float64Array.of(1));
    v9[6] = 9;
    expect(refusal(v9)).toBe('unsupported .npy format version 9.0');
  });

  it('dtypes other than little-endian float32/float64', () => {
    expect(refusal(npyBytes(dict('<i2', '(2,)'), new Uint8Array(4)))).toBe(
      "unsupported .npy dtype '<i2' (expected float32 '<f4' or float64 '<f8')",
    );
    expect(refusal(npyBytes(dict('>f8', '(1,)'), new Uint8Array(8)))).toBe(
      "unsupported .npy dtype '>f8' (big-endian): save it as '<f8'",
    );
    expect(
      refusal(
        npyBytes(
          "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }",
          new Uint8Array(8),
        ),
      ),
    ).toMatch(/structured/);
  });

  it('Fortran order in 2-D (1-D and single-column arrays are the same in either order)', () => {
    expect(refusal(npyBytes(dict('<f8', '(2, 3)', 'True'), new Uint8Array(48)))).toBe(
      'unsupported .npy layout: Fortran order for shape (2, 3) (save it in C order)',
    );
    expect([...readNpy(npyBytes(dict('<f8', '(2,)', 'True'), f64Body([1, 2]))).data]).toEqual([
      1, 2,
    ]);
  });

  it('data shorter than the shape', () => {
    expect(refusal(npyBytes(dict('<f8', '(3,)'), f64Body([1, 2])))).toBe(
      'truncated .npy data: shape (3,) needs 24 bytes, the file holds 16',
    );
  });

  it('a signal must be 1-D', () => {
    expect(refusal(npyBytes(dict('<f8', '(2, 3)'), new Uint8Array(48)), true)).toBe(
      'expected a 1-D .npy array of samples, got shape (2, 3)',
    );
    expect(refusal(npyBytes(dict('<f8', '(3, 1)'), new Uint8Array(24)), true)).toBe(
      'expected a 1-D .npy array of samples, got shape (3, 1) (squeeze it to 1-D)',
    );
  });

  it('NaN in a signal, with its index', () => {
    const reader = openNpySignal(
      new MemoryByteSource(encodeNpy(Float32Array.of(0, 1, Number.NEGATIVE_INFINITY))),
    );
    expect(() => readAllChannels(reader)).toThrow('sample 2 of channel 0 is -Infinity');
  });
});

/** numpy itself, when this machine has it (CI may not): the files must load there unchanged. */
const numpyAvailable =
  spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!numpyAvailable)('numpy reads what we write', () => {
  it('loads float32 and float64 files of several shapes, and writes the same header', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npy-numpy-'));
    try {
      const cases = [
        { name: 'a', data: Float32Array.from({ length: 12 }, (_, i) => i / 3), shape: [3, 4] },
        {
          name: 'b',
          data: Float64Array.from({ length: 4096 }, (_, i) => Math.sin(i)),
          shape: [4096],
        },
        { name: 'c', data: Float64Array.of(1, 2, 3, 4, 5, 6), shape: [1, 2, 3] },
      ];
      for (const c of cases) writeFileSync(join(dir, `${c.name}.npy`), encodeNpy(c.data, c.shape));
      const script = `
import io, json, sys
import numpy as np
out = {}
for name in sys.argv[2:]:
    a = np.load(f"{sys.argv[1]}/{name}.npy")
    buffer = io.BytesIO()
    np.save(buffer, a)
    ours = open(f"{sys.argv[1]}/{name}.npy", "rb").read()
    out[name] = {"shape": list(a.shape), "dtype": a.dtype.str, "values": a.ravel().tolist(), "sameBytes": buffer.getvalue() == ours}
print(json.dumps(out))
`;
      const result = spawnSync('python3', ['-c', script, dir, ...cases.map((c) => c.name)], {
        encoding: 'utf8',
      });
      expect(result.stderr).toBe('');
      const loaded = JSON.parse(result.stdout) as Record<
        string,
        { shape: number[]; dtype: string; values: number[]; sameBytes: boolean }
      >;
      for (const c of cases) {
        const got = loaded[c.name]!;
        expect(got.shape).toEqual(c.shape);
        expect(got.dtype).toBe(c.data instanceof Float32Array ? '<f4' : '<f8');
        expect(got.values).toEqual([...c.data]);
        // numpy's own file for the array is byte for byte ours (headers this short pad alike).
        expect(got.sameBytes).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
