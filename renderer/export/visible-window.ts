/**
 * The visible window (the displayed history, every row of the layout) as files: NPY of shape
 * [rows, columns] float32, like `scatterscope analyse --out x.npy`, and CSV with one line per
 * column, the column's centre time first, headed by the project's path labels, like
 * `analyse --out x.csv`. Columns are frames, or means of `framesPerColumn` frames at high frame
 * rates.
 */
import { pathLabel } from '../../src/protocol/layout.js';
import type { AnalysisView } from '../model/analysis-view.js';

/** [rows, columns] row-major, oldest column first; and each column's centre in seconds. */
export function visibleMatrix(view: AnalysisView): { data: Float32Array; seconds: Float64Array } {
  const { history } = view;
  const columns = history.size;
  const rows = history.rows;
  const data = new Float32Array(rows * columns);
  const seconds = new Float64Array(columns);
  for (let c = 0; c < columns; c++) {
    const slot = history.slotOfAge(columns - 1 - c);
    const column = history.column(slot);
    seconds[c] = history.times[slot] ?? 0;
    for (let row = 0; row < rows; row++) data[row * columns + c] = column[row] ?? 0;
  }
  return { data, seconds };
}

/** NPY format 1.0, little-endian float32, C order. */
export function npyBytes(data: Float32Array, shape: readonly number[]): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const prefix = 10;
  const padded = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(padded - prefix - 1, ' ') + '\n';
  const bytes = new Uint8Array(prefix + header.length + data.byteLength);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(bytes.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[prefix + i] = header.charCodeAt(i);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), prefix + header.length);
  return bytes;
}

export function visibleNpy(view: AnalysisView): Uint8Array {
  const { data } = visibleMatrix(view);
  return npyBytes(data, [view.history.rows, view.history.size]);
}

/** The shortest decimal that reads back as the same float32. */
function formatFloat32(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  for (let digits = 6; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}

export function visibleCsv(view: AnalysisView): Uint8Array {
  const { data, seconds } = visibleMatrix(view);
  const { sampleRate } = view.layout;
  const columns = seconds.length;
  const rows = view.history.rows;
  const lines = [['time_s', ...view.paths.map((path) => pathLabel(path, sampleRate))].join(',')];
  for (let c = 0; c < columns; c++) {
    const line = [String(Number((seconds[c] ?? 0).toFixed(6)))];
    for (let row = 0; row < rows; row++) line.push(formatFloat32(data[row * columns + c] ?? 0));
    lines.push(line.join(','));
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}
