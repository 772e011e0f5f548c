import { describe, expect, it } from 'vitest';
import { holdoutSplit, rawFromRows, rawSubset } from '../../src/core/data/raw-table-ops';
import { Rng } from '../../src/core/rng';

const cell = (t: ReturnType<typeof rawFromRows>, c: number, r: number) => {
  const column = t.columns[c];
  if (!column) throw new Error('no column');
  return column.values[column.codes[r] as number];
};

describe('raw table operations', () => {
  const rows = [
    ['a', '1'],
    ['b', '2'],
    ['a', '3'],
    ['c', ''],
  ];
  const raw = rawFromRows(['letter', 'number'], rows);

  it('builds a dictionary-encoded table from string rows', () => {
    expect(raw.rowCount).toBe(4);
    expect(raw.columns[0]?.values).toEqual(['a', 'b', 'c']);
    expect(raw.columns[0]?.counts).toEqual([2, 1, 1]);
    rows.forEach((row, r) => row.forEach((v, c) => expect(cell(raw, c, r)).toBe(v)));
  });

  it('takes a subset in the given order and keeps only the strings still used', () => {
    const sub = rawSubset(raw, Int32Array.from([3, 1]));
    expect(sub.rowCount).toBe(2);
    expect(cell(sub, 0, 0)).toBe('c');
    expect(cell(sub, 0, 1)).toBe('b');
    expect(cell(sub, 1, 0)).toBe('');
    expect(sub.columns[0]?.values).toEqual(['c', 'b']);
    expect(sub.columns[0]?.counts).toEqual([1, 1]);
  });

  it('splits rows into disjoint training and holdout sets of the asked share, seeded', () => {
    const split = holdoutSplit(100, 0.2, (n) => new Rng(7).permutation(n));
    expect(split.holdout.length).toBe(20);
    expect(split.train.length).toBe(80);
    const all = new Set([...split.train, ...split.holdout]);
    expect(all.size).toBe(100);
    const again = holdoutSplit(100, 0.2, (n) => new Rng(7).permutation(n));
    expect([...again.holdout]).toEqual([...split.holdout]);
    const other = holdoutSplit(100, 0.2, (n) => new Rng(8).permutation(n));
    expect([...other.holdout]).not.toEqual([...split.holdout]);
  });

  it('keeps every row for training when the holdout is off, and at least one row always', () => {
    expect(holdoutSplit(10, 0, (n) => new Rng(1).permutation(n)).train.length).toBe(10);
    const tiny = holdoutSplit(2, 0.9, (n) => new Rng(1).permutation(n));
    expect(tiny.train.length).toBe(1);
    expect(tiny.holdout.length).toBe(1);
  });
});
