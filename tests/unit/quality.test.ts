import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import type { DiscreteColumn, ModelTable, NumericColumn } from '../../src/core/data/model-table';
import { inferSchema } from '../../src/core/data/schema-inference';
import { evalTables } from '../../src/core/eval/eval-tables';
import { evaluate } from '../../src/core/eval/evaluate';
import {
  binEdges,
  columnShapes,
  digitize,
  ksComplement,
  pairTrends,
  pearson,
  qualityReport,
  tvComplement,
} from '../../src/core/eval/quality';

const num = (name: string, values: number[]): NumericColumn => ({
  type: 'numeric',
  name,
  values: Float64Array.from(values),
  integer: false,
});
const cat = (name: string, codes: number[], levels: (string | null)[]): DiscreteColumn => ({
  type: 'discrete',
  name,
  codes: Int32Array.from(codes),
  levels,
});
const tableOf = (...columns: (NumericColumn | DiscreteColumn)[]): ModelTable => ({
  rows: columns[0]
    ? columns[0].type === 'numeric'
      ? columns[0].values.length
      : columns[0].codes.length
    : 0,
  columns,
});
const f = (values: number[]) => Float64Array.from(values);

describe('KSComplement', () => {
  it('is 1 for the same values and 0 for disjoint ranges', () => {
    expect(ksComplement(f([1, 2, 3]), f([3, 2, 1]))).toBe(1);
    expect(ksComplement(f([1, 2]), f([5, 6, 7]))).toBe(0);
  });

  it('is 1 minus the largest gap between the two empirical distribution functions', () => {
    // F_real(4) = 1, F_synth(4) = 0.5
    expect(ksComplement(f([1, 2, 3, 4]), f([3, 4, 5, 6]))).toBeCloseTo(0.5, 12);
  });

  it('leaves missing values out, and gives 0 for an all-missing synthetic column', () => {
    expect(ksComplement(f([1, 2, NaN]), f([NaN, 2, 1]))).toBe(1);
    expect(ksComplement(f([1, 2]), f([NaN, NaN]))).toBe(0);
    expect(ksComplement(f([NaN]), f([1]))).toBeNaN();
  });
});

describe('TVComplement', () => {
  const levels = ['a', 'b', null];
  it('is 1 minus the total variation distance of the category shares, missing left out', () => {
    const real = cat('c', [0, 1, 0, 1], levels);
    const synth = cat('c', [0, 0, 2, 2], levels);
    // real a .5 b .5; synth a 1 -> TVD 0.5
    expect(tvComplement(real, synth)).toBeCloseTo(0.5, 12);
    expect(tvComplement(real, cat('c', [1, 0, 2], levels))).toBe(1);
  });
});

describe('pair trends', () => {
  it('scores opposite correlations 0 and equal ones 1', () => {
    const real = tableOf(num('x', [1, 2, 3, 4]), num('y', [2, 4, 6, 8]));
    const flipped = tableOf(num('x', [1, 2, 3, 4]), num('y', [8, 6, 4, 2]));
    expect(pairTrends(real, flipped)[0]?.score).toBeCloseTo(0, 12);
    expect(pairTrends(real, real)[0]).toMatchObject({
      metric: 'CorrelationSimilarity',
      real: 1,
      synth: 1,
    });
  });

  it('leaves a pair with a constant column undefined, and out of the mean', () => {
    const real = tableOf(num('x', [1, 2, 3]), num('k', [5, 5, 5]), num('y', [3, 1, 2]));
    const report = qualityReport(real, real);
    const undefinedPair = report.pairs.find((p) => p.b === 'k' || p.a === 'k');
    expect(undefinedPair?.score).toBeNaN();
    expect(report.pairs.at(-1)?.score).toBeNaN();
    expect(report.columnPairTrends).toBe(1);
  });

  it('compares the two-way tables of a numeric and a categorical column, binned on each own range', () => {
    const levels = ['a', 'b'];
    const real = tableOf(num('x', [0, 1, 9, 10]), cat('c', [0, 0, 1, 1], levels));
    // synthetic x spans 0-100 and is cut on its own range, so the same shape scores 1
    const scaled = tableOf(num('x', [0, 10, 90, 100]), cat('c', [0, 0, 1, 1], levels));
    expect(pairTrends(real, scaled)[0]).toMatchObject({
      metric: 'ContingencySimilarity',
      score: 1,
    });
    const swapped = tableOf(num('x', [0, 1, 9, 10]), cat('c', [1, 1, 0, 0], levels));
    expect(pairTrends(real, swapped)[0]?.score).toBeCloseTo(0, 12);
  });

  it('bins like numpy: ten equal-width bins, the maximum and missing values in code 11', () => {
    const edges = binEdges(0, 10);
    expect(Array.from(edges)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Array.from(digitize(f([0, 0.5, 5, 9.99, 10, NaN]), edges))).toEqual([
      1, 1, 6, 10, 11, 11,
    ]);
    expect(Array.from(binEdges(3, 3, 2))).toEqual([2.5, 3, 3.5]);
  });

  it('computes Pearson correlation on complete cases only', () => {
    expect(pearson(f([1, 2, 3, NaN]), f([2, 4, 6, 100]))).toBeCloseTo(1, 12);
    expect(pearson(f([1, 1]), f([1, 2]))).toBeNaN();
  });
});

describe('the quality report', () => {
  it('averages the two properties and lists columns and pairs worst first', () => {
    const real = tableOf(
      num('x', [1, 2, 3, 4]),
      num('y', [1, 2, 3, 4]),
      cat('c', [0, 1, 0, 1], ['a', 'b']),
    );
    const synth = tableOf(
      num('x', [1, 2, 3, 4]),
      num('y', [3, 4, 5, 6]),
      cat('c', [0, 0, 0, 1], ['a', 'b']),
    );
    const r = qualityReport(real, synth);
    expect(r.columns.map((c) => c.column)).toEqual(['y', 'c', 'x']);
    expect(r.columns.map((c) => c.score)).toEqual([0.5, 0.75, 1]);
    expect(r.columnShapes).toBeCloseTo(0.75, 12);
    for (let i = 1; i < r.pairs.length; i += 1) {
      expect(r.pairs[i]?.score).toBeGreaterThanOrEqual(r.pairs[i - 1]?.score as number);
    }
    expect(r.overall).toBeCloseTo((r.columnShapes + r.columnPairTrends) / 2, 12);
  });

  it('gives a column the synthetic table lacks a score of 0 and reports missing shares', () => {
    const real = tableOf(num('x', [1, NaN, 3, 4]), num('y', [1, 2, 3, 4]));
    const synth = tableOf(num('x', [NaN, NaN, 3, 4]));
    const shapes = columnShapes(real, synth);
    expect(shapes[0]).toMatchObject({ column: 'y', score: 0 });
    expect(shapes[1]).toMatchObject({
      column: 'x',
      realMissingShare: 0.25,
      synthMissingShare: 0.5,
    });
  });
});

describe('evaluation tables', () => {
  const read = (text: string) => readCsvText(text).table;
  const real = read('n,c\n1,a\n2,b\n3,a\n4,NA\n5,b\n6,a\n7,b\n8,a\n9,b\n10,a\n11,a\n12,b\n');

  it('gives a synthetic value the real rows never hold a level of its own', () => {
    const synth = read('n,c\n1,a\n2,zzz\n3,a\n4,b\n');
    const t = evalTables({ real, synth, schema: inferSchema(real) });
    const c = t.synth.columns.find((x) => x.name === 'c') as DiscreteColumn;
    expect(c.levels[c.codes[1] as number]).toBe('zzz');
    expect(t.train.columns.find((x) => x.name === 'c')?.type).toBe('discrete');
    expect(t.warnings.join(' ')).toMatch(/"c" holds 1 value the real rows never hold/);
    // a quarter of the synthetic cells is an unseen level: the shape score says so
    expect(columnShapes(t.train, t.synth).find((s) => s.column === 'c')?.score).toBeLessThanOrEqual(
      0.75,
    );
  });

  it('names the column a synthetic table lacks', () => {
    const synth = read('n\n1\n2\n');
    expect(() => evalTables({ real, synth, schema: inferSchema(real) })).toThrow(/no column "c"/);
  });

  it('matches numeric category levels however they are written', () => {
    const r = read('k\n1\n2\n1\n2\n1\n');
    const s = read('k\n1.0\n2\n');
    const schema = inferSchema(r);
    schema.columns[0] = {
      ...(schema.columns[0] as (typeof schema.columns)[0]),
      kind: 'categorical',
    };
    const t = evalTables({ real: r, synth: s, schema });
    const k = t.synth.columns[0] as DiscreteColumn;
    expect(k.levels[k.codes[0] as number]).toBe('1');
  });
});

describe('the combined evaluation', () => {
  it('holds the quality and privacy figures, the seed and settings, and reports progress to the end', () => {
    const real = tableOf(num('x', [1, 2, 3, 4, 5, 6]), cat('c', [0, 1, 0, 1, 0, 1], ['a', 'b']));
    const synth = tableOf(num('x', [1, 2, 2, 5, 6, 9]), cat('c', [0, 0, 0, 1, 0, 1], ['a', 'b']));
    const stages: [string, number][] = [];
    const r = evaluate({
      train: real,
      synth,
      holdout: null,
      target: null,
      seed: 3,
      skip: { detection: true },
      settings: { model: 'copula' },
      onProgress: (stage, share) => stages.push([stage, share]),
    });
    expect(r.quality).toEqual(qualityReport(real, synth));
    expect(r.privacy?.exactCopies).toBe(1);
    expect(r.utility).toBeNull();
    expect(r.detection).toBeNull();
    expect(r).toMatchObject({ seed: 3, settings: { model: 'copula' } });
    expect(stages.at(-1)?.[1]).toBe(1);
    expect(stages.map(([, share]) => share)).toEqual(
      [...stages.map(([, share]) => share)].sort((a, b) => a - b),
    );
  });
});
