/**
 * Makes every column of a {@link ModelTable} discrete, for the any-order autoregressive network
 * (TabularARGN, arXiv 2501.12012). Each column becomes one token per row:
 *
 * - categorical / boolean: one token per level seen in at least `minCount` rows, plus token 0,
 *   the rare token, into which every rarer level folds (a privacy protection: a level held by a
 *   handful of people is never reproduced). It decodes as `OTHER_LEVEL`.
 * - numeric with fewer than `maxValues` distinct values, nearly all of them common: one token
 *   per common value (rare values take the token of the nearest common one), plus missing.
 * - other numeric: missing, min, max, point masses (a value held by at least `massShare` of the
 *   rows, e.g. adult's capital-gain zeros) and at most `maxBins` quantile bins between them.
 *   Decoding draws uniformly inside the bin (whole numbers for integer columns). The min and
 *   max are protected: the `minCount`-th smallest and largest values, and everything beyond is
 *   clipped to them, so no single extreme row is ever revealed.
 *
 * The state is plain JSON: level names, common values, protected extremes, point masses and
 * bin edges (quantiles). Never a training row.
 */
import type { Rng } from '../rng';
import { OTHER_LEVEL, type ModelColumn, type ModelTable } from './model-table';

export interface DiscretizerOptions {
  /** Levels and values held by fewer rows than this fold away (rare token / nearest value). */
  minCount: number;
  /** Numeric columns with fewer distinct values than this are treated as categories. */
  maxValues: number;
  /** Most quantile bins for a binned column. */
  maxBins: number;
  /** Share of rows that makes a value a point mass of its own. */
  massShare: number;
}

export const DISCRETIZER_DEFAULTS: DiscretizerOptions = {
  minCount: 5,
  maxValues: 100,
  maxBins: 100,
  massShare: 0.01,
};

/** A categorical column: token 0 is the rare token, token i + 1 is `levels[i]`. */
export interface CategoricalTokens {
  kind: 'categorical';
  name: string;
  levels: (string | null)[];
}

/** A numeric column with few values: token 0 is missing when `missing`, then `values`. */
export interface ValueTokens {
  kind: 'values';
  name: string;
  integer: boolean;
  missing: boolean;
  values: number[];
}

/**
 * A binned numeric column. Tokens in order: missing (when `missing`), min, max, one per
 * point mass, then one per bin `[edges[i], edges[i + 1])` (the last bin closed).
 */
export interface BinnedTokens {
  kind: 'binned';
  name: string;
  integer: boolean;
  missing: boolean;
  min: number;
  max: number;
  masses: number[];
  edges: number[];
}

export type ColumnTokens = CategoricalTokens | ValueTokens | BinnedTokens;

export interface DiscretizerState {
  columns: ColumnTokens[];
}

/** Number of tokens of one column. */
export function cardinality(c: ColumnTokens): number {
  if (c.kind === 'categorical') return c.levels.length + 1;
  if (c.kind === 'values') return c.values.length + (c.missing ? 1 : 0);
  return (c.missing ? 1 : 0) + 2 + c.masses.length + Math.max(0, c.edges.length - 1);
}

/** Fits the tokens of every column on the training rows. */
export function fitDiscretizer(
  table: ModelTable,
  options: Partial<DiscretizerOptions> = {},
): DiscretizerState {
  const o = { ...DISCRETIZER_DEFAULTS, ...options };
  return { columns: table.columns.map((c) => fitColumn(c, o)) };
}

function fitColumn(c: ModelColumn, o: DiscretizerOptions): ColumnTokens {
  if (c.type === 'discrete') {
    const counts = new Array<number>(c.levels.length).fill(0);
    for (const code of c.codes) counts[code] = (counts[code] ?? 0) + 1;
    const levels = c.levels.filter((_, i) => (counts[i] ?? 0) >= o.minCount);
    return { kind: 'categorical', name: c.name, levels };
  }
  const present: number[] = [];
  for (const v of c.values) if (!Number.isNaN(v)) present.push(v);
  present.sort((a, b) => a - b);
  const missing = present.length < c.values.length;
  const counts = new Map<number, number>();
  for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size < o.maxValues) {
    const values = [...counts].filter(([, n]) => n >= o.minCount).map(([v]) => v);
    const covered = values.reduce((s, v) => s + (counts.get(v) ?? 0), 0);
    if (values.length > 0 && covered >= 0.99 * present.length) {
      return { kind: 'values', name: c.name, integer: c.integer, missing, values };
    }
  }
  return fitBins(c.name, c.integer, missing, present, o);
}

function fitBins(
  name: string,
  integer: boolean,
  missing: boolean,
  sorted: number[],
  o: DiscretizerOptions,
): BinnedTokens {
  const n = sorted.length;
  if (n === 0)
    return { kind: 'binned', name, integer, missing, min: 0, max: 0, masses: [], edges: [] };
  const k = Math.min(o.minCount, n) - 1;
  const min = sorted[Math.min(k, n - 1)] as number;
  const max = Math.max(min, sorted[Math.max(0, n - 1 - k)] as number);
  const clipped = sorted.map((v) => Math.min(max, Math.max(min, v)));
  const counts = new Map<number, number>();
  for (const v of clipped) counts.set(v, (counts.get(v) ?? 0) + 1);
  const masses = [...counts]
    .filter(([v, c]) => v !== min && v !== max && c >= o.minCount && c >= o.massShare * n)
    .map(([v]) => v);
  const massSet = new Set(masses);
  const rest = clipped.filter((v) => v !== min && v !== max && !massSet.has(v));
  const edges: number[] = [];
  if (rest.length > 0) {
    const bins = Math.min(o.maxBins, rest.length);
    for (let i = 0; i <= bins; i += 1) {
      const e = rest[Math.round((i / bins) * (rest.length - 1))] as number;
      if (edges.length === 0 || e > (edges[edges.length - 1] as number)) edges.push(e);
    }
    if (edges.length === 1) edges.push(edges[0] as number);
  }
  return { kind: 'binned', name, integer, missing, min, max, masses, edges };
}

/** The token of one numeric value in a binned column. */
function binnedToken(c: BinnedTokens, v: number): number {
  const base = c.missing ? 1 : 0;
  if (Number.isNaN(v)) return c.missing ? 0 : base;
  const x = Math.min(c.max, Math.max(c.min, v));
  const mass = c.masses.indexOf(x);
  if (mass >= 0) return base + 2 + mass;
  if (x === c.min) return base;
  if (x === c.max || c.edges.length === 0) return base + 1;
  const first = base + 2 + c.masses.length;
  const bins = c.edges.length - 1;
  let lo = 0;
  let hi = bins - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((c.edges[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return first + lo;
}

function valueToken(c: ValueTokens, v: number): number {
  const base = c.missing ? 1 : 0;
  if (Number.isNaN(v)) return c.missing ? 0 : base + nearest(c.values, 0);
  return base + nearest(c.values, v);
}

function nearest(values: readonly number[], v: number): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) {
    if (Math.abs((values[i] as number) - v) < Math.abs((values[best] as number) - v)) best = i;
  }
  return best;
}

/**
 * The token of one cell, or throws when the column has no such value. A discrete cell is
 * given as its level string (`null` for missing), a numeric one as a number (NaN for missing).
 */
export function tokenOf(c: ColumnTokens, value: string | number | null): number {
  if (c.kind === 'categorical') {
    const level = typeof value === 'number' ? String(value) : value;
    const i = c.levels.indexOf(level);
    if (i < 0)
      throw new Error(
        `Column "${c.name}" has no level "${String(level)}" to condition on (levels held by very few rows are folded away).`,
      );
    return i + 1;
  }
  const v = value === null ? NaN : Number(value);
  if (typeof value === 'string' && value.trim() === '')
    throw new Error(`Column "${c.name}" is numeric: "${value}" is not a number.`);
  if (value !== null && Number.isNaN(v))
    throw new Error(`Column "${c.name}" is numeric: "${String(value)}" is not a number.`);
  return c.kind === 'values' ? valueToken(c, v) : binnedToken(c, v);
}

/**
 * Tokens of every cell, row-major `[rows, columns]`. The table must have the columns the
 * state was fitted on, in the same order.
 */
export function discretize(state: DiscretizerState, table: ModelTable): Int32Array {
  const cols = state.columns.length;
  if (table.columns.length !== cols) {
    throw new Error(`The table has ${table.columns.length} columns; the model expects ${cols}.`);
  }
  const out = new Int32Array(table.rows * cols);
  state.columns.forEach((c, j) => {
    const col = table.columns[j] as ModelColumn;
    if (col.name !== c.name) throw new Error(`Column ${j + 1} is "${col.name}", not "${c.name}".`);
    if (c.kind === 'categorical') {
      if (col.type !== 'discrete') throw new Error(`Column "${c.name}" should be categorical.`);
      const map = col.levels.map((level) => c.levels.indexOf(level) + 1);
      for (let r = 0; r < table.rows; r += 1) out[r * cols + j] = map[col.codes[r] as number] ?? 0;
      return;
    }
    if (col.type !== 'numeric') throw new Error(`Column "${c.name}" should be numeric.`);
    for (let r = 0; r < table.rows; r += 1) {
      const v = col.values[r] as number;
      out[r * cols + j] = c.kind === 'values' ? valueToken(c, v) : binnedToken(c, v);
    }
  });
  return out;
}

/** Decodes row-major tokens `[rows, columns]` back to a table; bins draw from `rng`. */
export function undiscretize(
  state: DiscretizerState,
  tokens: Int32Array,
  rows: number,
  rng: Rng,
): ModelTable {
  const cols = state.columns.length;
  if (tokens.length !== rows * cols) throw new Error(`Expected ${rows * cols} tokens.`);
  const columns = state.columns.map((c, j): ModelColumn => {
    const at = (r: number) => tokens[r * cols + j] as number;
    if (c.kind === 'categorical') {
      const levels = [...c.levels];
      let other = levels.indexOf(OTHER_LEVEL);
      if (other < 0) other = levels.push(OTHER_LEVEL) - 1;
      const codes = new Int32Array(rows);
      for (let r = 0; r < rows; r += 1) codes[r] = at(r) === 0 ? other : at(r) - 1;
      return { type: 'discrete', name: c.name, codes, levels };
    }
    const values = new Float64Array(rows);
    for (let r = 0; r < rows; r += 1) values[r] = decodeNumber(c, at(r), rng);
    return { type: 'numeric', name: c.name, values, integer: c.integer };
  });
  return { rows, columns };
}

function decodeNumber(c: ValueTokens | BinnedTokens, token: number, rng: Rng): number {
  let t = token;
  if (c.missing) {
    if (t === 0) return NaN;
    t -= 1;
  }
  if (c.kind === 'values') return c.values[t] ?? NaN;
  if (t === 0) return c.min;
  if (t === 1) return c.max;
  t -= 2;
  if (t < c.masses.length) return c.masses[t] as number;
  t -= c.masses.length;
  const lo = c.edges[t] as number;
  const hi = c.edges[t + 1] as number;
  const last = t === c.edges.length - 2;
  if (c.integer) {
    // A whole number inside the bin that is not a point mass (a mass has its own token); the
    // lower edge is a value from the bin itself, so it is the fallback.
    const top = last || hi === lo ? hi : hi - 1;
    for (let attempt = 0; attempt < 16; attempt += 1) {
      const v = lo + rng.int(top - lo + 1);
      if (!c.masses.includes(v)) return v;
    }
    return lo;
  }
  return lo + rng.uniform() * (hi - lo);
}
