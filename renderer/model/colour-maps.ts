/**
 * Colour lookup tables: 256 entries packed as RGBA bytes in a Uint32 (little-endian, as an
 * ImageData's Uint32Array view expects: 0xAABBGGRR). Viridis and magma are matplotlib's maps,
 * interpolated linearly between ten of their colours.
 */
export const COLOUR_MAP_NAMES = ['viridis', 'magma', 'grey'] as const;
export type ColourMapName = (typeof COLOUR_MAP_NAMES)[number];

const STOPS: Record<ColourMapName, readonly number[]> = {
  viridis: [
    0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b,
    0xfde725,
  ],
  magma: [
    0x000004, 0x180f3d, 0x440f76, 0x721f81, 0x9e2f7f, 0xcd4071, 0xf1605d, 0xfd9668, 0xfeca8d,
    0xfcfdbf,
  ],
  grey: [0x000000, 0xffffff],
};

const channel = (rgb: number, shift: number): number => (rgb >> shift) & 0xff;

function buildTable(stops: readonly number[]): Uint32Array {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const position = (i / 255) * (stops.length - 1);
    const low = Math.min(Math.floor(position), stops.length - 2);
    const fraction = position - low;
    const a = stops[low] ?? 0;
    const b = stops[low + 1] ?? 0;
    const mix = (shift: number): number =>
      Math.round(channel(a, shift) * (1 - fraction) + channel(b, shift) * fraction);
    table[i] = ((0xff << 24) | (mix(0) << 16) | (mix(8) << 8) | mix(16)) >>> 0;
  }
  return table;
}

const TABLES = new Map<ColourMapName, Uint32Array>();

export function colourTable(name: ColourMapName): Uint32Array {
  let table = TABLES.get(name);
  if (table === undefined) {
    table = buildTable(STOPS[name]);
    TABLES.set(name, table);
  }
  return table;
}

export const isColourMapName = (value: unknown): value is ColourMapName =>
  (COLOUR_MAP_NAMES as readonly unknown[]).includes(value);

const CSS_TABLES = new WeakMap<Uint32Array, readonly string[]>();

/** The table's 256 colours as CSS strings (for canvas fills), built once per table. */
export function cssColours(table: Uint32Array): readonly string[] {
  let colours = CSS_TABLES.get(table);
  if (colours === undefined) {
    colours = Array.from(
      table,
      (packed) => `rgb(${packed & 0xff} ${(packed >> 8) & 0xff} ${(packed >> 16) & 0xff})`,
    );
    CSS_TABLES.set(table, colours);
  }
  return colours;
}
