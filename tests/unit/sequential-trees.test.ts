import { describe, expect, it } from 'vitest';
import type {
  DiscreteColumn,
  ModelColumn,
  ModelTable,
  NumericColumn,
} from '../../src/core/data/model-table';
import {
  CART_DEFAULTS,
  fitSequentialTrees,
  sampleSequentialTrees,
} from '../../src/core/models/cart/sequential-trees';
import { closenessFloor, distanceToRow } from '../../src/core/models/cart/too-close';
import { Rng } from '../../src/core/rng';

const num = (name: string, values: number[], integer = true): NumericColumn => ({
  type: 'numeric',
  name,
  values: Float64Array.from(values),
  integer,
});
const cat = (name: string, codes: number[], levels: number): DiscreteColumn => ({
  type: 'discrete',
  name,
  codes: Int32Array.from(codes),
  levels: Array.from({ length: levels }, (_, i) => `${name}${i}`),
});
const table = (...columns: ModelColumn[]): ModelTable => ({
  rows: columns[0]?.type === 'numeric' ? columns[0].values.length : (columns[0]?.codes.length ?? 0),
  columns,
});
const cell = (c: ModelColumn, r: number) =>
  (c.type === 'numeric' ? c.values[r] : c.codes[r]) as number;
const rowKeys = (t: ModelTable) =>
  Array.from({ length: t.rows }, (_, r) => t.columns.map((c) => cell(c, r)).join(','));

/** A small people table: group, a code fixed by the group, age, and a unique-ish weight. */
function people(rows: number, seed: number): ModelTable {
  const rng = new Rng(seed);
  const group: number[] = [];
  const code: number[] = [];
  const age: number[] = [];
  const weight: number[] = [];
  for (let r = 0; r < rows; r += 1) {
    const g = rng.int(4);
    group.push(g);
    code.push([3, 1, 0, 2][g] as number);
    age.push(20 + g * 10 + rng.int(8));
    weight.push(Math.round(100_000 + 40_000 * rng.normal() + g * 20_000));
  }
  return table(
    cat('group', group, 4),
    cat('code', code, 4),
    num('age', age),
    num('weight', weight),
  );
}

describe('sampleSequentialTrees with forbidCopies', () => {
  it('never emits a row equal to a training row, where without it many rows are copies', () => {
    // A unique weight first, then columns that follow it: a leaf of five rows around the
    // weight often hands back the weight's own row, so an unprotected sampler copies often.
    const rng = new Rng(5);
    const w = Array.from({ length: 400 }, () => 1000 + rng.int(1_000_000));
    const a = w.map((v) => (v < 300_000 ? 0 : v < 700_000 ? 1 : 2));
    const b = a.map(() => rng.int(2));
    const train = table(num('w', w), cat('a', a, 3), cat('b', b, 2));
    const keys = new Set(rowKeys(train));
    const config = { minLeaf: 5, smoothing: false, closeShare: 0 };
    const open = fitSequentialTrees(train, { ...config, forbidCopies: false }, new Rng(1));
    const free = rowKeys(sampleSequentialTrees(open, 2000, new Rng(2)));
    expect(free.filter((k) => keys.has(k)).length / free.length).toBeGreaterThan(0.3);
    const guarded = fitSequentialTrees(train, { ...config, forbidCopies: true }, new Rng(1));
    const safe = rowKeys(sampleSequentialTrees(guarded, 2000, new Rng(2)));
    expect(safe.filter((k) => keys.has(k))).toEqual([]);
    expect(safe.length).toBe(2000);
  });

  it('redraws rows nearer their donors than most real rows are to their nearest neighbour', () => {
    const rng = new Rng(6);
    const w = Array.from({ length: 400 }, () => 1000 + rng.int(1_000_000));
    const a = w.map((v) => (v < 300_000 ? 0 : v < 700_000 ? 1 : 2));
    const train = table(
      num('w', w),
      cat('a', a, 3),
      num(
        'v',
        w.map((x) => x / 1000),
      ),
    );
    const config = { minLeaf: 5, smoothing: false, forbidCopies: false };
    const nearShare = (closeShare: number) => {
      const model = fitSequentialTrees(train, { ...config, closeShare }, new Rng(1));
      const floor = closenessFloor(train, model.ranges, 0.25, new Rng(1));
      const out = sampleSequentialTrees(model, 500, new Rng(2));
      const row = new Float64Array(3);
      let near = 0;
      for (let r = 0; r < out.rows; r += 1) {
        out.columns.forEach((c, j) => {
          row[j] = (c.type === 'numeric' ? c.values[r] : c.codes[r]) as number;
        });
        let best = Infinity;
        for (let o = 0; o < train.rows; o += 1)
          best = Math.min(best, distanceToRow(train, model.ranges, row, o));
        if (best < floor) near += 1;
      }
      return near / out.rows;
    };
    const open = nearShare(0);
    expect(open).toBeGreaterThan(0.1);
    expect(nearShare(0.25)).toBeLessThan(open / 2);
  });

  it('says so in plain words when every row it can make is a copy', () => {
    const train = table(cat('a', [0, 0, 0, 0], 2), num('b', [7, 7, 7, 7]));
    const model = fitSequentialTrees(train, { minLeaf: 1 }, new Rng(1));
    expect(() => sampleSequentialTrees(model, 10, new Rng(2))).toThrow(/too few distinct rows/);
  });
});

describe('fitSequentialTrees / sampleSequentialTrees', () => {
  it('keeps a column that is a function of an earlier one exactly paired', () => {
    const train = people(1200, 1);
    const model = fitSequentialTrees(train, {}, new Rng(1));
    const out = sampleSequentialTrees(model, 1500, new Rng(2));
    const [group, code] = out.columns as [DiscreteColumn, DiscreteColumn];
    for (let r = 0; r < out.rows; r += 1) {
      expect(code.codes[r]).toBe([3, 1, 0, 2][group.codes[r] as number]);
    }
  });

  it('draws the first column from its marginal', () => {
    const train = people(2000, 2);
    const out = sampleSequentialTrees(fitSequentialTrees(train, {}, new Rng(1)), 4000, new Rng(3));
    const share = (t: ModelTable, level: number) =>
      (t.columns[0] as DiscreteColumn).codes.filter((c) => c === level).length / t.rows;
    for (let level = 0; level < 4; level += 1) {
      expect(Math.abs(share(out, level) - share(train, level))).toBeLessThan(0.03);
    }
  });

  it('keeps the conditional mean of a numeric column given a discrete one', () => {
    const train = people(2000, 3);
    const out = sampleSequentialTrees(fitSequentialTrees(train, {}, new Rng(1)), 3000, new Rng(4));
    const meanAge = (t: ModelTable, g: number) => {
      const group = t.columns[0] as DiscreteColumn;
      const age = t.columns[2] as NumericColumn;
      const picked = Array.from(age.values).filter((_, r) => group.codes[r] === g);
      return picked.reduce((s, v) => s + v, 0) / picked.length;
    };
    for (let g = 0; g < 4; g += 1)
      expect(Math.abs(meanAge(out, g) - meanAge(train, g))).toBeLessThan(1);
  });

  it('smooths rare numeric values inside the range as whole numbers, and keeps common ones', () => {
    const base = people(1500, 4);
    const rng = new Rng(9);
    // Half the weights are one common value, which must come out exactly as it went in.
    const weight = base.columns[3] as NumericColumn;
    const values = Array.from(weight.values, (v) => (rng.uniform() < 0.5 ? 50_000 : v));
    const train = { ...base, columns: [...base.columns.slice(0, 3), num('weight', values)] };
    const seen = new Set(values);
    const [lo, hi] = [Math.min(...values), Math.max(...values)];
    // Copies allowed here: with 32 (group, age) pairs, every row holding the common weight
    // would copy a training row and be redrawn.
    const model = fitSequentialTrees(train, { forbidCopies: false }, new Rng(1));
    const out = sampleSequentialTrees(model, 3000, new Rng(5));
    const w = Array.from((out.columns[3] as NumericColumn).values);
    const common = w.filter((v) => v === 50_000).length / w.length;
    expect(Math.abs(common - 0.5)).toBeLessThan(0.05);
    const rare = w.filter((v) => v !== 50_000);
    expect(rare.filter((v) => !seen.has(v)).length / rare.length).toBeGreaterThan(0.9);
    expect(w.every((v) => Number.isInteger(v) && v >= lo && v <= hi)).toBe(true);
  });

  it('splits on a minute between dates held as epoch milliseconds', () => {
    // Squares of 1.7e12 swamp a one-minute difference unless the tree works on centred values.
    const rng = new Rng(12);
    const base = Date.UTC(2024, 0, 1);
    const group = Array.from({ length: 1000 }, () => rng.int(2));
    const time = group.map((g) => base + g * 60_000 + rng.int(1000));
    const train = table(cat('group', group, 2), num('time', time));
    const out = sampleSequentialTrees(fitSequentialTrees(train, {}, new Rng(1)), 1000, new Rng(8));
    const g = out.columns[0] as DiscreteColumn;
    const t = out.columns[1] as NumericColumn;
    const wrong = Array.from(t.values).filter(
      (v, r) => Math.round((v - base) / 60_000) !== g.codes[r],
    );
    expect(wrong).toEqual([]);
  });

  it('takes numeric values only from the training rows when smoothing is off', () => {
    const train = people(800, 5);
    const model = fitSequentialTrees(train, { smoothing: false }, new Rng(1));
    const out = sampleSequentialTrees(model, 1000, new Rng(6));
    const seen = new Set((train.columns[3] as NumericColumn).values);
    expect(Array.from((out.columns[3] as NumericColumn).values).every((v) => seen.has(v))).toBe(
      true,
    );
  });

  it('keeps a numeric column missing where the training rows are missing', () => {
    const rng = new Rng(6);
    const flag = Array.from({ length: 1500 }, () => rng.int(2));
    const income = flag.map((f) => (f === 1 ? Number.NaN : 1000 + rng.int(500)));
    const train = table(cat('flag', flag, 2), num('income', income));
    const out = sampleSequentialTrees(fitSequentialTrees(train, {}, new Rng(1)), 2000, new Rng(7));
    const f = out.columns[0] as DiscreteColumn;
    const v = out.columns[1] as NumericColumn;
    for (let r = 0; r < out.rows; r += 1) {
      expect(Number.isNaN(v.values[r] as number)).toBe(f.codes[r] === 1);
    }
  });

  it('gives the same rows for the same seed', () => {
    const model = fitSequentialTrees(people(500, 7), {}, new Rng(1));
    const a = rowKeys(sampleSequentialTrees(model, 300, new Rng(11)));
    const b = rowKeys(sampleSequentialTrees(model, 300, new Rng(11)));
    expect(a).toEqual(b);
  });

  it('reports progress up to 1 and returns the training columns', () => {
    const train = people(400, 8);
    const shares: number[] = [];
    const out = sampleSequentialTrees(
      fitSequentialTrees(train, {}, new Rng(1)),
      3000,
      new Rng(1),
      (s) => shares.push(s),
    );
    expect(shares.at(-1)).toBe(1);
    expect(shares.length).toBeGreaterThan(2);
    expect(out.columns.map((c) => [c.name, c.type])).toEqual(
      train.columns.map((c) => [c.name, c.type]),
    );
  });

  it('refuses bad settings and empty tables with a clear message', () => {
    const train = people(50, 9);
    expect(() => fitSequentialTrees(train, { minLeaf: 0 }, new Rng(1))).toThrow(/minLeaf/);
    expect(() => fitSequentialTrees(table(), {}, new Rng(1))).toThrow(/at least one/);
    expect(() => fitSequentialTrees(table(num('x', [1, Infinity])), {}, new Rng(1))).toThrow(
      /infinite/,
    );
    const model = fitSequentialTrees(train, {}, new Rng(1));
    expect(() => sampleSequentialTrees(model, -1, new Rng(1))).toThrow(/whole number/);
    expect(CART_DEFAULTS.forbidCopies && CART_DEFAULTS.smoothing).toBe(true);
    expect(CART_DEFAULTS.minLeaf).toBe(20);
  });
});
