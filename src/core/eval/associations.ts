/**
 * How strongly each pair of columns moves together, as a square matrix for a heatmap:
 *
 * - two numeric columns: Pearson's r on the rows where both are present (-1 to 1);
 * - two discrete columns: Cramér's V of their contingency table, missing kept as a level (0 to 1);
 * - a numeric and a discrete column: the correlation ratio η, the square root of the share of
 *   the numeric column's variance explained by the discrete column's groups, on the rows where
 *   the number is present (0 to 1).
 *
 * NaN marks an undefined value (a constant column, fewer than two usable rows).
 */
import type { DiscreteColumn, ModelColumn, ModelTable, NumericColumn } from '../data/model-table';
import { pearson } from './quality';

export type AssociationMethod = 'pearson' | 'cramers-v' | 'correlation-ratio';

export interface AssociationMatrix {
  columns: string[];
  /** `values[i][j]`, symmetric, 1 on the diagonal (NaN for a constant column). */
  values: number[][];
  /** The measure used for each pair. */
  methods: AssociationMethod[][];
}

/** Real, synthetic and their difference (synthetic minus real), on the same columns. */
export interface AssociationComparison {
  columns: string[];
  real: number[][];
  synth: number[][];
  diff: number[][];
  methods: AssociationMethod[][];
}

/** Pearson's r over the rows where both are present (the quality report's own). */
export const pearsonComplete = pearson;

/**
 * Cramér's V of two code arrays (codes in `[0, ka)` and `[0, kb)`): sqrt(χ² / (n·(min(r, c) - 1)))
 * over the levels that occur. NaN when either side has fewer than two occurring levels.
 */
export function cramersV(a: Int32Array, ka: number, b: Int32Array, kb: number): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return NaN;
  const table = new Float64Array(ka * kb);
  const rowSum = new Float64Array(ka);
  const colSum = new Float64Array(kb);
  for (let i = 0; i < n; i += 1) {
    const r = a[i] as number;
    const c = b[i] as number;
    table[r * kb + c] = (table[r * kb + c] as number) + 1;
    rowSum[r] = (rowSum[r] as number) + 1;
    colSum[c] = (colSum[c] as number) + 1;
  }
  const rows = rowSum.filter((s) => s > 0).length;
  const cols = colSum.filter((s) => s > 0).length;
  if (rows < 2 || cols < 2) return NaN;
  let chi2 = 0;
  for (let r = 0; r < ka; r += 1) {
    const rs = rowSum[r] as number;
    if (rs === 0) continue;
    for (let c = 0; c < kb; c += 1) {
      const cs = colSum[c] as number;
      if (cs === 0) continue;
      const expected = (rs * cs) / n;
      chi2 += ((table[r * kb + c] as number) - expected) ** 2 / expected;
    }
  }
  return Math.min(1, Math.sqrt(chi2 / (n * (Math.min(rows, cols) - 1))));
}

/**
 * The correlation ratio η of numeric `values` grouped by `codes` (in `[0, k)`), over the rows
 * where the value is present. NaN when fewer than two values or no spread.
 */
export function correlationRatio(values: Float64Array, codes: Int32Array, k: number): number {
  const sum = new Float64Array(k);
  const count = new Float64Array(k);
  let total = 0;
  let n = 0;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    const g = codes[i] as number;
    sum[g] = (sum[g] as number) + v;
    count[g] = (count[g] as number) + 1;
    total += v;
    n += 1;
  }
  if (n < 2) return NaN;
  const mean = total / n;
  let ssTotal = 0;
  for (const v of values) if (!Number.isNaN(v)) ssTotal += (v - mean) ** 2;
  if (ssTotal === 0) return NaN;
  let ssBetween = 0;
  for (let g = 0; g < k; g += 1) {
    const c = count[g] as number;
    if (c > 0) ssBetween += c * ((sum[g] as number) / c - mean) ** 2;
  }
  return Math.sqrt(Math.min(1, ssBetween / ssTotal));
}

function pair(x: ModelColumn, y: ModelColumn): { value: number; method: AssociationMethod } {
  if (x.type === 'numeric' && y.type === 'numeric') {
    return { value: pearsonComplete(x.values, y.values), method: 'pearson' };
  }
  if (x.type === 'discrete' && y.type === 'discrete') {
    return {
      value: cramersV(x.codes, x.levels.length, y.codes, y.levels.length),
      method: 'cramers-v',
    };
  }
  const num = (x.type === 'numeric' ? x : y) as NumericColumn;
  const dis = (x.type === 'discrete' ? x : y) as DiscreteColumn;
  return {
    value: correlationRatio(num.values, dis.codes, dis.levels.length),
    method: 'correlation-ratio',
  };
}

function selfAssociation(c: ModelColumn): number {
  if (c.type === 'numeric') return Number.isNaN(pearsonComplete(c.values, c.values)) ? NaN : 1;
  return Number.isNaN(cramersV(c.codes, c.levels.length, c.codes, c.levels.length)) ? NaN : 1;
}

/** The association of every pair of the table's columns (see the module comment). */
export function associationMatrix(table: ModelTable): AssociationMatrix {
  const cols = table.columns;
  const k = cols.length;
  const values = Array.from({ length: k }, () => new Array<number>(k).fill(NaN));
  const methods = Array.from({ length: k }, () => new Array<AssociationMethod>(k).fill('pearson'));
  for (let i = 0; i < k; i += 1) {
    const ci = cols[i] as ModelColumn;
    (values[i] as number[])[i] = selfAssociation(ci);
    (methods[i] as AssociationMethod[])[i] = ci.type === 'numeric' ? 'pearson' : 'cramers-v';
    for (let j = i + 1; j < k; j += 1) {
      const { value, method } = pair(ci, cols[j] as ModelColumn);
      (values[i] as number[])[j] = value;
      (values[j] as number[])[i] = value;
      (methods[i] as AssociationMethod[])[j] = method;
      (methods[j] as AssociationMethod[])[i] = method;
    }
  }
  return { columns: cols.map((c) => c.name), values, methods };
}

/**
 * Real and synthetic matrices side by side with their difference (synthetic minus real).
 *
 * @throws when the two matrices do not name the same columns in the same order
 */
export function compareAssociations(
  real: AssociationMatrix,
  synth: AssociationMatrix,
): AssociationComparison {
  if (real.columns.join('\u0000') !== synth.columns.join('\u0000')) {
    throw new Error('the real and synthetic tables have different columns');
  }
  const diff = real.values.map((row, i) =>
    row.map((r, j) => ((synth.values[i] as number[])[j] as number) - r),
  );
  return {
    columns: real.columns,
    real: real.values,
    synth: synth.values,
    diff,
    methods: real.methods,
  };
}
