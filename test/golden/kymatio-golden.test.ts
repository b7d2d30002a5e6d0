/**
 * Golden tests: every case Kymatio computed (../shared/reference/kymatio), every frame.
 *
 * Tolerances, relative to each row's largest value:
 * - float64: 1e-9 on every row and frame.
 * - float32: 1e-4 on every row within 60 dB of the largest coefficient of the case, and 1e-6 of
 *   that largest coefficient everywhere. Rows further down are at float32's noise floor: rounding
 *   the input to float32 alone moves them by more than 1e-4 of their own size (measured: 3e-3 on
 *   case c with a float64 engine fed the float32-rounded signal).
 * - Streaming from an unknown past (taken as silence), on frames at least 20·max(T, 2^J) samples
 *   from both ends: the same tolerances, per row on the rows within 60 dB of the largest
 *   coefficient. Below that, the onset the stream starts with still weighs more than 1e-9 of such
 *   a row (case c, rows 1e-9 below the largest: 0.5 of row max, 1e-14 of the largest).
 */
import { describe, expect, it } from 'vitest';
import { makeFourierFilter, evaluateRaw } from '../../src/dsp/filter-bank.js';
import {
  createScatteringEngine,
  kymatioFrameGrid,
  normalizeParams,
  scatteringLayout,
  type Precision,
  type ScatteringOptions,
} from '../../src/dsp/index.js';
import { collectStream } from '../support/signals.js';
import {
  loadReferenceCase,
  referenceCaseNames,
  type ReferenceCase,
} from '../support/kymatio-reference.js';

const cases = referenceCaseNames().map(loadReferenceCase);

function optionsOf(c: ReferenceCase): ScatteringOptions {
  return {
    J: c.params.J,
    Q: c.params.Q,
    ...(c.params.T === null ? {} : { T: c.params.T }),
    maxOrder: c.params.max_order,
    oversampling: c.params.oversampling,
  };
}

interface Mismatch {
  /** Worst |got - want| / row max over the rows checked against their own size. */
  readonly worstRowRelative: number;
  readonly worstRow: number;
  /** Worst |got - want| / largest coefficient of the case, over all rows. */
  readonly worstGlobalRelative: number;
}

/**
 * Compares [rows, frames] arrays over frames [fromFrame, toFrame) of `want`; `got` may start at
 * another frame (`gotOffset` = got's frame index of want's frame 0).
 */
function compare(
  got: ArrayLike<number>,
  gotFrames: number,
  gotOffset: number,
  want: Float64Array,
  shape: readonly [number, number],
  fromFrame: number,
  toFrame: number,
  rowFloor: number,
): Mismatch {
  const [rows, frames] = shape;
  let globalMax = 0;
  for (const v of want) globalMax = Math.max(globalMax, Math.abs(v));
  let worstRowRelative = 0;
  let worstRow = -1;
  let worstGlobal = 0;
  for (let r = 0; r < rows; r++) {
    let rowMax = 0;
    let rowErr = 0;
    for (let f = fromFrame; f < toFrame; f++) {
      const w = want[r * frames + f]!;
      rowMax = Math.max(rowMax, Math.abs(w));
      rowErr = Math.max(rowErr, Math.abs(got[r * gotFrames + f + gotOffset]! - w));
    }
    worstGlobal = Math.max(worstGlobal, rowErr / globalMax);
    if (rowMax >= rowFloor * globalMax && rowErr / rowMax > worstRowRelative) {
      worstRowRelative = rowErr / rowMax;
      worstRow = r;
    }
  }
  return { worstRowRelative, worstRow, worstGlobalRelative: worstGlobal };
}

/** Rows checked against their own size in the unknown-past test: within 60 dB of the largest. */
const LIVE_ROW_FLOOR = 1e-3;

const TOLERANCE: Record<Precision, { row: number; global: number; rowFloor: number }> = {
  float64: { row: 1e-9, global: 1e-9, rowFloor: 0 },
  float32: { row: 1e-4, global: 1e-6, rowFloor: 1e-3 },
};

describe.each(cases.map((c) => [c.name, c] as const))('Kymatio case %s', (_name, reference) => {
  const options = optionsOf(reference);

  it('has Kymatio’s rows and metadata, in Kymatio’s order', () => {
    const layout = scatteringLayout(normalizeParams(options));
    expect(layout.paths.length).toBe(reference.shape[0]);
    layout.paths.forEach((path, row) => {
      const want = reference.rows[row]!;
      expect([path.order, path.n1, path.n2, path.j1, path.j2]).toEqual([
        want.order,
        want.n1,
        want.n2,
        want.j1,
        want.j2,
      ]);
      for (const key of ['xi1', 'sigma1', 'xi2', 'sigma2'] as const) {
        if (want[key] === null) expect(path[key]).toBeNull();
        else expect(path[key]).toBeCloseTo(want[key], 14);
      }
    });
  });

  it('pads and places frames as Kymatio does', () => {
    const grid = kymatioFrameGrid(normalizeParams(options), reference.signal.length);
    expect([grid.paddedLength, grid.padLeft, grid.padRight]).toEqual([
      reference.padding.N_padded,
      reference.padding.pad_left,
      reference.padding.pad_right,
    ]);
    expect([grid.frames, grid.hop, grid.firstCentre]).toEqual([
      reference.frames.n_frames,
      reference.frames.hop,
      reference.frames.first_center,
    ]);
  });

  it('builds Kymatio’s filters, bin for bin', () => {
    const n = reference.filters.N_padded;
    let worst = 0;
    for (const spec of reference.filters.filters) {
      const filter = makeFourierFilter(spec.xi, spec.sigma);
      const { start, step, count, offset } = spec.bins;
      for (let m = 0; m < count; m++) {
        const k = (start + m * step) % n;
        const got = evaluateRaw(filter, k / n) * filter.scale;
        worst = Math.max(worst, Math.abs(got - reference.filterValues[offset + m]!) / spec.peak);
      }
    }
    console.log(`${reference.name}: filters within ${worst.toExponential(2)} of their peak`);
    expect(worst).toBeLessThan(1e-12);
  });

  describe.each(['float64', 'float32'] as const)('in %s', (precision) => {
    const tolerance = TOLERANCE[precision];

    it('equals Kymatio on every frame of the whole signal', async () => {
      const engine = await createScatteringEngine(options, precision);
      const result = engine.transform(reference.signal);
      expect([result.rows, result.frames]).toEqual([...reference.shape]);
      const m = compare(
        result.data,
        result.frames,
        0,
        reference.S,
        reference.shape,
        0,
        reference.shape[1],
        tolerance.rowFloor,
      );
      console.log(
        `${reference.name} ${precision}: worst ${m.worstRowRelative.toExponential(2)} of row max (row ${String(m.worstRow)}), ${m.worstGlobalRelative.toExponential(2)} of the largest coefficient`,
      );
      expect(m.worstRowRelative).toBeLessThan(tolerance.row);
      expect(m.worstGlobalRelative).toBeLessThan(tolerance.global);
    });

    it('streaming from an unknown past equals Kymatio on the interior frames', async () => {
      const engine = await createScatteringEngine(options, precision, 'latency');
      const streamed = collectStream(engine, [
        reference.signal.subarray(0, 5000),
        reference.signal.subarray(5000),
      ]);
      const hop = reference.frames.hop;
      const margin = 20 * Math.max(reference.params.T_effective, 2 ** reference.params.J);
      const n = reference.signal.length;
      // Kymatio's frame f is centred on first_center + f·hop; the stream's frame i on i·hop.
      const fromFrame = Math.ceil((margin - reference.frames.first_center) / hop);
      const toFrame = Math.floor((n - margin - reference.frames.first_center) / hop) + 1;
      expect(toFrame).toBeGreaterThan(fromFrame);
      const offset = reference.frames.first_center / hop - streamed.firstFrame;
      expect(streamed.firstFrame).toBeLessThanOrEqual(
        fromFrame + reference.frames.first_center / hop,
      );
      const m = compare(
        streamed.data,
        streamed.frames,
        offset,
        reference.S,
        reference.shape,
        fromFrame,
        toFrame,
        LIVE_ROW_FLOOR,
      );
      console.log(
        `${reference.name} ${precision} live: frames ${String(fromFrame)}..${String(toFrame - 1)} within ${m.worstRowRelative.toExponential(2)} of row max (row ${String(m.worstRow)}), ${m.worstGlobalRelative.toExponential(2)} of the largest coefficient`,
      );
      expect(m.worstRowRelative).toBeLessThan(tolerance.row);
      expect(m.worstGlobalRelative).toBeLessThan(tolerance.global);
    });
  });
});
