import { describe, expect, it } from 'vitest';
import type { ModelColumn, ModelTable } from '../../src/core/data/model-table';
import {
  associationMatrix,
  compareAssociations,
  correlationRatio,
  cramersV,
  pearsonComplete,
} from '../../src/core/eval/associations';

const f = (xs: number[]) => Float64Array.from(xs);
const i = (xs: number[]) => Int32Array.from(xs);

describe('pair associations', () => {
  it("Pearson's r is 1 for a line, -1 for a falling line, and skips rows with a missing value", () => {
    expect(pearsonComplete(f([1, 2, 3, 4]), f([2, 4, 6, 8]))).toBeCloseTo(1);
    expect(pearsonComplete(f([1, 2, 3, 4]), f([8, 6, 4, 2]))).toBeCloseTo(-1);
    expect(pearsonComplete(f([1, 2, NaN, 3, 4]), f([2, 4, 100, 6, 8]))).toBeCloseTo(1);
    // worked by hand: x = 1..5, y = 2,1,4,3,5 -> r = 0.8
    expect(pearsonComplete(f([1, 2, 3, 4, 5]), f([2, 1, 4, 3, 5]))).toBeCloseTo(0.8);
  });

  it("Pearson's r is undefined for a constant column", () => {
    expect(pearsonComplete(f([1, 1, 1]), f([1, 2, 3]))).toBeNaN();
  });

  it("Cramér's V is 1 when one column decides the other and 0 when they are independent", () => {
    expect(cramersV(i([0, 0, 1, 1, 2, 2]), 3, i([1, 1, 0, 0, 2, 2]), 3)).toBeCloseTo(1);
    expect(cramersV(i([0, 0, 1, 1]), 2, i([0, 1, 0, 1]), 2)).toBeCloseTo(0);
    // 2x2 table [[3,1],[1,3]]: chi2 = 2, n = 8 -> V = 0.5
    expect(cramersV(i([0, 0, 0, 0, 1, 1, 1, 1]), 2, i([0, 0, 0, 1, 0, 1, 1, 1]), 2)).toBeCloseTo(
      0.5,
    );
    expect(cramersV(i([0, 0, 0]), 2, i([0, 1, 0]), 2)).toBeNaN();
  });

  it('the correlation ratio is 1 when the groups explain all the spread and 0 when none', () => {
    expect(correlationRatio(f([1, 1, 5, 5]), i([0, 0, 1, 1]), 2)).toBeCloseTo(1);
    expect(correlationRatio(f([1, 5, 1, 5]), i([0, 0, 1, 1]), 2)).toBeCloseTo(0);
    // groups {1,3} and {5,7}: between 16, total 20 -> eta = sqrt(0.8)
    expect(correlationRatio(f([1, 3, 5, 7, NaN]), i([0, 0, 1, 1, 1]), 2)).toBeCloseTo(
      Math.sqrt(0.8),
    );
  });

  it('builds a symmetric matrix with the right measure per pair and 1 on the diagonal', () => {
    const columns: ModelColumn[] = [
      { type: 'numeric', name: 'a', values: f([1, 2, 3, 4]), integer: false },
      { type: 'numeric', name: 'b', values: f([4, 3, 2, 1]), integer: false },
      { type: 'discrete', name: 'c', codes: i([0, 0, 1, 1]), levels: ['x', 'y'] },
    ];
    const m = associationMatrix({ rows: 4, columns });
    expect(m.columns).toEqual(['a', 'b', 'c']);
    expect(m.values[0]?.[0]).toBe(1);
    expect(m.values[0]?.[1]).toBeCloseTo(-1);
    expect(m.values[1]?.[0]).toBeCloseTo(-1);
    expect(m.methods[0]?.[1]).toBe('pearson');
    expect(m.methods[0]?.[2]).toBe('correlation-ratio');
    expect(m.methods[2]?.[0]).toBe('correlation-ratio');
    expect(m.values[0]?.[2]).toBeCloseTo(m.values[2]?.[0] ?? NaN);
    expect(m.values[0]?.[2]).toBeGreaterThan(0.8);
  });

  it('the difference is synthetic minus real, and different columns are refused', () => {
    const t = (ys: number[]): ModelTable => ({
      rows: 4,
      columns: [
        { type: 'numeric', name: 'a', values: f([1, 2, 3, 4]), integer: false },
        { type: 'numeric', name: 'b', values: f(ys), integer: false },
      ],
    });
    const cmp = compareAssociations(
      associationMatrix(t([1, 2, 3, 4])),
      associationMatrix(t([4, 3, 2, 1])),
    );
    expect(cmp.diff[0]?.[1]).toBeCloseTo(-2);
    expect(cmp.diff[0]?.[0]).toBe(0);
    const other: ModelTable = {
      rows: 1,
      columns: [{ type: 'numeric', name: 'z', values: f([1]), integer: false }],
    };
    expect(() =>
      compareAssociations(associationMatrix(t([1, 2, 3, 4])), associationMatrix(other)),
    ).toThrow(/different columns/);
  });
});
