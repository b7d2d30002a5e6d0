/**
 * CSV output: column names, number formatting, and the lines written.
 */
import { describe, expect, it } from 'vitest';
import { normalizeParams, scatteringLayout } from '../../src/dsp/index.js';
import { csvColumnNames, CsvFrameWriter, formatFloat32 } from '../../src/io/csv.js';
import { MemoryOutputSink } from '../../src/io/output-sink.js';

const layout = scatteringLayout(normalizeParams({ J: 4, Q: [2, 1] }));

describe('CSV column names', () => {
  it('name the frame centre, then every row by its frequencies in Hz', () => {
    const names = csvColumnNames(layout.paths, 8000);
    expect(names[0]).toBe('time_s');
    expect(names[1]).toBe('S0');
    expect(names[2]).toMatch(/^S1\(\d+\.\d+Hz\)$/);
    expect(names.at(-1)).toMatch(/^S2\(\d+\.\d+Hz x \d+\.\d+Hz\)$/);
    expect(names).toHaveLength(layout.paths.length + 1);
  });

  it('are unique and free of commas and quotes', () => {
    const names = csvColumnNames(
      scatteringLayout(normalizeParams({ J: 8, Q: [8, 2] })).paths,
      44100,
    );
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).not.toMatch(/[,"\n]/);
  });

  it('use cycles per sample and sample indices when the sample rate is unknown', () => {
    const names = csvColumnNames(layout.paths, null);
    expect(names[0]).toBe('centre_sample');
    expect(names[2]).toMatch(/^S1\([\d.]+cps\)$/);
  });
});

describe('float32 values', () => {
  it('print as the shortest decimal that reads back as the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(0)).toBe('0');
    expect(formatFloat32(Math.fround(1 / 3))).toBe('0.33333334');
    for (const value of [1e-30, 123456.789, -7.5e-8, Math.PI, 2 ** -149]) {
      const f = Math.fround(value);
      expect(Math.fround(Number(formatFloat32(f)))).toBe(f);
    }
  });
});

describe('CsvFrameWriter', () => {
  it('writes a header and one line per frame with its centre time', () => {
    const sink = new MemoryOutputSink();
    const paths = layout.paths.slice(0, 2);
    const writer = new CsvFrameWriter(sink, {
      paths,
      frames: 2,
      firstCentre: 8,
      hop: 16,
      sampleRate: 8000,
      precision: 'float64',
    });
    writer.writeFrame(Float64Array.of(0.5, 0.25), 0);
    writer.writeFrame(Float64Array.of(1e-20, 3), 1);
    writer.finish();
    const lines = new TextDecoder().decode(sink.bytes()).split('\n');
    expect(lines[0]).toBe(csvColumnNames(paths, 8000).join(','));
    expect(lines.slice(1)).toEqual(['0.001,0.5,0.25', '0.003,1e-20,3', '']);
  });

  it('writes sample indices without a sample rate', () => {
    const sink = new MemoryOutputSink();
    const writer = new CsvFrameWriter(sink, {
      paths: layout.paths.slice(0, 1),
      frames: 1,
      firstCentre: 8,
      hop: 16,
      sampleRate: null,
      precision: 'float32',
    });
    writer.writeFrame(Float32Array.of(0.1), 0);
    writer.finish();
    expect(new TextDecoder().decode(sink.bytes())).toBe('centre_sample,S0\n8,0.1\n');
  });
});
