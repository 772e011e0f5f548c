import { describe, expect, it } from 'vitest';
import type { DiscreteColumn, NumericColumn } from '../../src/core/data/model-table';
import {
  fitTree,
  leafCount,
  leafOf,
  prepareSplitColumn,
  type CartTree,
  type SplitColumn,
} from '../../src/core/models/cart/cart-tree';
import { Rng } from '../../src/core/rng';

const numeric = (values: number[]): NumericColumn => ({
  type: 'numeric',
  name: 'x',
  values: Float64Array.from(values),
  integer: false,
});
const discrete = (codes: number[], levels: number): DiscreteColumn => ({
  type: 'discrete',
  name: 'd',
  codes: Int32Array.from(codes),
  levels: Array.from({ length: levels }, (_, i) => `l${i}`),
});
const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const options = { minLeaf: 1, complexity: 1e-8, maxDepth: 64, evidence: 0 };

/** The training rows of every leaf. */
function leaves(tree: CartTree): number[][] {
  const out: number[][] = [];
  tree.feature.forEach((f, node) => {
    if (f >= 0) return;
    const start = tree.start[node] as number;
    out.push(Array.from(tree.rows.subarray(start, start + (tree.size[node] as number))));
  });
  return out;
}

describe('prepareSplitColumn', () => {
  it('gives each distinct value its own ascending bin when there are few', () => {
    const p = prepareSplitColumn(numeric([3, 1, 2, 3, Number.NaN, 1]), 256);
    expect(p.bins).toBe(3);
    expect(Array.from(p.codes)).toEqual([2, 0, 1, 2, 3, 0]);
    expect(Array.from(p.low)).toEqual([1, 2, 3]);
  });

  it('cuts many distinct values into at most maxBins bins without splitting a value', () => {
    const rng = new Rng(1);
    const values = Array.from({ length: 5000 }, () => Math.round(rng.normal() * 50));
    const p = prepareSplitColumn(numeric(values), 16);
    expect(p.bins).toBeLessThanOrEqual(16);
    expect(p.bins).toBeGreaterThan(8);
    const outside = values.filter((v, r) => {
      const b = p.codes[r] as number;
      return v < (p.low[b] as number) || v > (p.high[b] as number);
    });
    expect(outside).toEqual([]);
    for (let b = 1; b < p.bins; b += 1) expect(p.low[b]).toBeGreaterThan(p.high[b - 1] as number);
  });
});

describe('fitTree', () => {
  it('with an evidence bar, makes no split on noise but keeps a real relation', () => {
    const rng = new Rng(3);
    const n = 2000;
    const x = Array.from({ length: n }, () => rng.uniform());
    const noise = Array.from({ length: n }, () => rng.normal());
    const related = x.map((v) => (v > 0.5 ? 1 : 0) + 0.5 * rng.normal());
    const grow = (y: number[], evidence: number) =>
      fitTree(
        [prepareSplitColumn(numeric(x), 256)],
        { kind: 'value', values: Float64Array.from(y) },
        allRows(n),
        { ...options, minLeaf: 20, evidence },
      );
    // Unpruned, the tree carves noise into leaves around a few rows; the bar stops it.
    expect(leafCount(grow(noise, 0))).toBeGreaterThan(20);
    expect(leafCount(grow(noise, 8))).toBeLessThanOrEqual(2);
    const kept = grow(related, 8);
    expect(leafCount(kept)).toBeGreaterThanOrEqual(2);
    expect(kept.threshold[0]).toBeGreaterThan(0.45);
    expect(kept.threshold[0]).toBeLessThan(0.55);
  });

  it('finds a numeric threshold and routes new values by the midpoint', () => {
    const x = Array.from({ length: 40 }, (_, i) => i % 10);
    const y = x.map((v) => (v <= 5 ? 0 : 1));
    const tree = fitTree(
      [prepareSplitColumn(numeric(x), 256)],
      { kind: 'class', codes: Int32Array.from(y), classes: 2 },
      allRows(40),
      options,
    );
    expect(leafCount(tree)).toBe(2);
    expect(tree.threshold[0]).toBe(5.5);
    for (const rows of leaves(tree)) expect(new Set(rows.map((r) => y[r])).size).toBe(1);
    const classAt = (v: number) => {
      const leaf = leafOf(tree, () => v);
      return y[tree.rows[tree.start[leaf] as number] as number];
    };
    expect(classAt(5.4)).toBe(0);
    expect(classAt(5.6)).toBe(1);
  });

  it('groups discrete levels by target mean in one split (the CART ordering)', () => {
    // Levels 0 and 2 have high values, 1 and 3 low: one split must separate {0, 2} from {1, 3}.
    const codes = Array.from({ length: 80 }, (_, i) => i % 4);
    const values = codes.map((c, i) => (c % 2 === 0 ? 100 : 0) + (i % 3));
    const tree = fitTree(
      [prepareSplitColumn(discrete(codes, 4), 256)],
      { kind: 'value', values: Float64Array.from(values) },
      allRows(80),
      { ...options, minLeaf: 30 },
    );
    expect(leafCount(tree)).toBe(2);
    const groups = leaves(tree).map((rows) => [...new Set(rows.map((r) => codes[r]))].sort());
    expect(groups.sort()).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  it('separates three classes on a discrete predictor with Gini', () => {
    const codes = Array.from({ length: 90 }, (_, i) => i % 6);
    const y = codes.map((c) => Math.floor(c / 2));
    const tree = fitTree(
      [prepareSplitColumn(discrete(codes, 6), 256)],
      { kind: 'class', codes: Int32Array.from(y), classes: 3 },
      allRows(90),
      options,
    );
    for (const rows of leaves(tree)) expect(new Set(rows.map((r) => y[r])).size).toBe(1);
    expect(leafCount(tree)).toBe(3);
  });

  it('splits a numeric predictor row by row for many classes, missing values included', () => {
    // Ten classes take the per-row sweep rather than per-bin totals.
    const x = Array.from({ length: 220 }, (_, i) => (i >= 200 ? Number.NaN : i % 100));
    const y = x.map((v) => (Number.isNaN(v) ? 9 : Math.min(8, Math.floor(v / 11))));
    const tree = fitTree(
      [prepareSplitColumn(numeric(x), 256)],
      { kind: 'class', codes: Int32Array.from(y), classes: 10 },
      allRows(220),
      options,
    );
    for (const rows of leaves(tree)) expect(new Set(rows.map((r) => y[r])).size).toBe(1);
    expect(leafCount(tree)).toBe(10);
    const classAt = (v: number) => {
      const leaf = leafOf(tree, () => v);
      return y[tree.rows[tree.start[leaf] as number] as number];
    };
    expect([classAt(Number.NaN), classAt(10.4), classAt(10.6), classAt(95)]).toEqual([9, 0, 1, 8]);
  });

  it('never makes a leaf smaller than minLeaf', () => {
    const rng = new Rng(3);
    const x = Array.from({ length: 500 }, () => rng.uniform());
    const y = x.map((v) => Math.sin(v * 20) + rng.normal() * 0.1);
    const tree = fitTree(
      [prepareSplitColumn(numeric(x), 256)],
      { kind: 'value', values: Float64Array.from(y) },
      allRows(500),
      { ...options, minLeaf: 25 },
    );
    const sizes = leaves(tree).map((rows) => rows.length);
    expect(sizes.length).toBeGreaterThan(4);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(25);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(500);
  });

  it('sends missing predictor values down their own side', () => {
    const x = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? Number.NaN : i));
    const y = x.map((v) => (Number.isNaN(v) ? 1 : 0));
    const tree = fitTree(
      [prepareSplitColumn(numeric(x), 256)],
      { kind: 'class', codes: Int32Array.from(y), classes: 2 },
      allRows(60),
      options,
    );
    expect(leafCount(tree)).toBe(2);
    const leaf = leafOf(tree, () => Number.NaN);
    const start = tree.start[leaf] as number;
    const rows = tree.rows.subarray(start, start + (tree.size[leaf] as number));
    expect(Array.from(rows).every((r) => y[r] === 1)).toBe(true);
    expect(rows.length).toBe(20);
  });

  it('makes one leaf of every row when there is no predictor or nothing to gain', () => {
    const none: SplitColumn[] = [];
    const one = fitTree(
      none,
      { kind: 'value', values: Float64Array.from([1, 2, 3]) },
      allRows(3),
      options,
    );
    expect(leafCount(one)).toBe(1);
    expect(one.size[0]).toBe(3);
    const pure = fitTree(
      [prepareSplitColumn(numeric([1, 2, 3, 4]), 256)],
      { kind: 'class', codes: Int32Array.from([1, 1, 1, 1]), classes: 2 },
      allRows(4),
      options,
    );
    expect(leafCount(pure)).toBe(1);
  });

  it('fits only the rows it is given', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7];
    const tree = fitTree(
      [prepareSplitColumn(numeric(x), 256)],
      { kind: 'value', values: Float64Array.from(x) },
      Int32Array.from([4, 5, 6, 7]),
      { ...options, minLeaf: 2 },
    );
    expect(Array.from(tree.rows).sort()).toEqual([4, 5, 6, 7]);
    expect(tree.threshold[0]).toBe(5.5);
  });
});
