/**
 * Conditional generation: "N rows where column = value", several conditions at once. Each
 * condition is checked against the schema and becomes a row test for reject sampling; one
 * condition on a categorical column can instead be met natively by CTGAN's conditional vector
 * ({@link nativeCondition}).
 */
import {
  ConstraintError,
  readBound,
  type BoundConstraint,
  type ColumnInfo,
  type Constraint,
} from './constraints';
import type { ConstraintTransformState } from './transforms';
import { comboKey } from './validity';

export interface Condition {
  column: string;
  /** The value as the user writes it (a category, a number, a date). */
  value: string;
}

/** Reads `column=value` (the CLI's `--where`); the value may itself hold `=`. */
export function parseCondition(text: string): Condition {
  const at = text.indexOf('=');
  const column = at < 0 ? '' : text.slice(0, at).trim();
  if (at < 0 || column === '')
    throw new ConstraintError(`A condition is written column=value; got "${text}".`);
  return { column, value: text.slice(at + 1).trim() };
}

/**
 * A condition as a row test: a category must equal the value, a number or date must equal it
 * once written (so conditions on continuous columns are met only as often as the model writes
 * that exact value: they may come back partial).
 */
export function bindCondition(cond: Condition, columns: readonly ColumnInfo[]): BoundConstraint {
  const column = columns.find((c) => c.name === cond.column);
  if (!column)
    throw new ConstraintError(
      `The condition ${cond.column}=${cond.value} names a column the table does not have (columns: ${columns
        .map((c) => c.name)
        .join(', ')}).`,
    );
  const source: Constraint = { kind: 'allowed-values', column: column.name, values: [cond.value] };
  if (column.kind === 'continuous' || column.kind === 'integer' || column.kind === 'datetime') {
    const x = readBound(cond.value, column, source);
    return {
      kind: 'range',
      source: { kind: 'range', column: column.name, min: cond.value, max: cond.value },
      column: column.name,
      min: x,
      max: x,
      strict: false,
    };
  }
  return {
    kind: 'allowed-values',
    source,
    column: column.name,
    values: [cond.value],
    numbers: null,
  };
}

/** Every condition bound, all mistakes told at once. Two conditions on one column conflict. */
export function bindConditions(
  conditions: readonly Condition[],
  columns: readonly ColumnInfo[],
): BoundConstraint[] {
  const errors: string[] = [];
  const bound: BoundConstraint[] = [];
  const seen = new Set<string>();
  for (const cond of conditions) {
    if (seen.has(cond.column)) errors.push(`There are two conditions on ${cond.column}.`);
    seen.add(cond.column);
    try {
      bound.push(bindCondition(cond, columns));
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (errors.length > 0) throw new ConstraintError(errors.join('\n'));
  return bound;
}

/**
 * The levels of one of the model's discrete columns that meet `cond`: the value's own level, or
 * for a column merged into a fixed-combinations column, every combination that holds the
 * value. Null when no discrete column of the model can say it (a number, an unknown value).
 *
 * @param levels the levels of the model's discrete columns, by name (after the transforms).
 */
export function nativeLevels(
  cond: Condition,
  levels: ReadonlyMap<string, readonly (string | null)[]>,
  transforms?: ConstraintTransformState,
): { column: string; levels: number[] } | null {
  const own = levels.get(cond.column);
  if (own) {
    const level = own.indexOf(cond.value);
    return level >= 0 ? { column: cond.column, levels: [level] } : null;
  }
  for (const step of transforms?.steps ?? []) {
    if (step.kind !== 'combine') continue;
    const k = step.columns.indexOf(cond.column);
    if (k < 0) continue;
    const merged = levels.get(step.name);
    if (!merged) return null;
    const found = step.combos
      .filter((combo) => combo[k] === cond.value)
      .map((combo) => merged.indexOf(comboKey(combo)))
      .filter((i) => i >= 0);
    return found.length > 0 ? { column: step.name, levels: found } : null;
  }
  return null;
}

/**
 * The one condition a conditional model (CTGAN) can meet by itself with one level, as a column
 * of the table the model learned and a level of it; null when reject sampling is needed (no
 * condition, more than one, a number, or a value found in several fixed combinations). Rows
 * drawn this way are still checked afterwards.
 *
 * @param levels the levels of the model's discrete columns, by name (after the transforms).
 */
export function nativeCondition(
  conditions: readonly Condition[],
  levels: ReadonlyMap<string, readonly (string | null)[]>,
  transforms?: ConstraintTransformState,
): { column: string; level: number } | null {
  if (conditions.length !== 1) return null;
  const native = nativeLevels(conditions[0] as Condition, levels, transforms);
  return native && native.levels.length === 1
    ? { column: native.column, level: native.levels[0] as number }
    : null;
}

/**
 * The conditions a model that fixes cells while it samples (ARGN) can take as they are: every
 * condition on a column the constraint rewrites leave alone, as a level (categories) or a
 * number (numbers; dates as epoch ms). Conditions on rewritten columns are left out and met by
 * reject sampling; every row is checked afterwards either way.
 */
export function fixedCells(
  conditions: readonly Condition[],
  columns: readonly ColumnInfo[],
  transforms?: ConstraintTransformState,
): Record<string, string | number> {
  const rewritten = new Set<string>();
  for (const step of transforms?.steps ?? []) {
    if (step.kind === 'gap') rewritten.add(step.high);
    else if (step.kind === 'combine') step.columns.forEach((c) => rewritten.add(c));
    else if (step.kind === 'sum') rewritten.add(step.total);
    else rewritten.add(step.column);
  }
  const cells: Record<string, string | number> = {};
  for (const bound of bindConditions(conditions, columns)) {
    if (bound.kind === 'range' && !rewritten.has(bound.column)) cells[bound.column] = bound.min;
    if (bound.kind === 'allowed-values' && !rewritten.has(bound.column))
      cells[bound.column] = bound.values[0] as string;
  }
  return cells;
}

/**
 * Of several conditions, the one a conditional model meets natively: among those
 * {@link nativeLevels} can place in the model's conditional vector, the rarest (smallest share
 * of the training rows), since reject sampling suffers most from it. The other conditions are
 * left to reject sampling; null when none can be placed.
 *
 * @param share the share (0-1) of the training rows holding `level` of model column `column`.
 * @returns the model column and its levels that meet the condition (several for a value found
 *   in several fixed combinations: draw among them by their shares).
 */
export function rarestNativeCondition(
  conditions: readonly Condition[],
  levels: ReadonlyMap<string, readonly (string | null)[]>,
  share: (column: string, level: number) => number,
  transforms?: ConstraintTransformState,
): { column: string; levels: number[] } | null {
  let best: { column: string; levels: number[] } | null = null;
  let bestShare = Infinity;
  for (const cond of conditions) {
    const native = nativeLevels(cond, levels, transforms);
    if (!native) continue;
    const s = native.levels.reduce((sum, level) => sum + share(native.column, level), 0);
    if (s < bestShare) {
      best = native;
      bestShare = s;
    }
  }
  return best;
}

/** What a conditional vector tells of its levels (CTGAN's conditional sampler). */
export interface ConditionalVector {
  /** The index among the conditional spans of a discrete column, or -1. */
  spanOf(column: string): number;
  /** The share (0-1) of the training rows holding `level` of conditional span `span`. */
  levelShare(span: number, level: number): number;
}

/**
 * The conditional span and levels a conditional model fixes for `conditions`: the rarest
 * discrete condition its conditional vector can hold (through a fixed-combinations column
 * too, see {@link rarestNativeCondition}); null when none can be held.
 *
 * @param levels the levels of the model's discrete columns, by name (after the transforms).
 */
export function conditionalVectorChoice(
  conditions: readonly Condition[],
  levels: ReadonlyMap<string, readonly (string | null)[]>,
  vector: ConditionalVector,
  transforms?: ConstraintTransformState,
): { span: number; levels: number[] } | null {
  const share = (column: string, level: number) => vector.levelShare(vector.spanOf(column), level);
  const native = rarestNativeCondition(conditions, levels, share, transforms);
  const span = native ? vector.spanOf(native.column) : -1;
  return native && span >= 0 ? { span, levels: native.levels } : null;
}
