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
 * The one condition a conditional model (CTGAN) can meet by itself, as a column of the table
 * the model learned and a level of it; null when reject sampling is needed (no condition, more
 * than one, a number, or a value found in several fixed combinations). Rows drawn this way are
 * still checked afterwards.
 *
 * @param levels the levels of the model's discrete columns, by name (after the transforms).
 */
export function nativeCondition(
  conditions: readonly Condition[],
  levels: ReadonlyMap<string, readonly (string | null)[]>,
  transforms?: ConstraintTransformState,
): { column: string; level: number } | null {
  if (conditions.length !== 1) return null;
  const cond = conditions[0] as Condition;
  const own = levels.get(cond.column);
  if (own) {
    const level = own.indexOf(cond.value);
    return level >= 0 ? { column: cond.column, level } : null;
  }
  for (const step of transforms?.steps ?? []) {
    if (step.kind !== 'combine') continue;
    const k = step.columns.indexOf(cond.column);
    if (k < 0) continue;
    const matching = step.combos.filter((combo) => combo[k] === cond.value);
    const merged = levels.get(step.name);
    if (matching.length !== 1 || !merged) return null;
    const level = merged.indexOf(comboKey(matching[0] as (string | null)[]));
    return level >= 0 ? { column: step.name, level } : null;
  }
  return null;
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
