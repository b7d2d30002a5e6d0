/**
 * Grouping a stage's filters into blocks: every filter computed once, in a block that holds it,
 * within the latency allowed, and short filters kept out of the long filters' blocks.
 */
import { describe, expect, it } from 'vitest';
import {
  fftCost,
  minimumBlockSize,
  planBlockGroups,
  type PlannedFilter,
} from '../../src/dsp/block-planner.js';
import { PRECISION_COSTS } from '../../src/dsp/graph-template.js';

/** A stage like stage 1 of a Q = 8 bank: half-widths doubling every 8 filters, φ the longest. */
function waveletStage(octaves: number): PlannedFilter[] {
  const filters: PlannedFilter[] = [];
  for (let n = 0; n < 8 * octaves; n++) {
    const octave = Math.floor(n / 8);
    filters.push({
      halfWidth: Math.ceil(40 * 2 ** (n / 8)),
      log2Decimation: octave,
      spectralFraction: Math.min(1, 0.4 / 2 ** (n / 8)),
    });
  }
  filters.push({
    halfWidth: 40 * 2 ** octaves * 2,
    log2Decimation: octaves,
    spectralFraction: 0.001,
  });
  return filters;
}

const costs = PRECISION_COSTS.float32;

describe('block planner', () => {
  const filters = waveletStage(10);

  it('computes every filter exactly once, in a block that holds it', () => {
    const groups = planBlockGroups(filters, costs, {
      maxDelay: Number.POSITIVE_INFINITY,
      maxBlockSize: 1 << 20,
      minFftSize: 32,
    });
    const members = groups.flatMap((g) => g.members).sort((a, b) => a - b);
    expect(members).toEqual(filters.map((_, i) => i));
    for (const group of groups) {
      const own = group.members.map((i) => filters[i]!);
      const alignment = Math.max(...own.map((f) => f.log2Decimation));
      expect(group.log2Alignment).toBe(alignment);
      expect(group.halfWidth).toBeGreaterThanOrEqual(Math.max(...own.map((f) => f.halfWidth)));
      expect(group.halfWidth % 2 ** alignment).toBe(0);
      expect(Math.log2(group.blockSize) % 1).toBe(0);
      expect(group.blockSize).toBeGreaterThanOrEqual(
        minimumBlockSize(group.halfWidth, alignment, 32),
      );
    }
  });

  it('keeps short filters out of the long filters’ blocks', () => {
    const groups = planBlockGroups(filters, costs, {
      maxDelay: Number.POSITIVE_INFINITY,
      maxBlockSize: 1 << 20,
      minFftSize: 32,
    });
    const shortest = groups.find((g) => g.members.includes(0))!;
    const longest = groups.find((g) => g.members.includes(filters.length - 1))!;
    expect(groups.length).toBeGreaterThan(1);
    expect(shortest.blockSize * 8).toBeLessThanOrEqual(longest.blockSize);
  });

  it('prices a block’s points higher once its data no longer fits the cache', () => {
    // Per point and per log2 n, without the fixed cost of a call.
    const perPoint = (size: number, complex: boolean): number =>
      (fftCost(costs, size, complex) - costs.perCall) / (size * Math.log2(size));
    const cachedComplex = costs.cachedBytes / (2 * costs.bytesPerValue);
    const cachedReal = costs.cachedBytes / costs.bytesPerValue;
    expect(perPoint(cachedComplex, true)).toBeCloseTo(costs.complexPerPoint, 12);
    expect(perPoint(cachedReal, false)).toBeCloseTo(costs.realPerPoint, 12);
    expect(perPoint(cachedReal, true)).toBeCloseTo(
      costs.complexPerPoint * (1 + costs.perDoublingBeyondCache),
      12,
    );
    expect(perPoint(4 * cachedReal, false)).toBeCloseTo(
      costs.realPerPoint * (1 + 2 * costs.perDoublingBeyondCache),
      12,
    );
  });

  it('stays within the delay allowed, or uses the smallest blocks when nothing fits', () => {
    const alignment = 10;
    const halfWidth = Math.ceil(filters.at(-1)!.halfWidth / 2 ** alignment) * 2 ** alignment;
    const single = minimumBlockSize(halfWidth, alignment, 32);
    const maxDelay = single - 1 - halfWidth;
    const groups = planBlockGroups(filters, costs, {
      maxDelay,
      maxBlockSize: single,
      minFftSize: 32,
    });
    expect(groups.length).toBeGreaterThan(1);
    for (const group of groups) {
      expect(group.blockSize - 1 - group.halfWidth).toBeLessThanOrEqual(maxDelay);
    }
    const tight = planBlockGroups(filters, costs, {
      maxDelay: 0,
      maxBlockSize: single,
      minFftSize: 32,
    });
    for (const group of tight) {
      expect(group.blockSize).toBe(minimumBlockSize(group.halfWidth, group.log2Alignment, 32));
    }
  });
});
