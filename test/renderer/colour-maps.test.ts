/**
 * Colour lookup tables as the heatmaps paint them: 256 opaque colours whose bytes, in an
 * ImageData, are R, G, B, A; the floor of the dB range is the map's first colour and the
 * ceiling its last (matplotlib's viridis and magma endpoints, black to white in grey).
 */
import { describe, expect, it } from 'vitest';
import {
  COLOUR_MAP_NAMES,
  colourTable,
  cssColours,
  isColourMapName,
} from '../../renderer/model/colour-maps.js';

/** [R, G, B, A] of entry `index`, as a canvas reads the table's memory (little-endian bytes). */
function rgba(table: Uint32Array, index: number): number[] {
  return Array.from(new Uint8Array(table.buffer, table.byteOffset + 4 * index, 4));
}

/** Relative luminance (Rec. 709 weights on the sRGB values): how light a colour looks. */
function lightness(table: Uint32Array, index: number): number {
  const [r = 0, g = 0, b = 0] = rgba(table, index);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('colour tables', () => {
  it('hold 256 opaque colours for every map', () => {
    for (const name of COLOUR_MAP_NAMES) {
      const table = colourTable(name);
      expect(table.length).toBe(256);
      for (let i = 0; i < 256; i++) expect(rgba(table, i)[3]).toBe(255);
    }
  });

  it("begin and end on matplotlib's viridis colours: #440154 at the floor, #fde725 at the ceiling", () => {
    const viridis = colourTable('viridis');
    expect(rgba(viridis, 0)).toEqual([0x44, 0x01, 0x54, 255]);
    expect(rgba(viridis, 255)).toEqual([0xfd, 0xe7, 0x25, 255]);
  });

  it("begin and end on matplotlib's magma colours: #000004 and #fcfdbf", () => {
    const magma = colourTable('magma');
    expect(rgba(magma, 0)).toEqual([0x00, 0x00, 0x04, 255]);
    expect(rgba(magma, 255)).toEqual([0xfc, 0xfd, 0xbf, 255]);
  });

  it('run grey from black through mid-grey to white, one level per entry', () => {
    const grey = colourTable('grey');
    for (let i = 0; i < 256; i++) expect(rgba(grey, i)).toEqual([i, i, i, 255]);
  });

  it('get lighter from floor to ceiling, so a louder band never looks darker', () => {
    for (const name of COLOUR_MAP_NAMES) {
      const table = colourTable(name);
      expect(lightness(table, 255) - lightness(table, 0), name).toBeGreaterThan(190);
      // Each channel is rounded to a byte: half a level either way.
      for (let i = 1; i < 256; i++)
        expect(lightness(table, i), `${name}[${String(i)}]`).toBeGreaterThan(
          lightness(table, i - 1) - 0.5,
        );
    }
  });

  it('blend between stops without jumps (no channel moves more than 16 levels per entry)', () => {
    for (const name of COLOUR_MAP_NAMES) {
      const table = colourTable(name);
      for (let i = 1; i < 256; i++) {
        const [a, b] = [rgba(table, i - 1), rgba(table, i)];
        for (let c = 0; c < 3; c++)
          expect(Math.abs((a[c] ?? 0) - (b[c] ?? 0)), `${name}[${i}]`).toBeLessThanOrEqual(16);
      }
    }
  });
});

describe('cssColours', () => {
  it('gives the same 256 colours as CSS strings for the modulation matrix', () => {
    const viridis = colourTable('viridis');
    const css = cssColours(viridis);
    expect(css).toHaveLength(256);
    expect(css[0]).toBe('rgb(68 1 84)');
    expect(css[255]).toBe('rgb(253 231 37)');
    for (let i = 0; i < 256; i++) {
      const [r, g, b] = rgba(viridis, i);
      expect(css[i]).toBe(`rgb(${String(r)} ${String(g)} ${String(b)})`);
    }
    expect(cssColours(colourTable('grey'))[128]).toBe('rgb(128 128 128)');
  });
});

describe('isColourMapName', () => {
  it('accepts the three offered maps and nothing else', () => {
    expect(COLOUR_MAP_NAMES.filter((name) => isColourMapName(name))).toEqual([
      'viridis',
      'magma',
      'grey',
    ]);
    for (const other of ['jet', 'Viridis', '', null, undefined, 0, {}])
      expect(isColourMapName(other)).toBe(false);
  });
});
