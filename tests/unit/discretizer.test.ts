import { describe, expect, it } from 'vitest';
import {
  cardinality,
  discretize,
  fitDiscretizer,
  positionToken,
  tokenOf,
  undiscretize,
  type BinnedTokens,
} from '../../src/core/data/discretizer';
import { OTHER_LEVEL, type ModelTable } from '../../src/core/data/model-table';
import { Rng } from '../../src/core/rng';

/** 400 rows: a categorical with a rare level, a few-valued integer, a skewed amount with zeros. */
function sampleTable(): ModelTable {
  const rng = new Rng(4);
  const rows = 400;
  const codes = new Int32Array(rows);
  const small = new Float64Array(rows);
  const amount = new Float64Array(rows);
  const age = new Float64Array(rows);
  for (let r = 0; r < rows; r += 1) {
    codes[r] = r < 2 ? 3 : rng.int(3); // level 'rare' is held by two rows only
    small[r] = r % 10 === 0 ? NaN : 1 + rng.int(4);
    amount[r] = r % 3 === 0 ? 0 : r % 7 === 1 ? 50 : Math.round(rng.uniform() * 1000) / 10;
    age[r] = 17 + rng.int(400);
  }
  amount[5] = 123456.7; // a single extreme: must never be revealed
  return {
    rows,
    columns: [
      { type: 'discrete', name: 'colour', codes, levels: ['red', 'green', null, 'rare'] },
      { type: 'numeric', name: 'children', values: small, integer: true },
      { type: 'numeric', name: 'amount', values: amount, integer: false },
      { type: 'numeric', name: 'age', values: age, integer: true },
    ],
  };
}

const table = sampleTable();
const state = fitDiscretizer(table);
const tokens = discretize(state, table);
const decoded = undiscretize(state, tokens, table.rows, new Rng(9));
const cols = table.columns.length;

describe('the discretizer', () => {
  it('round-trips every common category exactly and folds rare ones into the rare token', () => {
    const src = table.columns[0];
    const out = decoded.columns[0];
    if (src?.type !== 'discrete' || out?.type !== 'discrete') throw new Error('discrete expected');
    for (let r = 0; r < table.rows; r += 1) {
      const level = src.levels[src.codes[r] as number];
      const got = out.levels[out.codes[r] as number];
      expect(got).toBe(level === 'rare' ? OTHER_LEVEL : level);
    }
    expect(tokens[0 * cols]).toBe(0);
    expect(JSON.stringify(state)).not.toContain('"rare"');
  });

  it('keeps a few-valued numeric column as categories, missing included, exactly', () => {
    expect(state.columns[1]?.kind).toBe('values');
    const src = table.columns[1];
    const out = decoded.columns[1];
    if (src?.type !== 'numeric' || out?.type !== 'numeric') throw new Error('numeric expected');
    for (let r = 0; r < table.rows; r += 1) {
      if (Number.isNaN(src.values[r])) expect(out.values[r]).toBeNaN();
      else expect(out.values[r]).toBe(src.values[r]);
    }
  });

  it('decodes a binned value inside its own bin, point masses exactly, integers as integers', () => {
    const amount = state.columns[2] as BinnedTokens;
    expect(amount.kind).toBe('binned');
    expect(amount.min).toBe(0); // the zeros are the minimum: the min token
    expect(amount.masses).toContain(50);
    const src = table.columns[2];
    const out = decoded.columns[2];
    if (src?.type !== 'numeric' || out?.type !== 'numeric') throw new Error('numeric expected');
    for (let r = 0; r < table.rows; r += 1) {
      const v = out.values[r] as number;
      expect(tokenOf(amount, v)).toBe(tokens[r * cols + 2]);
      if (src.values[r] === 0 || src.values[r] === 50) expect(v).toBe(src.values[r]);
      expect(v).toBeGreaterThanOrEqual(amount.min);
      expect(v).toBeLessThanOrEqual(amount.max);
    }
    const age = decoded.columns[3];
    if (age?.type !== 'numeric') throw new Error('numeric expected');
    expect(state.columns[3]?.kind).toBe('binned');
    expect(Array.from(age.values).every((v) => Number.isInteger(v))).toBe(true);
    for (let r = 0; r < table.rows; r += 1) {
      expect(tokenOf(state.columns[3] as BinnedTokens, age.values[r] as number)).toBe(
        tokens[r * cols + 3],
      );
    }
  });

  it('clips to protected extremes: a single outlier is neither kept nor reproduced', () => {
    const amount = state.columns[2] as BinnedTokens;
    expect(amount.max).toBeLessThan(123456.7);
    expect(JSON.stringify(state)).not.toContain('123456.7');
    const out = decoded.columns[2];
    if (out?.type !== 'numeric') throw new Error('numeric expected');
    expect(Math.max(...Array.from(out.values))).toBeLessThanOrEqual(amount.max);
  });

  it('uses at most maxBins bins and a plain-JSON state', () => {
    const narrow = fitDiscretizer(table, { maxBins: 7 });
    const age = narrow.columns[3] as BinnedTokens;
    expect(age.edges.length - 1).toBeLessThanOrEqual(7);
    expect(cardinality(age)).toBe(2 + age.masses.length + age.edges.length - 1);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('says which column and value are wrong when a condition cannot be met', () => {
    expect(() => tokenOf(state.columns[0] as never, 'rare')).toThrow(/colour.*"rare"/);
    expect(() => tokenOf(state.columns[2] as never, 'lots')).toThrow(/amount.*not a number/);
  });
});

describe('positions within a bin', () => {
  /** 5,000 rows of a smooth amount and a whole number spread over thousands of values. */
  function wide(rows = 5000): ModelTable {
    const rng = new Rng(12);
    const x = new Float64Array(rows);
    const n = new Float64Array(rows);
    for (let r = 0; r < rows; r += 1) {
      x[r] = r % 50 === 0 ? NaN : 100 * rng.normal();
      n[r] = Math.round(20000 * rng.uniform());
    }
    return {
      rows,
      columns: [
        { type: 'numeric', name: 'x', values: x, integer: false },
        { type: 'numeric', name: 'n', values: n, integer: true },
      ],
    };
  }

  it('are off by default, so a plain fit has one token column per table column', () => {
    expect(fitDiscretizer(wide()).columns.map((c) => c.kind)).toEqual(['binned', 'binned']);
  });

  it('follow each binned column, and round-trip values ten times closer than bins alone', () => {
    const t = wide();
    const fine = fitDiscretizer(t, { finePositions: 10 });
    expect(fine.columns.map((c) => c.kind)).toEqual(['binned', 'fine', 'binned', 'fine']);
    const coarse = fitDiscretizer(t);
    const error = (s: typeof fine) => {
      const back = undiscretize(s, discretize(s, t), t.rows, new Rng(3));
      let sum = 0;
      [0, 1].forEach((m) => {
        const a = t.columns[m];
        const b = back.columns[m];
        if (a?.type !== 'numeric' || b?.type !== 'numeric') throw new Error('numeric expected');
        for (let r = 0; r < t.rows; r += 1) {
          const v = a.values[r] as number;
          if (Number.isNaN(v)) expect(b.values[r]).toBeNaN();
          else sum += Math.abs(v - (b.values[r] as number)) / (m === 0 ? 100 : 20000);
        }
      });
      return sum;
    };
    expect(error(fine)).toBeLessThan(error(coarse) / 5);
    const back = undiscretize(fine, discretize(fine, t), t.rows, new Rng(3));
    const n = back.columns[1];
    if (n?.type !== 'numeric') throw new Error('numeric expected');
    for (const v of n.values) expect(Number.isInteger(v)).toBe(true);
  });

  it('keep about minCount rows per position, and none where bins hold too few rows', () => {
    const t = wide(600);
    const s = fitDiscretizer(t, { finePositions: 10, minCount: 5 });
    const fine = s.columns.filter((c) => c.kind === 'fine');
    // 600 rows over 100 bins is 6 rows a bin: one position of 5 rows at most, so none
    expect(fine).toEqual([]);
    const big = fitDiscretizer(wide(), { finePositions: 10, minCount: 20 });
    for (const c of big.columns) if (c.kind === 'fine') expect(c.positions).toBe(2);
  });

  it('place the min, max and point masses at position 0', () => {
    const t = wide();
    const s = fitDiscretizer(t, { finePositions: 10 });
    const bin = s.columns[0] as BinnedTokens;
    const pos = s.columns[1];
    if (pos?.kind !== 'fine') throw new Error('fine expected');
    expect(positionToken(bin, pos, bin.min)).toBe(0);
    expect(positionToken(bin, pos, bin.max + 1e6)).toBe(0);
    expect(positionToken(bin, pos, NaN)).toBe(0);
    expect(() => tokenOf(pos, 3)).toThrow(/position/);
  });
});
