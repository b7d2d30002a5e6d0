/**
 * Scattering frames as CSV: one line per frame, one column per row (path), after a first column
 * with the frame's centre (seconds when the sample rate is known, else the sample index).
 *
 * Column names are the project's path labels (src/protocol/layout.ts), free of commas and quotes:
 *   time_s,S0,S1(9600.00Hz),S2(9600.00Hz x 37.5000Hz)
 * with centre frequencies (Kymatio's xi times the sample rate) to 6 significant digits; without
 * a sample rate the first column is `centre_sample` and frequencies are in cycles per sample:
 *   centre_sample,S0,S1(0.350000cps),S2(0.350000cps x 0.00146484cps)
 */
import { pathLabel, type PathMeta } from '../protocol/layout.js';
import { checkFrameOrder, type FrameWriter } from './frame-writer.js';
import type { OutputSink } from './output-sink.js';

/** Every column name: the frame centre, then one per row (the project's path labels). */
export function csvColumnNames(paths: readonly PathMeta[], sampleRate: number | null): string[] {
  return [
    sampleRate === null ? 'centre_sample' : 'time_s',
    ...paths.map((path) => pathLabel(path, sampleRate)),
  ];
}

/** The shortest decimal that reads back as the same float32 (`0.1` rather than `0.10000000149011612`). */
export function formatFloat32(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  for (let digits = 6; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}

/** Characters gathered before a write: few system calls, little memory. */
const FLUSH_CHARS = 1 << 20;

export interface CsvFrameWriterOptions {
  readonly paths: readonly PathMeta[];
  readonly frames: number;
  /** Input sample of the centre of frame 0, and samples between frames. */
  readonly firstCentre: number;
  readonly hop: number;
  readonly sampleRate: number | null;
  /** Values are written as the shortest decimal of their precision. */
  readonly precision: 'float32' | 'float64';
}

export class CsvFrameWriter implements FrameWriter {
  private readonly encoder = new TextEncoder();
  private readonly format: (value: number) => string;
  private pending: string[] = [];
  private pendingChars = 0;
  private next = 0;

  constructor(
    private readonly sink: OutputSink,
    private readonly options: CsvFrameWriterOptions,
  ) {
    this.format = options.precision === 'float32' ? formatFloat32 : String;
    this.push(`${csvColumnNames(options.paths, options.sampleRate).join(',')}\n`);
  }

  writeFrame(frame: Float32Array | Float64Array, index: number): void {
    const { frames, paths, firstCentre, hop, sampleRate } = this.options;
    checkFrameOrder(index, this.next, frames);
    if (frame.length !== paths.length) {
      throw new Error(
        `frame ${String(index)} has ${String(frame.length)} values for ${String(paths.length)} rows`,
      );
    }
    const centre = firstCentre + index * hop;
    let line = sampleRate === null ? String(centre) : String(centre / sampleRate);
    for (const value of frame) line += `,${this.format(value)}`;
    this.push(`${line}\n`);
    this.next++;
  }

  finish(): void {
    if (this.next !== this.options.frames) {
      throw new Error(`${String(this.next)} of ${String(this.options.frames)} frames were written`);
    }
    this.flush();
  }

  private push(line: string): void {
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.sink.append(this.encoder.encode(this.pending.join('')));
    this.pending = [];
    this.pendingChars = 0;
  }
}
