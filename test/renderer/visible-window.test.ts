/**
 * Exports of the visible window: the NPY is a float32 [rows, columns] array numpy and the
 * project's reader load back value for value, byte for byte what `scatterscope analyse --out
 * x.npy` writes for the same frames; the CSV is headed and laid out as `analyse --out x.csv`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvColumnNames, CsvFrameWriter, formatFloat32 } from '../../src/io/csv.js';
import { formatNpyHeader, parseNpyHeader, readNpy } from '../../src/io/npy.js';
import { NpyFrameWriter } from '../../src/io/npy-frame-writer.js';
import { MemoryOutputSink } from '../../src/io/output-sink.js';
import {
  npyBytes,
  visibleCsv,
  visibleMatrix,
  visibleNpy,
} from '../../renderer/export/visible-window.js';
import { AnalysisView } from '../../renderer/model/analysis-view.js';
import { analysisLayout, framePacket } from './layouts.js';

/** J = 8, Q = 1 at 8 kHz: hop 256 (32 ms), one frame per column, 1000 columns. */
const LAYOUT = analysisLayout(8000, { J: 8, Q1: 1, Q2: 1 });
const ROWS = LAYOUT.paths.length;
const FRAME_SECONDS = LAYOUT.hop / LAYOUT.sampleRate;

/** Frame f, row r: an amplitude a user could see, silent in some rows, not round in float32. */
const amplitude = (frame: number, row: number): number =>
  row % 5 === 4 ? 0 : Math.fround(1 / (3 + row + 7 * frame));

function viewWithFrames(frames: number, layout = LAYOUT): AnalysisView {
  const view = new AnalysisView(layout);
  const frameSeconds = layout.hop / layout.sampleRate;
  for (let first = 0; first < frames; first += 7)
    view.history.push(
      framePacket(layout.paths.length, frameSeconds, first, Math.min(7, frames - first), amplitude),
    );
  return view;
}

/** What `analyse` writes for frames [first, first + count) of `amplitude`, through its writers. */
function analyseOutput(first: number, count: number): { npy: Uint8Array; csv: string } {
  const npySink = new MemoryOutputSink();
  const csvSink = new MemoryOutputSink();
  const npy = new NpyFrameWriter(npySink, 'float32', ROWS, count);
  const csv = new CsvFrameWriter(csvSink, {
    paths: LAYOUT.paths,
    frames: count,
    firstCentre: first * LAYOUT.hop,
    hop: LAYOUT.hop,
    sampleRate: LAYOUT.sampleRate,
    precision: 'float32',
  });
  for (let i = 0; i < count; i++) {
    const frame = Float32Array.from({ length: ROWS }, (_, row) => amplitude(first + i, row));
    npy.writeFrame(frame, i);
    csv.writeFrame(frame, i);
  }
  npy.finish();
  csv.finish();
  return { npy: npySink.bytes(), csv: new TextDecoder().decode(csvSink.bytes()) };
}

describe('npyBytes', () => {
  it("writes numpy's format 1.0 header: magic, version, length, dict, 64-byte aligned", () => {
    const bytes = npyBytes(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = new DataView(bytes.buffer).getUint16(8, true);
    expect((10 + headerLength) % 64).toBe(0);
    const dict = new TextDecoder('latin1').decode(bytes.subarray(10, 10 + headerLength));
    expect(dict).toBe(
      `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.padEnd(headerLength - 1) + '\n',
    );
    expect(bytes.length).toBe(10 + headerLength + 6 * 4);
  });

  it("matches the project's writer byte for byte, for 1-D and 2-D shapes", () => {
    for (const shape of [[5], [2, 3], [374, 2400], [0, 0]]) {
      const count = shape.reduce((a, b) => a * b, 1);
      const bytes = npyBytes(new Float32Array(count), shape);
      const header = formatNpyHeader('<f4', shape);
      expect(Array.from(bytes.subarray(0, header.length)), String(shape)).toEqual(
        Array.from(header),
      );
      expect(parseNpyHeader(bytes).shape).toEqual(shape);
    }
  });

  it('writes the float32 values little-endian, and only those of a view on a larger buffer', () => {
    const whole = Float32Array.of(9, 0.1, -2.5, 1e-30, 9);
    const bytes = npyBytes(whole.subarray(1, 4), [3]);
    const { data, shape } = readNpy(bytes);
    expect(shape).toEqual([3]);
    expect(Array.from(data)).toEqual([Math.fround(0.1), -2.5, Math.fround(1e-30)]);
    const body = new DataView(bytes.buffer, parseNpyHeader(bytes).dataOffset);
    expect(body.getFloat32(4, true)).toBe(-2.5);
  });
});

describe('visibleMatrix', () => {
  it('lays the history out as [rows, columns], oldest column first, with centre times', () => {
    const view = viewWithFrames(4);
    const { data, seconds } = visibleMatrix(view);
    expect(Array.from(seconds)).toEqual([0, 1, 2, 3].map((f) => f * FRAME_SECONDS));
    expect(data.length).toBe(ROWS * 4);
    for (let row = 0; row < ROWS; row++)
      for (let c = 0; c < 4; c++) expect(data[row * 4 + c]).toBe(amplitude(c, row));
  });

  it('holds the newest 32 s, oldest first, once the history has wrapped', () => {
    const capacity = new AnalysisView(LAYOUT).history.capacity;
    expect(capacity).toBe(1000);
    const view = viewWithFrames(capacity + 123);
    const { data, seconds } = visibleMatrix(view);
    expect(seconds.length).toBe(capacity);
    expect(seconds[0]).toBeCloseTo(123 * FRAME_SECONDS, 9);
    expect(seconds[capacity - 1]).toBeCloseTo((capacity + 122) * FRAME_SECONDS, 9);
    for (let c = 1; c < capacity; c++) expect(seconds[c]).toBeGreaterThan(seconds[c - 1] ?? NaN);
    expect(data[1 * capacity + 0]).toBe(amplitude(123, 1));
    expect(data[1 * capacity + capacity - 1]).toBe(amplitude(capacity + 122, 1));
  });
});

describe('visibleNpy', () => {
  it("is byte for byte analyse's .npy of the same frames", () => {
    const view = viewWithFrames(40);
    expect(Array.from(visibleNpy(view))).toEqual(Array.from(analyseOutput(0, 40).npy));
  });

  it('reads back from a file as a float32 [rows, columns] array of the displayed values', () => {
    const view = viewWithFrames(1000 + 50); // wrapped: frames 50 to 1049
    const dir = mkdtempSync(join(tmpdir(), 'scatterscope-export-'));
    try {
      const file = join(dir, 'window.npy');
      writeFileSync(file, visibleNpy(view));
      const { data, shape } = readNpy(readFileSync(file));
      expect(shape).toEqual([ROWS, 1000]);
      expect(data).toBeInstanceOf(Float32Array);
      expect(Array.from(data)).toEqual(Array.from(visibleMatrix(view).data));
      expect(data[3 * 1000 + 0]).toBe(amplitude(50, 3));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('visibleCsv', () => {
  const text = (view: AnalysisView): string => new TextDecoder().decode(visibleCsv(view));

  it('heads the columns as analyse does: time_s, then each row by its path label', () => {
    const [header] = text(viewWithFrames(3)).split('\n');
    expect(header).toBe(csvColumnNames(LAYOUT.paths, LAYOUT.sampleRate).join(','));
    expect(header?.startsWith('time_s,S0,S1(2800.00Hz),S1(1400.00Hz),')).toBe(true);
    expect(header).toContain('S2(2800.00Hz x 350.000Hz)');
  });

  it("is analyse's CSV of the same frames, line for line", () => {
    expect(text(viewWithFrames(40))).toBe(analyseOutput(0, 40).csv);
  });

  it('writes one line per visible column, oldest first, after a wrap too', () => {
    const view = viewWithFrames(1000 + 7);
    const lines = text(view).split('\n');
    expect(lines).toHaveLength(1 + 1000 + 1); // header, columns, and the final newline
    expect(lines[1000 + 1]).toBe('');
    expect(lines.slice(1, -1).join('\n') + '\n').toBe(
      analyseOutput(7, 1000).csv.split('\n').slice(1).join('\n'),
    );
  });

  it('writes silence as 0 and every value so that it reads back as the same float32', () => {
    const view = viewWithFrames(5);
    const lines = text(view).trimEnd().split('\n').slice(1);
    const { data } = visibleMatrix(view);
    lines.forEach((line, c) => {
      const fields = line.split(',');
      expect(fields).toHaveLength(ROWS + 1);
      expect(Number(fields[0])).toBeCloseTo(c * FRAME_SECONDS, 9);
      for (let row = 0; row < ROWS; row++) {
        const value = data[row * 5 + c] ?? NaN;
        expect(Math.fround(Number(fields[row + 1]))).toBe(value);
        expect(fields[row + 1]).toBe(formatFloat32(value));
      }
      expect(fields[5]).toBe('0');
    });
  });

  it('gives merged columns their mean and the centre time of their frames', () => {
    const fast = analysisLayout(8000, { J: 6, Q1: 1, Q2: 1 }); // hop 64: two frames per column
    const view = viewWithFrames(4, fast);
    expect(view.history.framesPerColumn).toBe(2);
    const lines = text(view).trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(2);
    const [first] = lines;
    const fields = first?.split(',') ?? [];
    expect(fields[0]).toBe('0.004'); // frames at 0 and 8 ms
    expect(Number(fields[2])).toBeCloseTo((amplitude(0, 1) + amplitude(1, 1)) / 2, 6);
  });
});

/** numpy itself, when this machine has it: the export loads there unchanged. */
const numpyAvailable =
  spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!numpyAvailable)('numpy reads the NPY export', () => {
  it('loads it as float32 [rows, columns] with the same values, and saves it to the same bytes', () => {
    const view = viewWithFrames(30);
    const dir = mkdtempSync(join(tmpdir(), 'scatterscope-export-'));
    try {
      const file = join(dir, 'window.npy');
      writeFileSync(file, visibleNpy(view));
      const script = `
import io, json, sys
import numpy as np
a = np.load(sys.argv[1])
buffer = io.BytesIO()
np.save(buffer, a)
print(json.dumps({"shape": list(a.shape), "dtype": a.dtype.str, "values": a.ravel().tolist(),
                  "sameBytes": buffer.getvalue() == open(sys.argv[1], "rb").read()}))
`;
      const result = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      const loaded = JSON.parse(result.stdout) as {
        shape: number[];
        dtype: string;
        values: number[];
        sameBytes: boolean;
      };
      expect(loaded.shape).toEqual([ROWS, 30]);
      expect(loaded.dtype).toBe('<f4');
      expect(loaded.values).toEqual(Array.from(visibleMatrix(view).data));
      expect(loaded.sameBytes).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
