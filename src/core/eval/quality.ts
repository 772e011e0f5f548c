/**
 * Quality of a synthetic table against the real one, with the public SDMetrics quality-report
 * definitions in their classic form (every column pair counts):
 *
 * - column shapes: KSComplement (1 - two-sample Kolmogorov-Smirnov statistic) for numeric and
 *   datetime columns, TVComplement (1 - total variation distance of the category shares) for
 *   categorical and boolean ones; missing values left out of both.
 * - column pair trends: CorrelationSimilarity (1 - |pearson(real) - pearson(synth)| / 2) for two
 *   numeric columns on complete cases; ContingencySimilarity (1 - TVD of the normalised two-way
 *   frequency tables, missing kept as a category) otherwise, a numeric column first cut into 10
 *   equal-width bins over its own table's range (as SDMetrics does).
 * - overall: the mean of the two property scores; undefined scores (a constant column's
 *   correlation, an all-missing real column) are left out of every mean.
 *
 * Real and synthetic must come from the same codec, so discrete codes name the same levels.
 */
import type { DiscreteColumn, ModelColumn, ModelTable, NumericColumn } from '../data/model-table';
import { pearson } from '../data/correlation';

/** Pearson correlation of the rows where both values are present (kept here for callers). */
export { pearson };

export interface ColumnShape {
  column: string;
  metric: 'KSComplement' | 'TVComplement';
  /** 0-1, higher is better; NaN when undefined (every real value missing). */
  score: number;
  /** Share (0-1) of the real rows missing in this column. */
  realMissingShare: number;
  /** Share (0-1) of the synthetic rows missing in this column. */
  synthMissingShare: number;
}

export interface PairTrend {
  a: string;
  b: string;
  metric: 'CorrelationSimilarity' | 'ContingencySimilarity';
  /** 0-1, higher is better; NaN when undefined (a constant or empty numeric column). */
  score: number;
  /** Pearson correlation in the real rows (CorrelationSimilarity only). */
  real: number | null;
  /** Pearson correlation in the synthetic rows (CorrelationSimilarity only). */
  synth: number | null;
}

export interface QualityReport {
  /** Mean of `columnShapes` and `columnPairTrends`. */
  overall: number;
  columnShapes: number;
  columnPairTrends: number;
  /** Worst first; undefined scores last. */
  columns: ColumnShape[];
  /** Worst first; undefined scores last. */
  pairs: PairTrend[];
}

/** Number of equal-width bins a numeric column is cut into for ContingencySimilarity. */
export const PAIR_BINS = 10;

/** The mean of the finite values; NaN when there are none. */
export function nanMean(values: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      sum += v;
      n += 1;
    }
  }
  return n > 0 ? sum / n : NaN;
}

/** Sorts worst (lowest) first, undefined (NaN) scores last. */
export function worstFirst<T extends { score: number }>(items: T[]): T[] {
  return items.sort((x, y) => {
    const nx = Number.isNaN(x.score);
    const ny = Number.isNaN(y.score);
    if (nx || ny) return Number(nx) - Number(ny);
    return x.score - y.score;
  });
}

function byName(table: ModelTable): Map<string, ModelColumn> {
  return new Map(table.columns.map((c) => [c.name, c]));
}

/** Share (0-1) of the rows of a column that are missing. */
export function missingShare(column: ModelColumn): number {
  const n = column.type === 'numeric' ? column.values.length : column.codes.length;
  if (n === 0) return 0;
  let missing = 0;
  if (column.type === 'numeric') {
    for (const v of column.values) if (Number.isNaN(v)) missing += 1;
  } else {
    for (const code of column.codes) if (column.levels[code] === null) missing += 1;
  }
  return missing / n;
}

/** numpy's `np.round(x, 14)`, which the reference applies before the KS test. */
function round14(x: number): number {
  const scaled = x * 1e14;
  if (!Number.isFinite(scaled)) return x;
  const r = Math.round(scaled);
  // rint rounds halves to even; Math.round rounds them up
  const even = r - scaled === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return even / 1e14;
}

function sortedPresent(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (const v of values) if (!Number.isNaN(v)) out[n++] = round14(v);
  return out.subarray(0, n).sort();
}

/**
 * 1 - the two-sample Kolmogorov-Smirnov statistic of the non-missing values.
 * @returns NaN when every real value is missing; 0 when every synthetic one is.
 */
export function ksComplement(real: Float64Array, synth: Float64Array): number {
  const a = sortedPresent(real);
  const b = sortedPresent(synth);
  if (a.length === 0) return NaN;
  if (b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length || j < b.length) {
    const x = Math.min(
      i < a.length ? (a[i] as number) : Infinity,
      j < b.length ? (b[j] as number) : Infinity,
    );
    while (i < a.length && (a[i] as number) <= x) i += 1;
    while (j < b.length && (b[j] as number) <= x) j += 1;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return 1 - d;
}

function levelShares(column: DiscreteColumn, size: number): Float64Array {
  const counts = new Float64Array(size);
  let present = 0;
  for (const code of column.codes) {
    if (column.levels[code] === null) continue;
    counts[code] = (counts[code] as number) + 1;
    present += 1;
  }
  if (present > 0) for (let k = 0; k < size; k += 1) counts[k] = (counts[k] as number) / present;
  return counts;
}

/**
 * 1 - the total variation distance of the category shares, missing values left out. Both
 * columns must share their levels (one codec).
 * @returns NaN when every real value is missing; 0 when every synthetic one is.
 */
export function tvComplement(real: DiscreteColumn, synth: DiscreteColumn): number {
  const size = Math.max(real.levels.length, synth.levels.length);
  if (missingShare(real) === 1 || real.codes.length === 0) return NaN;
  if (missingShare(synth) === 1 || synth.codes.length === 0) return 0;
  const p = levelShares(real, size);
  const q = levelShares(synth, size);
  let tvd = 0;
  for (let k = 0; k < size; k += 1) tvd += Math.abs((p[k] as number) - (q[k] as number));
  return 1 - tvd / 2;
}

/**
 * Column shapes of every real column, worst first. A column the synthetic table lacks scores 0.
 */
export function columnShapes(real: ModelTable, synth: ModelTable): ColumnShape[] {
  const synthColumns = byName(synth);
  const out = real.columns.map((r): ColumnShape => {
    const s = synthColumns.get(r.name);
    const metric = r.type === 'numeric' ? 'KSComplement' : 'TVComplement';
    const base = { column: r.name, metric, realMissingShare: missingShare(r) } as const;
    if (!s || s.type !== r.type) return { ...base, score: 0, synthMissingShare: 1 };
    const score =
      r.type === 'numeric'
        ? ksComplement(r.values, (s as NumericColumn).values)
        : tvComplement(r, s as DiscreteColumn);
    return { ...base, score, synthMissingShare: missingShare(s) };
  });
  return worstFirst(out);
}

function range(values: Float64Array): { lo: number; hi: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? { lo, hi } : null;
}

function isConstant(values: Float64Array): boolean {
  const r = range(values);
  return r === null || r.lo === r.hi;
}

/** numpy's `histogram_bin_edges(values, bins)`: `bins + 1` equal-width edges over the range. */
export function binEdges(lo: number, hi: number, bins = PAIR_BINS): Float64Array {
  let first = lo;
  let last = hi;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i += 1) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/**
 * numpy's `digitize(values, edges)`: the number of edges at or below each value, so the range
 * maximum gets a code of its own and a missing value the last code (`edges.length`).
 */
export function digitize(values: Float64Array, edges: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      out[i] = edges.length;
      continue;
    }
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edges[mid] as number) <= v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
  return out;
}

interface Coded {
  real: Int32Array;
  synth: Int32Array;
  size: number;
}

/** Each table's numeric column cut on its own range; null when every real value is missing. */
function binned(r: NumericColumn, s: NumericColumn): Coded | null {
  const rr = range(r.values);
  if (!rr) return null;
  const rEdges = binEdges(rr.lo, rr.hi);
  const sr = range(s.values);
  const sEdges = sr ? binEdges(sr.lo, sr.hi) : rEdges;
  return {
    real: digitize(r.values, rEdges),
    synth: digitize(s.values, sEdges),
    size: PAIR_BINS + 2,
  };
}

/**
 * 1 - the total variation distance between the two-way frequency tables of two coded columns.
 */
export function contingencySimilarity(a: Coded, b: Coded): number {
  const width = b.size;
  const cells = a.size * width;
  const dense = cells <= 1 << 22;
  const p = dense ? new Float64Array(cells) : null;
  const q = dense ? new Float64Array(cells) : null;
  const pm = new Map<number, number>();
  const qm = new Map<number, number>();
  const add = (
    x: Int32Array,
    y: Int32Array,
    arr: Float64Array | null,
    map: Map<number, number>,
  ) => {
    const w = 1 / x.length;
    for (let i = 0; i < x.length; i += 1) {
      const key = (x[i] as number) * width + (y[i] as number);
      if (arr) arr[key] = (arr[key] as number) + w;
      else map.set(key, (map.get(key) ?? 0) + w);
    }
  };
  add(a.real, b.real, p, pm);
  add(a.synth, b.synth, q, qm);
  let tvd = 0;
  if (p && q) {
    for (let k = 0; k < cells; k += 1) tvd += Math.abs((p[k] as number) - (q[k] as number));
  } else {
    for (const [key, v] of pm) tvd += Math.abs(v - (qm.get(key) ?? 0));
    for (const [key, v] of qm) if (!pm.has(key)) tvd += v;
  }
  return 1 - tvd / 2;
}

function pairTrend(
  r1: ModelColumn,
  r2: ModelColumn,
  s1: ModelColumn,
  s2: ModelColumn,
  codes: (i: 0 | 1) => Coded | null,
): PairTrend {
  const base = { a: r1.name, b: r2.name };
  if (r1.type === 'numeric' && r2.type === 'numeric') {
    const n1 = s1 as NumericColumn;
    const n2 = s2 as NumericColumn;
    const undefinedPair = [r1, r2, n1, n2].some((c) => isConstant(c.values));
    const pr = undefinedPair ? NaN : pearson(r1.values, r2.values);
    const ps = undefinedPair ? NaN : pearson(n1.values, n2.values);
    const score = Number.isNaN(pr) || Number.isNaN(ps) ? NaN : 1 - Math.abs(pr - ps) / 2;
    return { ...base, metric: 'CorrelationSimilarity', score, real: pr, synth: ps };
  }
  const ca = codes(0);
  const cb = codes(1);
  const score = ca && cb ? contingencySimilarity(ca, cb) : NaN;
  return { ...base, metric: 'ContingencySimilarity', score, real: null, synth: null };
}

function coder(r: ModelColumn, s: ModelColumn): Coded | null {
  if (r.type === 'numeric') return binned(r, s as NumericColumn);
  const d = s as DiscreteColumn;
  return { real: r.codes, synth: d.codes, size: Math.max(r.levels.length, d.levels.length) };
}

/** Column pair trends of every pair of real columns the synthetic table also has, worst first. */
export function pairTrends(real: ModelTable, synth: ModelTable): PairTrend[] {
  const synthColumns = byName(synth);
  const cols = real.columns.filter((c) => synthColumns.get(c.name)?.type === c.type);
  const cache = new Map<string, Coded | null>();
  const codesOf = (r: ModelColumn): Coded | null => {
    if (!cache.has(r.name)) cache.set(r.name, coder(r, synthColumns.get(r.name) as ModelColumn));
    return cache.get(r.name) ?? null;
  };
  const out: PairTrend[] = [];
  for (let i = 0; i < cols.length; i += 1) {
    for (let j = i + 1; j < cols.length; j += 1) {
      const r1 = cols[i] as ModelColumn;
      const r2 = cols[j] as ModelColumn;
      const s1 = synthColumns.get(r1.name) as ModelColumn;
      const s2 = synthColumns.get(r2.name) as ModelColumn;
      out.push(pairTrend(r1, r2, s1, s2, (k) => codesOf(k === 0 ? r1 : r2)));
    }
  }
  return worstFirst(out);
}

/**
 * The quality report: column shapes, column pair trends and their mean.
 *
 * @param real the rows the generator learned from, encoded with the evaluation codec.
 * @param synth the generated rows, encoded with the same codec.
 */
export function qualityReport(real: ModelTable, synth: ModelTable): QualityReport {
  const columns = columnShapes(real, synth);
  const pairs = pairTrends(real, synth);
  const shapeScore = nanMean(columns.map((c) => c.score));
  const pairScore = nanMean(pairs.map((p) => p.score));
  return {
    overall: nanMean([shapeScore, pairScore]),
    columnShapes: shapeScore,
    columnPairTrends: pairScore,
    columns,
    pairs,
  };
}
