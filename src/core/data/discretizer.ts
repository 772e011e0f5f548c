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
 * - with `finePositions` above 1, a binned column whose bins hold enough rows gets a second
 *   token column right after it: the value's position within its bin, cut into equal parts
 *   (at most `finePositions`, and few enough that each part holds about `minCount` rows or
 *   more, and no more parts than a whole-number bin has numbers). Decoding then draws inside
 *   that part, so strongly related numbers keep a relation about ten times finer than the
 *   bins. The min, max and point masses take position 0. Like every token column, the
 *   position takes part in ARGN's any-order training; sampling writes it after its bin.
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
  /** Most positions within a bin (a second token column); 0 or 1 turns it off. */
  finePositions: number;
}

export const DISCRETIZER_DEFAULTS: DiscretizerOptions = {
  minCount: 5,
  maxValues: 100,
  maxBins: 100,
  massShare: 0.01,
  finePositions: 0,
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

/**
 * The position of a value within its bin, in `positions` equal parts: the token column right
 * after its binned column (same name). The bin's min, max and point masses take position 0.
 */
export interface FineTokens {
  kind: 'fine';
  name: string;
  positions: number;
}

export type ColumnTokens = CategoricalTokens | ValueTokens | BinnedTokens | FineTokens;

/** Token columns: one per table column, each binned one possibly followed by its positions. */
export interface DiscretizerState {
  columns: ColumnTokens[];
}

/** The table column each token column belongs to (a position shares its bin's). */
export function tableColumnOf(state: DiscretizerState): number[] {
  let m = -1;
  return state.columns.map((c) => (c.kind === 'fine' ? m : (m += 1)));
}

/** The token columns of table column `m`: its own, then its positions when it has them. */
export function tokenColumnsOf(state: DiscretizerState, m: number): number[] {
  const out: number[] = [];
  tableColumnOf(state).forEach((owner, j) => owner === m && out.push(j));
  return out;
}

/** Number of tokens of one column. */
export function cardinality(c: ColumnTokens): number {
  if (c.kind === 'categorical') return c.levels.length + 1;
  if (c.kind === 'values') return c.values.length + (c.missing ? 1 : 0);
  if (c.kind === 'fine') return c.positions;
  return (c.missing ? 1 : 0) + 2 + c.masses.length + Math.max(0, c.edges.length - 1);
}

/** Fits the tokens of every column on the training rows. */
export function fitDiscretizer(
  table: ModelTable,
  options: Partial<DiscretizerOptions> = {},
): DiscretizerState {
  const o = { ...DISCRETIZER_DEFAULTS, ...options };
  return { columns: table.columns.flatMap((c) => fitColumn(c, o)) };
}

function fitColumn(c: ModelColumn, o: DiscretizerOptions): ColumnTokens[] {
  if (c.type === 'discrete') {
    const counts = new Array<number>(c.levels.length).fill(0);
    for (const code of c.codes) counts[code] = (counts[code] ?? 0) + 1;
    const levels = c.levels.filter((_, i) => (counts[i] ?? 0) >= o.minCount);
    return [{ kind: 'categorical', name: c.name, levels }];
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
      return [{ kind: 'values', name: c.name, integer: c.integer, missing, values }];
    }
  }
  const binned = fitBins(c.name, c.integer, missing, present, o);
  const positions = finePositions(binned, present, o);
  return positions > 1 ? [binned, { kind: 'fine', name: c.name, positions }] : [binned];
}

/**
 * How many positions within a bin a column can afford: at most `finePositions`, each holding
 * `minCount` rows or more on average (the rare-value protection), and for whole numbers no
 * more than the typical bin has numbers in it.
 */
function finePositions(c: BinnedTokens, sorted: number[], o: DiscretizerOptions): number {
  const bins = c.edges.length - 1;
  if (o.finePositions < 2 || bins < 1) return 0;
  let inBins = 0;
  for (const v of sorted) if (binOf(c, v) !== null) inBins += 1;
  let positions = Math.min(o.finePositions, Math.floor(inBins / bins / Math.max(1, o.minCount)));
  if (c.integer) {
    const widths = c.edges.slice(1).map((e, i) => e - (c.edges[i] as number));
    widths.sort((a, b) => a - b);
    positions = Math.min(positions, Math.floor(widths[widths.length >> 1] as number));
  }
  return positions > 1 ? positions : 0;
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

/** The bin of a present value that falls in no token of its own (min, max, mass), or null. */
function binOf(c: BinnedTokens, v: number): number | null {
  if (Number.isNaN(v)) return null;
  const x = Math.min(c.max, Math.max(c.min, v));
  if (x === c.min || x === c.max || c.edges.length < 2 || c.masses.includes(x)) return null;
  let lo = 0;
  let hi = c.edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((c.edges[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
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
  return base + 2 + c.masses.length + (binOf(c, x) ?? 0);
}

/** The position token of a value within its bin of `c` (0 outside the bins). */
export function positionToken(c: BinnedTokens, fine: FineTokens, v: number): number {
  const bin = binOf(c, v);
  if (bin === null) return 0;
  const lo = c.edges[bin] as number;
  const hi = c.edges[bin + 1] as number;
  if (!(hi > lo)) return 0;
  const x = Math.min(c.max, Math.max(c.min, v));
  return Math.min(
    fine.positions - 1,
    Math.max(0, Math.floor((fine.positions * (x - lo)) / (hi - lo))),
  );
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
  if (c.kind === 'fine')
    throw new Error(`Column "${c.name}": a position within a bin is set with its bin's value.`);
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
  const owner = tableColumnOf(state);
  const expected = cols === 0 ? 0 : (owner[cols - 1] as number) + 1;
  if (table.columns.length !== expected) {
    throw new Error(
      `The table has ${table.columns.length} columns; the model expects ${expected}.`,
    );
  }
  const out = new Int32Array(table.rows * cols);
  state.columns.forEach((c, j) => {
    const col = table.columns[owner[j] as number] as ModelColumn;
    if (c.kind === 'fine') {
      const bin = state.columns[j - 1] as BinnedTokens;
      if (col.type !== 'numeric') throw new Error(`Column "${c.name}" should be numeric.`);
      for (let r = 0; r < table.rows; r += 1)
        out[r * cols + j] = positionToken(bin, c, col.values[r] as number);
      return;
    }
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
  const owned = state.columns.map((c, j) => ({ c, j })).filter(({ c }) => c.kind !== 'fine');
  const columns = owned.map(({ c, j }): ModelColumn => {
    const at = (r: number) => tokens[r * cols + j] as number;
    if (c.kind === 'fine') throw new Error('A position column has no column of its own.');
    if (c.kind === 'categorical') {
      const levels = [...c.levels];
      let other = levels.indexOf(OTHER_LEVEL);
      if (other < 0) other = levels.push(OTHER_LEVEL) - 1;
      const codes = new Int32Array(rows);
      for (let r = 0; r < rows; r += 1) codes[r] = at(r) === 0 ? other : at(r) - 1;
      return { type: 'discrete', name: c.name, codes, levels };
    }
    const values = new Float64Array(rows);
    const next = state.columns[j + 1];
    const fine = next?.kind === 'fine' ? next : null;
    for (let r = 0; r < rows; r += 1) {
      const position = fine ? { at: tokens[r * cols + j + 1] as number, of: fine.positions } : null;
      values[r] = decodeNumber(c, at(r), rng, position);
    }
    return { type: 'numeric', name: c.name, values, integer: c.integer };
  });
  return { rows, columns };
}

/**
 * A number for a token; inside a bin, drawn uniformly from the part `position` names (the whole
 * bin without one).
 */
function decodeNumber(
  c: ValueTokens | BinnedTokens,
  token: number,
  rng: Rng,
  position: { at: number; of: number } | null,
): number {
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
  const part = position ? partOf(lo, hi, position) : { a: lo, b: hi, end: true };
  if (c.integer) {
    // A whole number inside the bin (and part) that is not a point mass (a mass has its own
    // token); the lower edge is a value from the bin itself, so it is the fallback.
    const top = last || hi === lo ? hi : hi - 1;
    let from = lo;
    let to = top;
    if (position) {
      from = Math.max(lo, Math.ceil(part.a));
      to = part.end ? top : Math.min(top, Math.ceil(part.b) - 1);
      if (to < from) from = to = Math.min(top, Math.max(lo, Math.round((part.a + part.b) / 2)));
    }
    for (let attempt = 0; attempt < 16; attempt += 1) {
      const v = from + rng.int(to - from + 1);
      if (!c.masses.includes(v)) return v;
    }
    return lo;
  }
  return part.a + rng.uniform() * (part.b - part.a);
}

/** Part `at` of `of` equal parts of [lo, hi); `end` when it is the last. */
function partOf(lo: number, hi: number, position: { at: number; of: number }) {
  const at = Math.min(position.of - 1, Math.max(0, position.at));
  const a = lo + ((hi - lo) * at) / position.of;
  const end = at === position.of - 1;
  return { a, b: end ? hi : lo + ((hi - lo) * (at + 1)) / position.of, end };
}
