/**
 * Constraints kept by construction, as reversible rewrites of a ModelTable: the model learns
 * the rewritten table, and what it samples is rewritten back, where the constraint holds by
 * arithmetic. In the spirit of SDV's reversible constraint transforms:
 * - inequality `low <= high`: `high` becomes the gap `log1p(high - low)`, back as `low + expm1`;
 * - range `min <= x <= max`: `x` becomes `logit((x - min) / (max - min))`, back through the
 *   sigmoid; a one-sided range (positive, negative) becomes `log1p` of the distance to the bound;
 * - fixed combinations: the columns become one categorical column of the combinations that occur;
 * - sum `a + b = c`: `c` is dropped and computed back as `a + b`.
 * A constraint that cannot be rewritten (its columns are taken by another rewrite, it is not
 * about modelled columns, or the rewrite would lose missing values) is left to reject sampling.
 * The state is plain JSON, fitted on the training rows only, and saved with the model.
 */
import type { CodecState } from '../data/codec-state';
import type { DiscreteColumn, ModelColumn, ModelTable, NumericColumn } from '../data/model-table';
import type { BoundConstraint } from './constraints';
import { comboKey } from './validity';
import { gridsOfCodec, snap, snapTable, type ColumnGrid } from './write-grid';

export type TransformStep =
  | { kind: 'gap'; low: string; high: string; offset: number }
  | { kind: 'logit'; column: string; min: number; max: number }
  | { kind: 'above'; column: string; bound: number }
  | { kind: 'below'; column: string; bound: number }
  | {
      kind: 'combine';
      columns: string[];
      name: string;
      position: number;
      levels: (string | null)[][];
      combos: (string | null)[][];
    }
  | { kind: 'sum'; parts: string[]; total: string; position: number; integer: boolean };

export interface ConstraintTransformState {
  version: 1;
  steps: TransformStep[];
  /** Numeric columns' write-back grids, by name; empty when no codec was given. */
  grids: Record<string, ColumnGrid>;
  /** The numeric columns of whole numbers, so the flag survives the rewrite. */
  integers: string[];
}

export interface FitTransformOptions {
  /** The table codec, so sampled values are rounded and clipped as they will be written. */
  codec?: CodecState;
  allowOutOfRange?: boolean;
}

/** The smallest step a strict bound keeps from its bound, per column. */
function unitOf(grids: Record<string, ColumnGrid>, name: string, scale: number): number {
  const g = grids[name];
  if (g?.rounding === 'step') return g.step;
  if (g?.rounding === 'decimals') return 10 ** -g.decimals;
  return Math.max(1e-9, Math.abs(scale) * 1e-9);
}

const numeric = (t: ModelTable, name: string): NumericColumn | undefined => {
  const c = t.columns.find((x) => x.name === name);
  return c?.type === 'numeric' ? c : undefined;
};
const discrete = (t: ModelTable, name: string): DiscreteColumn | undefined => {
  const c = t.columns.find((x) => x.name === name);
  return c?.type === 'discrete' ? c : undefined;
};

/** Whether some row has `a` missing while `b` is not (a rewrite of `b` through `a` loses it). */
function missingOnlyIn(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i += 1)
    if (Number.isNaN(a[i] as number) && !Number.isNaN(b[i] as number)) return true;
  return false;
}

/**
 * Chooses a rewrite for each constraint it can keep by construction, on the training rows.
 *
 * @returns the state, and the constraints left to reject sampling alone (all of them are
 *   still worth checking after sampling: rounding can break a strict bound).
 */
export function fitConstraintTransforms(
  table: ModelTable,
  constraints: readonly BoundConstraint[],
  options: FitTransformOptions = {},
): { state: ConstraintTransformState; rejectOnly: BoundConstraint[] } {
  const grids = options.codec ? gridsOfCodec(options.codec, options.allowOutOfRange) : {};
  const rewritten = new Set<string>();
  const steps: TransformStep[] = [];
  const rejectOnly: BoundConstraint[] = [];
  const free = (...names: string[]) => names.every((n) => !rewritten.has(n));
  for (const c of constraints) {
    const step = stepFor(c, table, grids, free);
    if (!step) {
      rejectOnly.push(c);
      continue;
    }
    steps.push(step);
    for (const n of rewrites(step)) rewritten.add(n);
  }
  const integers = table.columns.flatMap((c) =>
    c.type === 'numeric' && c.integer ? [c.name] : [],
  );
  return { state: { version: 1, steps, grids, integers }, rejectOnly };
}

function rewrites(step: TransformStep): string[] {
  switch (step.kind) {
    case 'gap':
      return [step.high];
    case 'logit':
    case 'above':
    case 'below':
      return [step.column];
    case 'combine':
      return step.columns;
    case 'sum':
      return [step.total];
  }
}

function stepFor(
  c: BoundConstraint,
  table: ModelTable,
  grids: Record<string, ColumnGrid>,
  free: (...names: string[]) => boolean,
): TransformStep | null {
  switch (c.kind) {
    case 'inequality': {
      const low = numeric(table, c.low);
      const high = numeric(table, c.high);
      if (!low || !high || !free(c.low, c.high) || missingOnlyIn(low.values, high.values))
        return null;
      const offset = c.strict ? unitOf(grids, c.high, 1) : 0;
      return { kind: 'gap', low: c.low, high: c.high, offset };
    }
    case 'range': {
      const col = numeric(table, c.column);
      if (!col || !free(c.column)) return null;
      const scale = Math.max(...[c.min, c.max].filter(Number.isFinite).map(Math.abs));
      const unit = c.strict ? unitOf(grids, c.column, scale) : 0;
      const min = c.min + (Number.isFinite(c.min) ? unit : 0);
      const max = c.max - (Number.isFinite(c.max) ? unit : 0);
      if (Number.isFinite(min) && Number.isFinite(max))
        return max > min ? { kind: 'logit', column: c.column, min, max } : null;
      if (Number.isFinite(min)) return { kind: 'above', column: c.column, bound: min };
      return { kind: 'below', column: c.column, bound: max };
    }
    case 'fixed-combinations': {
      const cols = c.columns.map((n) => discrete(table, n));
      if (cols.some((x) => !x) || !free(...c.columns)) return null;
      return combineStep(c.columns, cols as DiscreteColumn[], table, c.combinations);
    }
    case 'sum': {
      const parts = c.columns.map((n) => numeric(table, n));
      const total = numeric(table, c.total);
      if (!total || parts.some((p) => !p) || !free(c.total, ...c.columns)) return null;
      if (parts.some((p) => p && missingOnlyIn(p.values, total.values))) return null;
      const position = table.columns.findIndex((x) => x.name === c.total);
      return { kind: 'sum', parts: c.columns, total: c.total, position, integer: total.integer };
    }
    default:
      return null;
  }
}

function combineStep(
  names: string[],
  cols: DiscreteColumn[],
  table: ModelTable,
  listed: (string | null)[][] | null,
): TransformStep {
  const seen = new Map<string, (string | null)[]>();
  for (let r = 0; r < table.rows; r += 1) {
    const combo = cols.map((c) => c.levels[c.codes[r] as number] ?? null);
    const key = comboKey(combo);
    if (!seen.has(key)) seen.set(key, combo);
  }
  let combos = [...seen.values()];
  if (listed) {
    const allowed = new Set(listed.map(comboKey));
    const kept = combos.filter((x) => allowed.has(comboKey(x)));
    combos = kept.length > 0 ? kept : listed;
  }
  const taken = new Set(table.columns.map((c) => c.name));
  let name = names.join(' + ');
  while (taken.has(name)) name += '\u0000';
  const position = table.columns.findIndex((c) => c.name === names[0]);
  return {
    kind: 'combine',
    columns: names,
    name,
    position,
    levels: cols.map((c) => [...c.levels]),
    combos,
  };
}

const replace = (t: ModelTable, column: ModelColumn): ModelTable => ({
  rows: t.rows,
  columns: t.columns.map((c) => (c.name === column.name ? column : c)),
});

function mapNumeric(t: ModelTable, name: string, f: (x: number, r: number) => number): ModelTable {
  const col = numeric(t, name);
  if (!col) throw new Error(`The table has no number column named ${name}.`);
  const values = new Float64Array(t.rows);
  for (let r = 0; r < t.rows; r += 1) values[r] = f(col.values[r] as number, r);
  return replace(t, { ...col, values, integer: false });
}

const EDGE = 1e-9;
const logit = (u: number) => Math.log(u / (1 - u));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Rewrites the training table for the model (same row count). Rows that break a constraint
 * are pulled onto its bound, so the rewrite is always defined.
 */
export function applyConstraintTransforms(
  state: ConstraintTransformState,
  table: ModelTable,
): ModelTable {
  let t = table;
  for (const s of state.steps) t = forward(s, t);
  return t;
}

function forward(s: TransformStep, t: ModelTable): ModelTable {
  switch (s.kind) {
    case 'gap': {
      const low = numeric(t, s.low)?.values as Float64Array;
      return mapNumeric(t, s.high, (x, r) =>
        Math.log1p(Math.max(0, x - (low[r] as number) - s.offset)),
      );
    }
    case 'logit':
      return mapNumeric(t, s.column, (x) => {
        const u = (x - s.min) / (s.max - s.min);
        return logit(Math.min(1 - EDGE, Math.max(EDGE, u)));
      });
    case 'above':
      return mapNumeric(t, s.column, (x) => Math.log1p(Math.max(0, x - s.bound)));
    case 'below':
      return mapNumeric(t, s.column, (x) => Math.log1p(Math.max(0, s.bound - x)));
    case 'combine':
      return combine(s, t);
    case 'sum':
      return { rows: t.rows, columns: t.columns.filter((c) => c.name !== s.total) };
  }
}

function combine(s: Extract<TransformStep, { kind: 'combine' }>, t: ModelTable): ModelTable {
  const cols = s.columns.map((n) => discrete(t, n) as DiscreteColumn);
  const index = new Map(s.combos.map((combo, i) => [comboKey(combo), i]));
  const codes = new Int32Array(t.rows);
  for (let r = 0; r < t.rows; r += 1) {
    const combo = cols.map((c) => c.levels[c.codes[r] as number] ?? null);
    // A listed-combinations constraint the real row breaks: the row takes the first listed
    // combination sharing its first value (else the first), so no row is dropped.
    codes[r] =
      index.get(comboKey(combo)) ??
      Math.max(
        0,
        s.combos.findIndex((x) => x[0] === combo[0]),
      );
  }
  const merged: DiscreteColumn = {
    type: 'discrete',
    name: s.name,
    codes,
    levels: s.combos.map((combo) => comboKey(combo)),
  };
  const rest = t.columns.filter((c) => !s.columns.includes(c.name));
  const at = Math.min(s.position, rest.length);
  return { rows: t.rows, columns: [...rest.slice(0, at), merged, ...rest.slice(at)] };
}

/**
 * Rewrites a model's sample back into the table's own columns, where each rewritten
 * constraint holds, then rounds and clips every numeric column as the codec will write it.
 */
export function invertConstraintTransforms(
  state: ConstraintTransformState,
  table: ModelTable,
): ModelTable {
  let t = table;
  for (let i = state.steps.length - 1; i >= 0; i -= 1)
    t = backward(state.steps[i] as TransformStep, t, state.grids);
  const integers = new Set(state.integers);
  const snapped = snapTable(t, state.grids);
  return {
    rows: snapped.rows,
    columns: snapped.columns.map((c) =>
      c.type === 'numeric' && integers.has(c.name) ? { ...c, integer: true } : c,
    ),
  };
}

function backward(s: TransformStep, t: ModelTable, grids: Record<string, ColumnGrid>): ModelTable {
  switch (s.kind) {
    case 'gap': {
      // The gap is added to `low` as it will be written, so rounding keeps the order.
      const low = numeric(t, s.low)?.values as Float64Array;
      const g = grids[s.low];
      return mapNumeric(
        t,
        s.high,
        (z, r) => snap(low[r] as number, g) + s.offset + Math.expm1(Math.max(0, z)),
      );
    }
    case 'logit':
      return mapNumeric(t, s.column, (z) => s.min + (s.max - s.min) * sigmoid(z));
    case 'above':
      return mapNumeric(t, s.column, (z) => s.bound + Math.expm1(Math.max(0, z)));
    case 'below':
      return mapNumeric(t, s.column, (z) => s.bound - Math.expm1(Math.max(0, z)));
    case 'combine':
      return split(s, t);
    case 'sum': {
      const parts = s.parts.map((n) => numeric(t, n)?.values as Float64Array);
      const values = new Float64Array(t.rows);
      for (let r = 0; r < t.rows; r += 1) {
        let sum = 0;
        s.parts.forEach((n, i) => {
          sum += snap(parts[i]?.[r] as number, grids[n]);
        });
        values[r] = sum;
      }
      const total: NumericColumn = { type: 'numeric', name: s.total, values, integer: s.integer };
      const columns = [...t.columns];
      columns.splice(Math.min(s.position, columns.length), 0, total);
      return { rows: t.rows, columns };
    }
  }
}

function split(s: Extract<TransformStep, { kind: 'combine' }>, t: ModelTable): ModelTable {
  const merged = discrete(t, s.name);
  if (!merged) throw new Error(`The model output has no column ${s.name}.`);
  const byKey = new Map(s.combos.map((combo) => [comboKey(combo), combo]));
  const lookups = s.levels.map((levels) => new Map(levels.map((l, i) => [l, i])));
  const out: DiscreteColumn[] = s.columns.map((name, k) => ({
    type: 'discrete',
    name,
    codes: new Int32Array(t.rows),
    levels: [...(s.levels[k] ?? [])],
  }));
  for (let r = 0; r < t.rows; r += 1) {
    const key = merged.levels[merged.codes[r] as number] ?? null;
    const combo = (key !== null ? byKey.get(key) : undefined) ?? s.combos[0] ?? [];
    out.forEach((col, k) => {
      col.codes[r] = lookups[k]?.get(combo[k] ?? null) ?? 0;
    });
  }
  const at = t.columns.findIndex((c) => c.name === s.name);
  const columns = [...t.columns];
  columns.splice(at, 1, ...out);
  return { rows: t.rows, columns };
}
