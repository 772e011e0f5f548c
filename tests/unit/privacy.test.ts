import { describe, expect, it } from 'vitest';
import type { ModelTable } from '../../src/core/data/model-table';
import { dcrSpace, nearestDistances, toDcrMatrix } from '../../src/core/eval/dcr';
import { privacyReport, sampleRows, sortedQuantile } from '../../src/core/eval/privacy';
import { takeRows } from '../../src/core/eval/eval-tables';
import { Rng } from '../../src/core/rng';

const LEVELS = ['a', 'b', 'c', null];

/** A random table: two numeric columns (some missing), one integer-ish, two categorical. */
function randomTable(rows: number, seed: number): ModelTable {
  const rng = new Rng(seed);
  const x = new Float64Array(rows);
  const y = new Float64Array(rows);
  const k = new Float64Array(rows);
  const c = new Int32Array(rows);
  const d = new Int32Array(rows);
  for (let i = 0; i < rows; i += 1) {
    x[i] = rng.uniform() < 0.1 ? NaN : rng.normal() * 10;
    y[i] = rng.uniform() * 100;
    k[i] = rng.int(5);
    c[i] = rng.int(4);
    d[i] = rng.int(2);
  }
  return {
    rows,
    columns: [
      { type: 'numeric', name: 'x', values: x, integer: false },
      { type: 'discrete', name: 'c', codes: c, levels: LEVELS },
      { type: 'numeric', name: 'y', values: y, integer: false },
      { type: 'numeric', name: 'k', values: k, integer: true },
      { type: 'discrete', name: 'd', codes: d, levels: ['yes', 'no'] },
    ],
  };
}

/** The definition, written out plainly: Gower-style distance over every pair of rows. */
function bruteForce(
  query: ModelTable,
  ref: ModelTable,
  scaleFrom: ModelTable,
): { d1: number[]; d2: number[] } {
  const ranges = scaleFrom.columns.map((col) => {
    if (col.type !== 'numeric') return 1;
    const v = Array.from(col.values).filter((z) => !Number.isNaN(z));
    const r = Math.max(...v) - Math.min(...v);
    return r > 0 ? r : 1;
  });
  const dist = (i: number, j: number) => {
    let s = 0;
    query.columns.forEach((qc, ci) => {
      const rc = ref.columns[ci];
      if (qc.type === 'numeric' && rc?.type === 'numeric') {
        const a = qc.values[i] as number;
        const b = rc.values[j] as number;
        if (Number.isNaN(a) || Number.isNaN(b)) s += Number.isNaN(a) && Number.isNaN(b) ? 0 : 1;
        else s += Math.min(1, Math.abs(a - b) / (ranges[ci] as number));
      } else if (qc.type === 'discrete' && rc?.type === 'discrete') {
        s += qc.codes[i] === rc.codes[j] ? 0 : 1;
      }
    });
    return s / query.columns.length;
  };
  const d1: number[] = [];
  const d2: number[] = [];
  for (let i = 0; i < query.rows; i += 1) {
    const all = Array.from({ length: ref.rows }, (_, j) => dist(i, j)).sort((p, q) => p - q);
    d1.push(all[0] as number);
    d2.push(all[1] as number);
  }
  return { d1, d2 };
}

const names = (t: ModelTable) => t.columns.map((c) => c.name);

describe('distance to the closest record', () => {
  it('finds exactly the nearest and second-nearest distances of the plain definition', () => {
    const train = randomTable(300, 1);
    const synth = randomTable(120, 2);
    const space = dcrSpace(train, names(train));
    const { nearest, second } = nearestDistances(
      toDcrMatrix(space, synth),
      toDcrMatrix(space, train),
      { second: true },
    );
    const expected = bruteForce(synth, train, train);
    nearest.forEach((d, i) => expect(d).toBeCloseTo(expected.d1[i] as number, 12));
    second?.forEach((d, i) => expect(d).toBeCloseTo(expected.d2[i] as number, 12));
  });

  it('searches the other categorical groups when the combination of a query is not among the reference rows', () => {
    const train = randomTable(250, 4);
    const c = train.columns[1];
    if (c?.type === 'discrete') c.codes.forEach((v, i) => (c.codes[i] = v % 2));
    const synth = randomTable(80, 5);
    const space = dcrSpace(train, names(train));
    const { nearest, second } = nearestDistances(
      toDcrMatrix(space, synth),
      toDcrMatrix(space, train),
      {
        second: true,
      },
    );
    const expected = bruteForce(synth, train, train);
    nearest.forEach((d, i) => expect(d).toBeCloseTo(expected.d1[i] as number, 12));
    second?.forEach((d, i) => expect(d).toBeCloseTo(expected.d2[i] as number, 12));
  });

  it('scales numbers by the training range and caps each column at 1', () => {
    const train: ModelTable = {
      rows: 2,
      columns: [{ type: 'numeric', name: 'v', values: Float64Array.from([0, 10]), integer: false }],
    };
    const synth: ModelTable = {
      rows: 2,
      columns: [
        { type: 'numeric', name: 'v', values: Float64Array.from([12, 100]), integer: false },
      ],
    };
    const space = dcrSpace(train, ['v']);
    const { nearest } = nearestDistances(toDcrMatrix(space, synth), toDcrMatrix(space, train));
    expect(nearest[0]).toBeCloseTo(0.2, 12);
    expect(nearest[1]).toBe(1);
  });

  it('reports progress up to the whole', () => {
    const t = randomTable(1100, 3);
    const space = dcrSpace(t, names(t));
    const shares: number[] = [];
    nearestDistances(toDcrMatrix(space, t), toDcrMatrix(space, t), {
      onProgress: (s) => shares.push(s),
    });
    expect(shares.at(-1)).toBe(1);
    expect(shares.length).toBeGreaterThan(2);
  });
});

describe('the privacy report', () => {
  const train = randomTable(400, 10);
  const holdout = randomTable(400, 11);

  it('flags a generator that copies its training rows', () => {
    const copies = takeRows(train, sampleRows(400, 200, new Rng(1)));
    const r = privacyReport({ train, synth: copies, holdout, seed: 0 });
    expect(r.exactCopies).toBe(200);
    expect(r.exactCopyShare).toBe(1);
    expect(r.dcrMedian).toBe(0);
    expect(r.dcrZeroShare).toBe(1);
    expect(r.closerToTrainShare).toBe(1);
    expect(r.verdict.level).toBe('risk');
    expect(r.verdict.flags.join(' ')).toMatch(/exact copies/);
    expect(r.verdict.caveat).toMatch(/not a formal privacy guarantee/);
  });

  it('passes fresh rows from the same distribution, with a closer-to-train share near one half', () => {
    const fresh = randomTable(400, 12);
    const r = privacyReport({ train, synth: fresh, holdout, seed: 0 });
    expect(r.exactCopies).toBe(0);
    expect(r.closerToTrainShare).toBeGreaterThan(0.4);
    expect(r.closerToTrainShare).toBeLessThan(0.6);
    expect(r.dcrMedian).toBeGreaterThan(0.5 * (r.holdoutDcrMedian as number));
    expect(r.verdict.level).toBe('ok');
    expect(r.nndrMedian).toBeGreaterThan(0);
    expect(r.nndrMedian).toBeLessThanOrEqual(1);
    expect(r.histogram.synth.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(r.histogram.holdout?.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('samples at most maxRows synthetic rows, reproducibly from the seed', () => {
    const synth = randomTable(300, 13);
    const a = privacyReport({ train, synth, holdout: null, seed: 5, maxRows: 100 });
    const b = privacyReport({ train, synth, holdout: null, seed: 5, maxRows: 100 });
    expect(a.synthRowsUsed).toBe(100);
    expect(a.dcrMedian).toBe(b.dcrMedian);
    expect(a.closerToTrainShare).toBeNull();
    expect(a.verdict.flags.join(' ')).toMatch(/No holdout rows/);
  });
});

describe('helpers', () => {
  it('samples distinct rows in ascending order', () => {
    const rows = Array.from(sampleRows(1000, 50, new Rng(4)));
    expect(new Set(rows).size).toBe(50);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows.every((r) => r >= 0 && r < 1000)).toBe(true);
  });

  it('takes quantiles as numpy does (linear)', () => {
    const s = Float64Array.from([1, 2, 3, 4]);
    expect(sortedQuantile(s, 0.5)).toBe(2.5);
    expect(sortedQuantile(s, 0.05)).toBeCloseTo(1.15, 12);
  });
});
