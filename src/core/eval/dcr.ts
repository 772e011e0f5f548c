/**
 * Distance to the closest record (DCR), exact and fast in plain TypeScript (runs in Node and in
 * the engine worker). The distance is Gower-style, as SDMetrics' DCR metrics define it:
 * numeric and datetime columns |a - b| / range(training rows), capped at 1; categorical columns
 * 0 when equal, 1 otherwise; missing against missing 0, missing against a value 1; averaged
 * over the columns.
 *
 * Speed comes from pruning, never from approximation (see dcr-groups.ts): a query looks first
 * at the training rows that share all its categorical values, then at the groups 1, 2, ...
 * mismatches away only while that many mismatches could still beat the best so far; inside a
 * group the rows are scanned outward on a sum key (a lower bound of the numeric distance) until
 * it alone is too far, and a row is dropped as soon as its running sum reaches the best so far.
 */
import type { ModelTable } from '../data/model-table';
import {
  catKey,
  groupBound,
  groupRef,
  sumKey,
  type DcrMatrix,
  type Group,
  type GroupedRef,
} from './dcr-groups';

export type { DcrMatrix } from './dcr-groups';

/** How a training table turns rows into a DcrMatrix: column order, offsets and ranges. */
export interface DcrSpace {
  /** Names of the columns used (present in every table compared). */
  columns: string[];
  numeric: { name: string; lo: number; range: number }[];
  /** Categorical columns, most varied (in the training rows) first. */
  discrete: string[];
}

/** The space of `train` over `columns`: numeric offsets and ranges from the training rows. */
export function dcrSpace(train: ModelTable, columns: readonly string[]): DcrSpace {
  const numeric: DcrSpace['numeric'] = [];
  const discrete: { name: string; purity: number }[] = [];
  for (const col of train.columns) {
    if (!columns.includes(col.name)) continue;
    if (col.type === 'numeric') {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of col.values) {
        if (Number.isNaN(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (lo > hi) [lo, hi] = [0, 0];
      numeric.push({ name: col.name, lo, range: hi - lo > 0 ? hi - lo : 1 });
    } else {
      // chance that two random rows agree: low purity prunes first
      const counts = new Float64Array(col.levels.length);
      for (const c of col.codes) counts[c] = (counts[c] as number) + 1;
      let purity = 0;
      for (const n of counts) purity += (n / Math.max(1, col.codes.length)) ** 2;
      discrete.push({ name: col.name, purity });
    }
  }
  discrete.sort((a, b) => a.purity - b.purity);
  return {
    columns: [...numeric.map((n) => n.name), ...discrete.map((d) => d.name)],
    numeric,
    discrete: discrete.map((d) => d.name),
  };
}

/** `rows` (all when null) of a table in the space's layout. */
export function toDcrMatrix(
  space: DcrSpace,
  table: ModelTable,
  rows: Int32Array | null = null,
): DcrMatrix {
  const n = rows ? rows.length : table.rows;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const numCols = space.numeric.length;
  const catCols = space.discrete.length;
  const num = new Float64Array(n * numCols);
  const cat = new Int32Array(n * catCols);
  space.numeric.forEach((spec, j) => {
    const col = byName.get(spec.name);
    if (col?.type !== 'numeric')
      throw new Error(`Column "${spec.name}" is not numeric in every table.`);
    for (let i = 0; i < n; i += 1) {
      const v = col.values[rows ? (rows[i] as number) : i] as number;
      num[i * numCols + j] = (v - spec.lo) / spec.range;
    }
  });
  space.discrete.forEach((name, j) => {
    const col = byName.get(name);
    if (col?.type !== 'discrete')
      throw new Error(`Column "${name}" is not categorical in every table.`);
    for (let i = 0; i < n; i += 1)
      cat[i * catCols + j] = col.codes[rows ? (rows[i] as number) : i] as number;
  });
  return { rows: n, num, numCols, cat, catCols };
}

export function numDistance(q: number, r: number): number {
  const d = Math.abs(q - r);
  if (d !== d) return q !== q && r !== r ? 0 : 1;
  return d < 1 ? d : 1;
}

/** Running k-best (k = 1 or 2) of one query; `limit` is the distance a row must beat. */
class Best {
  d1 = Infinity;
  d2 = Infinity;
  constructor(private readonly k: 1 | 2) {}
  get limit(): number {
    return this.k === 1 ? this.d1 : this.d2;
  }
  offer(d: number): void {
    if (d < this.d1) {
      this.d2 = this.d1;
      this.d1 = d;
    } else if (d < this.d2) this.d2 = d;
  }
}

/** `base` plus the numeric distances of query row `qi` to reference row `ri`, or `limit` once reached. */
function numericDistance(
  q: DcrMatrix,
  qi: number,
  r: DcrMatrix,
  ri: number,
  base: number,
  limit: number,
): number {
  let s = base;
  const qn = qi * q.numCols;
  const rn = ri * r.numCols;
  for (let j = 0; j < q.numCols; j += 1) {
    s += numDistance(q.num[qn + j] as number, r.num[rn + j] as number);
    if (s >= limit) return limit;
  }
  return s;
}

/** Offers the rows of one group, `base` categorical mismatches away, nearest key first. */
function scanGroup(
  q: DcrMatrix,
  qi: number,
  x: number,
  ref: GroupedRef,
  group: Group,
  base: number,
  best: Best,
): void {
  if (base >= best.limit) return;
  const { rows, keys } = group;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  let up = lo;
  let down = lo - 1;
  while (up < rows.length || down >= 0) {
    const du = up < rows.length ? (keys[up] as number) - x : Infinity;
    const dd = down >= 0 ? x - (keys[down] as number) : Infinity;
    const limit = best.limit;
    if (base + (du < dd ? du : dd) >= limit) break;
    const row = (du <= dd ? rows[up++] : rows[down--]) as number;
    const d = numericDistance(q, qi, ref.m, row, base, limit);
    if (d < limit) best.offer(d);
  }
}

/** Scratch space of the group search, reused across queries. */
interface Scratch {
  /** Query number (plus one) that last looked at each group. */
  stamp: Int32Array;
  /** Groups found with m mismatches, still to scan: `pending[m]`. */
  pending: number[][];
}

function mismatches(q: DcrMatrix, qi: number, ref: GroupedRef, g: number): number {
  let m = 0;
  const C = q.catCols;
  for (let j = 0; j < C; j += 1) if (ref.cats[g * C + j] !== q.cat[qi * C + j]) m += 1;
  return m;
}

/** Scans groups `m` mismatches away, the most promising first so the limit drops early. */
function scanBucket(
  q: DcrMatrix,
  qi: number,
  x: number,
  ref: GroupedRef,
  bucket: number[],
  m: number,
  best: Best,
): void {
  const bounds = bucket.map((g) => groupBound(q, qi, ref, g, m));
  let first = -1;
  for (let p = 0; p < bucket.length; p += 1)
    if (first < 0 || (bounds[p] as number) < (bounds[first] as number)) first = p;
  if (first < 0) return;
  scanGroup(q, qi, x, ref, ref.groups[bucket[first] as number] as Group, m, best);
  for (let p = 0; p < bucket.length; p += 1) {
    if (p === first || (bounds[p] as number) >= best.limit) continue;
    scanGroup(q, qi, x, ref, ref.groups[bucket[p] as number] as Group, m, best);
  }
}

/**
 * The query's own categorical group first; then the groups t = 1, 2, ... mismatches away while t
 * is below the k-th best so far. A group t mismatches away holds the query's level in at least
 * one of any t + 1 columns, so step t only adds the groups of the (t + 1)-th shortest level list.
 */
function scanQuery(q: DcrMatrix, qi: number, ref: GroupedRef, best: Best, s: Scratch): void {
  const stamp = qi + 1;
  const x = sumKey(q, qi);
  const own = ref.index.get(catKey(q, qi));
  if (own !== undefined) {
    s.stamp[own] = stamp;
    scanGroup(q, qi, x, ref, ref.groups[own] as Group, 0, best);
  }
  const C = q.catCols;
  if (best.limit <= 1 || C === 0) return;
  const lists = ref.byLevel
    .map((byLevel, j) => byLevel.get(q.cat[qi * C + j] as number) ?? new Int32Array(0))
    .sort((a, b) => a.length - b.length);
  for (const p of s.pending) p.length = 0;
  const stampList = (list: Int32Array) => {
    for (const g of list) {
      if (s.stamp[g] === stamp) continue;
      s.stamp[g] = stamp;
      (s.pending[mismatches(q, qi, ref, g)] as number[]).push(g);
    }
  };
  for (let t = 1; t <= C && t < best.limit; t += 1) {
    if (t === 1) stampList(lists[0] as Int32Array);
    if (t < C) stampList(lists[t] as Int32Array);
    else {
      // every column mismatched: the groups in none of the lists
      for (let g = 0; g < ref.groups.length; g += 1) {
        if (s.stamp[g] === stamp) continue;
        s.stamp[g] = stamp;
        (s.pending[C] as number[]).push(g);
      }
    }
    scanBucket(q, qi, x, ref, s.pending[t] as number[], t, best);
  }
}

/**
 * For each query row, the distance to its nearest reference row (and to the second nearest when
 * asked), both averaged over the columns (0-1).
 *
 * @param onProgress called with the share of query rows done (0-1) every few hundred rows.
 * @returns `nearest` `[query.rows]`, and `second` `[query.rows]` when `second` was asked for
 *   (Infinity when the reference has a single row).
 */
export function nearestDistances(
  query: DcrMatrix,
  reference: DcrMatrix,
  options: { second?: boolean; onProgress?: (share: number) => void } = {},
): { nearest: Float64Array; second: Float64Array | null } {
  const columns = query.numCols + query.catCols;
  const nearest = new Float64Array(query.rows).fill(
    columns > 0 && reference.rows > 0 ? Infinity : 0,
  );
  const second = options.second ? new Float64Array(query.rows).fill(Infinity) : null;
  if (columns === 0 || reference.rows === 0) return { nearest, second };
  const ref = groupRef(reference);
  const scratch: Scratch = {
    stamp: new Int32Array(ref.groups.length),
    pending: Array.from({ length: query.catCols + 1 }, () => []),
  };
  for (let qi = 0; qi < query.rows; qi += 1) {
    const best = new Best(second ? 2 : 1);
    scanQuery(query, qi, ref, best, scratch);
    nearest[qi] = best.d1 / columns;
    if (second) second[qi] = best.d2 / columns;
    if (options.onProgress && qi % 512 === 511) options.onProgress((qi + 1) / query.rows);
  }
  options.onProgress?.(1);
  return { nearest, second };
}
