/**
 * Loads the Kymatio reference cases in ../shared/reference/kymatio (see its README.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readNpy } from '../../src/io/npy.js';
import type { PathMeta } from '../../src/protocol/layout.js';

export const REFERENCE_DIR = fileURLToPath(
  new URL('../../../shared/reference/kymatio/', import.meta.url),
);

export interface ReferenceFilter {
  readonly name: string;
  readonly order: number;
  readonly n: number | null;
  readonly xi: number;
  readonly sigma: number;
  readonly j: number;
  readonly bins: {
    readonly start: number;
    readonly step: number;
    readonly count: number;
    readonly offset: number;
  };
  readonly peak: number;
}

/** Kymatio's `meta()` row: the same fields as the engine's own row metadata. */
export type ReferenceRow = PathMeta;

export interface ReferenceCase {
  readonly name: string;
  readonly params: {
    readonly J: number;
    readonly Q: [number, number];
    readonly T: number | null;
    readonly max_order: 1 | 2;
    readonly oversampling: number;
    readonly T_effective: number;
  };
  readonly padding: {
    readonly N_padded: number;
    readonly pad_left: number;
    readonly pad_right: number;
  };
  readonly frames: {
    readonly n_frames: number;
    readonly hop: number;
    readonly first_center: number;
  };
  readonly rows: readonly ReferenceRow[];
  readonly signal: Float64Array;
  /** Row-major [rows, frames]. */
  readonly S: Float64Array;
  readonly shape: readonly [number, number];
  readonly filters: { readonly N_padded: number; readonly filters: readonly ReferenceFilter[] };
  readonly filterValues: Float64Array;
}

function float64Npy(path: string): { data: Float64Array; shape: readonly number[] } {
  const array = readNpy(readFileSync(path));
  if (!(array.data instanceof Float64Array)) throw new Error(`${path}: expected float64`);
  return { data: array.data, shape: array.shape };
}

export function referenceCaseNames(): string[] {
  return readdirSync(REFERENCE_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function loadReferenceCase(name: string): ReferenceCase {
  const dir = `${REFERENCE_DIR}${name}/`;
  const meta = JSON.parse(readFileSync(`${dir}meta.json`, 'utf8')) as Omit<
    ReferenceCase,
    'name' | 'signal' | 'S' | 'shape' | 'filters' | 'filterValues'
  >;
  const S = float64Npy(`${dir}S.npy`);
  return {
    ...meta,
    name,
    signal: float64Npy(`${dir}signal.npy`).data,
    S: S.data,
    shape: [S.shape[0]!, S.shape[1]!],
    filters: JSON.parse(readFileSync(`${dir}filters.json`, 'utf8')) as ReferenceCase['filters'],
    filterValues: float64Npy(`${dir}filters_values.npy`).data,
  };
}
