import { describe, expect, it } from 'vitest';
import type { DiscreteColumn, ModelTable, NumericColumn } from '../../src/core/data/model-table';
import { Rng } from '../../src/core/rng';
import {
  cholesky,
  fitCopula,
  positiveDefinite,
  sampleCopula,
} from '../../src/core/models/copula/copula';
import { MAX_KNOTS, normalCdf, normalQuantile } from '../../src/core/models/copula/marginals';

function numeric(table: ModelTable, name: string): NumericColumn {
  const c = table.columns.find((col) => col.name === name);
  if (c?.type !== 'numeric') throw new Error(`no numeric column ${name}`);
  return c;
}

function discrete(table: ModelTable, name: string): DiscreteColumn {
  const c = table.columns.find((col) => col.name === name);
  if (c?.type !== 'discrete') throw new Error(`no discrete column ${name}`);
  return c;
}

const present = (values: Float64Array) => values.filter((v) => !Number.isNaN(v)).sort();

/** Two-sample Kolmogorov-Smirnov statistic. */
function ks(a: Float64Array, b: Float64Array): number {
  const x = present(a);
  const y = present(b);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i] as number, y[j] as number);
    while (i < x.length && x[i] === v) i += 1;
    while (j < y.length && y[j] === v) j += 1;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

function shares(column: DiscreteColumn): number[] {
  const counts = column.levels.map(() => 0);
  for (const c of column.codes) counts[c] = (counts[c] as number) + 1;
  return counts.map((n) => n / column.codes.length);
}

function correlation(a: Float64Array, b: Float64Array): number {
  const pairs = Array.from(a, (v, i) => [v, b[i] as number]).filter(
    ([u, v]) => !Number.isNaN(u) && !Number.isNaN(v),
  );
  const mean = (k: 0 | 1) => pairs.reduce((s, p) => s + (p[k] as number), 0) / pairs.length;
  const [ma, mb] = [mean(0), mean(1)];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (const [u, v] of pairs) {
    sab += ((u as number) - ma) * ((v as number) - mb);
    saa += ((u as number) - ma) ** 2;
    sbb += ((v as number) - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const share = (values: Float64Array, test: (v: number) => boolean) =>
  values.reduce((n, v) => n + (test(v) ? 1 : 0), 0) / values.length;

/**
 * x ~ N(0, 1); y = 2x + N(0, 1) with 10 % missing; a level that follows x; an integer count with
 * 60 % zeros; a continuous gain with 91.7 % exact zeros.
 */
function syntheticTable(rows = 5000, seed = 1): ModelTable {
  const rng = new Rng(seed);
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  const count = new Float64Array(rows);
  const gain = new Float64Array(rows);
  const level = new Int32Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const xv = rng.normal();
    x[r] = xv;
    y[r] = rng.uniform() < 0.1 ? NaN : 2 * xv + rng.normal();
    const t = xv + 0.5 * rng.normal();
    level[r] = t < -0.5 ? 0 : t < 0.5 ? 1 : 2;
    count[r] = rng.uniform() < 0.6 ? 0 : 1 + Math.floor(Math.exp(1 + 0.7 * rng.normal()));
    gain[r] = rng.uniform() < 0.917 ? 0 : Math.exp(8 + rng.normal());
  }
  return {
    rows,
    columns: [
      { type: 'numeric', name: 'x', values: x, integer: false },
      { type: 'numeric', name: 'y', values: y, integer: false },
      { type: 'discrete', name: 'level', codes: level, levels: ['lo', 'mid', 'hi'] },
      { type: 'numeric', name: 'count', values: count, integer: true },
      { type: 'numeric', name: 'gain', values: gain, integer: false },
    ],
  };
}

const real = syntheticTable();
const state = fitCopula(real, new Rng(2));
const synth = sampleCopula(state, 5000, new Rng(3));

describe('normal distribution functions', () => {
  it('gives known values of Φ and Φ⁻¹', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-3) / 0.0013498980316301).toBeCloseTo(1, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 6);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424309, 5);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('inverts Φ across the range, tails included', () => {
    for (let z = -6; z <= 6; z += 0.25) expect(normalQuantile(normalCdf(z))).toBeCloseTo(z, 4);
  });

  it('stays finite at 0 and 1', () => {
    expect(Number.isFinite(normalQuantile(0))).toBe(true);
    expect(Number.isFinite(normalQuantile(1))).toBe(true);
  });
});

describe('positive definite correlation', () => {
  it('factorises a valid correlation matrix exactly', () => {
    const m = Float64Array.from([1, 0.5, 0.5, 1]);
    const l = cholesky(m, 2);
    expect(l && Array.from(l)).toEqual([1, 0, 0.5, Math.sqrt(0.75)]);
  });

  it('shrinks an inconsistent matrix towards the identity until it factorises', () => {
    const m = Float64Array.from([1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1]);
    expect(cholesky(m, 3)).toBeNull();
    const { matrix, factor } = positiveDefinite(m, 3);
    for (let i = 0; i < 3; i += 1) {
      expect(matrix[i * 4]).toBeCloseTo(1, 12);
      for (let j = 0; j < 3; j += 1) {
        let s = 0;
        for (let p = 0; p < 3; p += 1)
          s += (factor[i * 3 + p] as number) * (factor[j * 3 + p] as number);
        expect(s).toBeCloseTo(matrix[i * 3 + j] as number, 10);
      }
    }
  });
});

describe('Gaussian copula sample', () => {
  it('matches the numeric marginals (KS < 0.05)', () => {
    for (const name of ['x', 'y', 'count', 'gain']) {
      expect(ks(numeric(real, name).values, numeric(synth, name).values)).toBeLessThan(0.05);
    }
  });

  it('matches the categorical shares (total variation < 0.05)', () => {
    const a = shares(discrete(real, 'level'));
    const b = shares(discrete(synth, 'level'));
    expect(0.5 * a.reduce((s, p, i) => s + Math.abs(p - (b[i] as number)), 0)).toBeLessThan(0.05);
  });

  it('keeps the correlation of x and y within 0.05', () => {
    const r = correlation(numeric(real, 'x').values, numeric(real, 'y').values);
    const s = correlation(numeric(synth, 'x').values, numeric(synth, 'y').values);
    expect(r).toBeGreaterThan(0.8);
    expect(Math.abs(r - s)).toBeLessThan(0.05);
  });

  it('keeps the level following x', () => {
    const meanX = (table: ModelTable, code: number) => {
      const x = numeric(table, 'x').values;
      const codes = discrete(table, 'level').codes;
      const picked = Array.from(x).filter((_, i) => codes[i] === code);
      return picked.reduce((a, b) => a + b, 0) / picked.length;
    };
    expect(meanX(synth, 2) - meanX(synth, 0)).toBeGreaterThan(
      0.7 * (meanX(real, 2) - meanX(real, 0)),
    );
  });

  it('keeps the zero share and the missing share within 0.02', () => {
    for (const name of ['count', 'gain']) {
      const zeros = (t: ModelTable) => share(numeric(t, name).values, (v) => v === 0);
      expect(Math.abs(zeros(real) - zeros(synth))).toBeLessThan(0.02);
    }
    const missing = (t: ModelTable) => share(numeric(t, 'y').values, Number.isNaN);
    expect(Math.abs(missing(real) - missing(synth))).toBeLessThan(0.02);
    expect(share(numeric(synth, 'x').values, Number.isNaN)).toBe(0);
  });

  it('writes integer columns as whole numbers inside the observed range', () => {
    const values = Array.from(numeric(synth, 'count').values);
    const observed = Array.from(numeric(real, 'count').values);
    expect(values.every(Number.isInteger)).toBe(true);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(Math.min(...observed));
    expect(Math.max(...values)).toBeLessThanOrEqual(Math.max(...observed));
  });

  it('keeps continuous columns inside the observed range', () => {
    for (const name of ['x', 'y', 'gain']) {
      const observed = present(numeric(real, name).values);
      const values = present(numeric(synth, name).values);
      expect(values[0]).toBeGreaterThanOrEqual(observed[0] as number);
      expect(values[values.length - 1]).toBeLessThanOrEqual(
        observed[observed.length - 1] as number,
      );
    }
  });

  it('returns the same columns, names and levels as the fitted table', () => {
    expect(synth.rows).toBe(5000);
    expect(synth.columns.map((c) => [c.name, c.type])).toEqual(
      real.columns.map((c) => [c.name, c.type]),
    );
    expect(discrete(synth, 'level').levels).toEqual(['lo', 'mid', 'hi']);
    expect(numeric(synth, 'count').integer).toBe(true);
  });
});

describe('Gaussian copula state', () => {
  it('gives the same sample for the same seed, and another for another seed', () => {
    const a = sampleCopula(state, 200, new Rng(7));
    const b = sampleCopula(state, 200, new Rng(7));
    const c = sampleCopula(state, 200, new Rng(8));
    expect(a).toEqual(b);
    expect(numeric(a, 'x').values).not.toEqual(numeric(c, 'x').values);
  });

  it('fits the same state for the same seed', () => {
    expect(fitCopula(real, new Rng(2))).toEqual(state);
  });

  it('samples the same rows after a JSON round trip', () => {
    const restored = JSON.parse(JSON.stringify(state));
    expect(sampleCopula(restored, 300, new Rng(5))).toEqual(sampleCopula(state, 300, new Rng(5)));
  });

  it('holds summaries only: at most about 1,000 knots per column', () => {
    for (const c of state.columns) {
      if (c.type === 'numeric') expect(c.knots?.u.length).toBeLessThanOrEqual(MAX_KNOTS + 2);
    }
    expect(state.correlation).toHaveLength(6);
    const big = fitCopula(syntheticTable(20000), new Rng(1));
    const x = big.columns.find((c) => c.name === 'x');
    expect(x?.type === 'numeric' && x.knots ? x.knots.u.length : 0).toBeLessThanOrEqual(
      MAX_KNOTS + 2,
    );
  });

  it('handles an all-missing column, a constant column and a missing level', () => {
    const table: ModelTable = {
      rows: 4,
      columns: [
        { type: 'numeric', name: 'empty', values: new Float64Array(4).fill(NaN), integer: false },
        { type: 'numeric', name: 'same', values: new Float64Array(4).fill(3), integer: true },
        { type: 'discrete', name: 'k', codes: Int32Array.from([0, 1, 1, 0]), levels: ['a', null] },
      ],
    };
    const out = sampleCopula(fitCopula(table, new Rng(1)), 50, new Rng(2));
    expect(numeric(out, 'empty').values.every(Number.isNaN)).toBe(true);
    expect(numeric(out, 'same').values.every((v) => v === 3)).toBe(true);
    expect(new Set(discrete(out, 'k').codes)).toEqual(new Set([0, 1]));
  });

  it('rejects a state whose columns point outside the correlation matrix', () => {
    const broken = { ...state, correlation: [[1]] };
    expect(() => sampleCopula(broken, 5, new Rng(1))).toThrow(/outside/);
  });

  it('fits a 26,049 × 15 table', () => {
    const rows = 26049;
    const rng = new Rng(4);
    const base = syntheticTable(rows, 9).columns;
    const columns = Array.from({ length: 15 }, (_, i) => {
      const c = base[i % base.length];
      if (!c) throw new Error('no column');
      return { ...c, name: `${c.name}${i}` };
    });
    const wide: ModelTable = { rows, columns };
    const fitted = fitCopula(wide, rng);
    expect(fitted.columns).toHaveLength(15);
    expect(sampleCopula(fitted, 1000, rng).rows).toBe(1000);
  });
});
