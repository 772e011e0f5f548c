import { describe, expect, it } from 'vitest';
import { buildLayout, type Layout } from '../../src/core/data/spans';
import { ConditionalSampler, levelProbabilities } from '../../src/core/data/conditional-sampler';
import { Rng } from '../../src/core/rng';
import { mixedLayout, randomMatrix as uniformOrSkewed } from './encoded-fixtures';

const randomMatrix = (layout: Layout, rows: number, seed: number) =>
  uniformOrSkewed(layout, rows, seed, true);

describe('ConditionalSampler.sampleTrain', () => {
  const layout = mixedLayout();
  const rows = 200;
  const matrix = randomMatrix(layout, rows, 7);
  const sampler = ConditionalSampler.fromMatrix(matrix, rows, layout, true);

  it('sets the bit of the chosen level inside the chosen column for every discrete column', () => {
    const draws = sampler.sampleTrain(3000, new Rng(1));
    const seen = new Set<number>();
    for (let i = 0; i < 3000; i += 1) {
      const span = layout.condSpans[draws.spanIndex[i] as number];
      if (!span || span.condStart === null) throw new Error('no conditional span drawn');
      const cond = draws.condIndex[i] as number;
      expect(cond).toBeGreaterThanOrEqual(span.condStart);
      expect(cond).toBeLessThan(span.condStart + span.dim);
      expect(cond - span.condStart).toBe(draws.level[i]);
      seen.add(draws.spanIndex[i] as number);
    }
    expect(seen.size).toBe(layout.condSpans.length);
  });

  it('draws real rows that hold the chosen level, for every discrete column', () => {
    const draws = sampler.sampleTrain(3000, new Rng(2));
    for (let i = 0; i < 3000; i += 1) {
      const span = layout.condSpans[draws.spanIndex[i] as number];
      if (!span || span.condStart === null) throw new Error('no conditional span drawn');
      const row = draws.rowIndex[i] as number;
      const level = (draws.condIndex[i] as number) - span.condStart;
      expect(matrix[row * layout.dataDim + span.start + level]).toBe(1);
    }
  });

  it('picks levels with probability proportional to log(1 + count)', () => {
    const probs = levelProbabilities(
      [
        [3, 1, 0],
        [0, 0],
      ],
      true,
    );
    const z = Math.log(4) + Math.log(2);
    expect(Array.from(probs[0] as Float64Array)).toEqual([Math.log(4) / z, Math.log(2) / z, 0]);
    expect(Array.from(probs[1] as Float64Array)).toEqual([0.5, 0.5]);
    expect(Array.from(levelProbabilities([[3, 1, 0]], false)[0] as Float64Array)).toEqual([
      0.75, 0.25, 0,
    ]);
  });

  it('follows the log-frequency probabilities in its draws', () => {
    const n = 60000;
    const draws = sampler.sampleTrain(n, new Rng(3));
    const s = 2; // the five-level column
    const probs = sampler.trainProbabilities[s] as Float64Array;
    const hits = new Array<number>(probs.length).fill(0);
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      if (draws.spanIndex[i] !== s) continue;
      total += 1;
      const l = draws.level[i] as number;
      hits[l] = (hits[l] ?? 0) + 1;
    }
    expect(total / n).toBeCloseTo(1 / 3, 1);
    probs.forEach((p, k) => expect(Math.abs((hits[k] as number) / total - p)).toBeLessThan(0.015));
  });

  it('counts the levels of the table', () => {
    const counts = sampler.counts.map((c) => c.reduce((a, b) => a + b, 0));
    expect(counts).toEqual([rows, rows, rows]);
  });
});

describe('ConditionalSampler.sampleOriginal', () => {
  const layout = mixedLayout();

  it('picks a column uniformly and a level by its raw frequency', () => {
    const counts = [
      [90, 10],
      [50, 30, 20],
      [1, 2, 3, 4, 90],
    ];
    const sampler = ConditionalSampler.fromCounts(layout, counts);
    const n = 90000;
    const draws = sampler.sampleOriginal(n, new Rng(4));
    const hits = new Array<number>(layout.condDim).fill(0);
    for (const c of draws) hits[c] = (hits[c] ?? 0) + 1;
    // Chi-square over all cond positions; expected = n/3 · count/total.
    let chi2 = 0;
    let cells = 0;
    layout.condSpans.forEach((span, s) => {
      const c = counts[s] as number[];
      const total = c.reduce((a, b) => a + b, 0);
      c.forEach((k, level) => {
        const expected = ((n / 3) * k) / total;
        const observed = hits[(span.condStart as number) + level] as number;
        chi2 += (observed - expected) ** 2 / expected;
        cells += 1;
      });
    });
    // 10 cells, 9 degrees of freedom: the 99.9 % quantile is 27.9.
    expect(cells).toBe(10);
    expect(chi2).toBeLessThan(27.9);
  });

  it('cannot draw training rows when restored from counts alone', () => {
    const sampler = ConditionalSampler.fromCounts(layout, [
      [1, 1],
      [1, 1, 1],
      [1, 1, 1, 1, 1],
    ]);
    expect(() => sampler.sampleTrain(4, new Rng(1))).toThrow(/restored/);
  });

  it('rejects counts that do not match the layout', () => {
    expect(() => ConditionalSampler.fromCounts(layout, [[1, 1]])).toThrow();
  });
});

describe('ConditionalSampler without discrete columns', () => {
  const layout = buildLayout([
    { column: 'x', role: 'scalar', dim: 1, activation: 'tanh' },
    { column: 'x', role: 'component', dim: 2, activation: 'softmax' },
  ]);

  it('has a conditional vector of width 0 and samples rows uniformly', () => {
    const rows = 10;
    const sampler = ConditionalSampler.fromMatrix(
      randomMatrix(layout, rows, 5),
      rows,
      layout,
      true,
    );
    expect(sampler.condDim).toBe(0);
    const draws = sampler.sampleTrain(20000, new Rng(6));
    expect(draws.condIndex.length).toBe(0);
    const hits = new Array<number>(rows).fill(0);
    for (const r of draws.rowIndex) hits[r] = (hits[r] ?? 0) + 1;
    for (const h of hits) expect(Math.abs(h / 20000 - 0.1)).toBeLessThan(0.01);
    expect(sampler.sampleOriginal(5, new Rng(1)).length).toBe(0);
  });
});
