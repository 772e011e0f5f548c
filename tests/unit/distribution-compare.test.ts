import { describe, expect, it } from 'vitest';
import type { ModelColumn, ModelTable } from '../../src/core/data/model-table';
import { OTHER_LEVEL } from '../../src/core/data/model-table';
import {
  compareDistributions,
  distributionReference,
  subsampleTable,
  type ColumnComparison,
} from '../../src/core/eval/distribution-compare';

const numeric = (name: string, values: number[], integer = false): ModelColumn => ({
  type: 'numeric',
  name,
  values: Float64Array.from(values),
  integer,
});
const discrete = (name: string, codes: number[], levels: (string | null)[]): ModelColumn => ({
  type: 'discrete',
  name,
  codes: Int32Array.from(codes),
  levels,
});
const table = (...columns: ModelColumn[]): ModelTable => ({
  rows: columns[0]?.type === 'numeric' ? columns[0].values.length : (columns[0]?.codes.length ?? 0),
  columns,
});
function histogram(c: ColumnComparison | undefined) {
  if (c?.type !== 'histogram') throw new Error('expected a histogram');
  return c;
}
function bars(c: ColumnComparison | undefined) {
  if (c?.type !== 'bars') throw new Error('expected bars');
  return c;
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('distribution comparison', () => {
  it('bins real and synthetic values on the same edges, as shares of the present rows', () => {
    const real = table(numeric('x', [0, 1, 2, 3, 4, 5, 6, 7, 8, 10]));
    const ref = distributionReference(real, { bins: 5 });
    const synth = table(numeric('x', [0, 0, 0, 9, NaN]));
    const x = histogram(compareDistributions(ref, synth)[0]);
    expect(x.bins.map((b) => b.start)).toEqual([0, 2, 4, 6, 8]);
    expect(x.bins.map((b) => b.real)).toEqual([0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(x.bins.map((b) => b.synth)).toEqual([0.75, 0, 0, 0, 0.25]);
    expect(x.synthMissing).toBeCloseTo(0.2);
    expect(x.realMissing).toBe(0);
  });

  it('clips synthetic values beyond the real range into the end bins and reports their share', () => {
    const ref = distributionReference(table(numeric('x', [0, 10])), { bins: 2 });
    const x = histogram(compareDistributions(ref, table(numeric('x', [-5, 5, 50, 7])))[0]);
    expect(x.bins.map((b) => b.synth)).toEqual([0.25, 0.75]);
    expect(x.synthOutside).toBe(0.5);
  });

  it('gives a short integer range one bin per value, and labels datetimes as dates', () => {
    const ref = distributionReference(
      table(
        numeric('n', [1, 2, 2, 3], true),
        numeric('d', [Date.UTC(2020, 0, 1), Date.UTC(2021, 0, 1), Date.UTC(2022, 0, 1), NaN]),
      ),
      { bins: 10, datetimeColumns: new Set(['d']) },
    );
    const n = histogram(ref.columns[0]);
    expect(n.scale).toBe('integer');
    expect(n.bins.map((b) => b.label)).toEqual(['1', '2', '3']);
    expect(n.bins.map((b) => b.real)).toEqual([0.25, 0.5, 0.25]);
    const d = histogram(ref.columns[1]);
    expect(d.scale).toBe('datetime');
    expect(d.bins[0]?.label).toBe('2020-01-01');
    expect(d.realMissing).toBe(0.25);
  });

  it('shows the most frequent real levels and gathers the rest in one "other" bar', () => {
    const levels = ['a', 'b', 'c', 'd', null];
    const real = table(discrete('c', [0, 0, 0, 1, 1, 2, 3, 4], levels));
    const ref = distributionReference(real, { topLevels: 2 });
    const synth = table(discrete('c', [1, 1, 2, 2, 3, 4, 4, 4], levels));
    const c = bars(compareDistributions(ref, synth)[0]);
    expect(c.levels.map((l) => l.label)).toEqual(['a', 'b', 'other levels']);
    expect(c.levels.map((l) => l.other)).toEqual([false, false, true]);
    expect(c.levels.map((l) => l.real)).toEqual([3 / 7, 2 / 7, 2 / 7]);
    expect(c.levels.map((l) => l.synth)).toEqual([0, 2 / 5, 3 / 5]);
    expect(c.realMissing).toBe(1 / 8);
    expect(c.synthMissing).toBe(3 / 8);
    expect(sum(c.levels.map((l) => l.synth))).toBeCloseTo(1);
  });

  it("names the codec's folded level '(other)' and adds no other bar when every level is shown", () => {
    const levels = ['x', OTHER_LEVEL];
    const ref = distributionReference(table(discrete('c', [0, 1, 1], levels)));
    const c = bars(ref.columns[0]);
    expect(c.levels.map((l) => l.label)).toEqual(['(other)', 'x']);
    expect(c.levels.some((l) => l.other)).toBe(false);
  });

  it('moves towards the real shares as the synthetic sample gets closer', () => {
    const real = table(numeric('x', [1, 2, 3, 4, 5, 6, 7, 8]));
    const ref = distributionReference(real, { bins: 4 });
    const far = histogram(compareDistributions(ref, table(numeric('x', [1, 1, 1, 1])))[0]);
    const near = histogram(compareDistributions(ref, table(numeric('x', [1, 3, 5, 8])))[0]);
    const gap = (c: typeof far) => sum(c.bins.map((b) => Math.abs(b.real - b.synth)));
    expect(gap(near)).toBeLessThan(gap(far));
    expect(gap(near)).toBe(0);
  });

  it('reports a column missing from the sample as all missing, and refuses a changed type', () => {
    const ref = distributionReference(
      table(numeric('x', [1, 2]), discrete('c', [0, 1], ['a', 'b'])),
    );
    const out = compareDistributions(ref, table(numeric('x', [1, 2])));
    expect(out[1]?.synthMissing).toBe(1);
    expect(() => compareDistributions(ref, table(discrete('x', [0], ['a'])))).toThrow(
      /not numeric/,
    );
  });

  it('subsamples evenly and leaves a small table as it is', () => {
    const t = table(
      numeric('x', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
      discrete('c', [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], ['a', 'b']),
    );
    expect(subsampleTable(t, 20)).toBe(t);
    const s = subsampleTable(t, 5);
    expect(s.rows).toBe(5);
    const x = s.columns[0];
    expect(x?.type === 'numeric' ? Array.from(x.values) : []).toEqual([0, 2, 4, 6, 8]);
    const c = s.columns[1];
    expect(c?.type === 'discrete' ? Array.from(c.codes) : []).toEqual([0, 0, 0, 0, 0]);
  });
});
