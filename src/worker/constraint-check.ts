/**
 * Constraints checked against the loaded table's real rows before training, and the values of
 * its category columns for the page's pickers. Each constraint is bound on its own, so one
 * mistake is told next to the constraint it belongs to and the others are still checked.
 */
import {
  bindConstraint,
  columnsOfSchema,
  describeConstraint,
  type BoundConstraint,
  type Constraint,
} from '../core/rules/constraints';
import { viewOfRaw } from '../core/rules/table-view';
import { checkConstraints, learnCombinations } from '../core/rules/validity';
import type { RawTable, Schema } from '../core/types';
import type { ConstraintCheckResult } from './protocol';

/** Most values listed per category column. */
const MAX_LEVELS = 500;
const EXAMPLES = 5;

function describeSafe(c: Constraint): string {
  try {
    return describeConstraint(c);
  } catch {
    return String((c as { kind?: unknown } | null)?.kind ?? 'constraint');
  }
}

/**
 * Per constraint: whether every real row keeps it, or how many break it with a few examples,
 * or why it does not fit the table.
 */
export function checkAgainstData(
  constraints: readonly Constraint[],
  raw: RawTable,
  schema: Schema,
): ConstraintCheckResult[] {
  const columns = columnsOfSchema(schema);
  const view = viewOfRaw(raw, schema);
  const bound: { index: number; c: BoundConstraint }[] = [];
  const results: ConstraintCheckResult[] = constraints.map((c, index) => {
    const base = { index, description: describeSafe(c), violations: 0, examples: [], note: null };
    try {
      bound.push({ index, c: bindConstraint(c, columns) });
      return { ...base, status: 'ok', error: null };
    } catch (e) {
      return { ...base, status: 'invalid', error: e instanceof Error ? e.message : String(e) };
    }
  });
  const checks = checkConstraints(
    view,
    bound.map((b) => b.c),
    new Map(),
    EXAMPLES,
  );
  checks.forEach((check, i) => {
    const { index, c } = bound[i] as { index: number; c: BoundConstraint };
    const result = results[index] as ConstraintCheckResult;
    result.violations = check.violations;
    result.examples = check.examples;
    result.status = !check.checked ? 'unchecked' : check.violations > 0 ? 'broken' : 'ok';
    if (c.kind === 'fixed-combinations' && !c.combinations) {
      const n = learnCombinations(view, c.columns).size;
      result.note = `${n} combination${n === 1 ? '' : 's'} occur in the data; only these will be generated.`;
    }
  });
  return results;
}

/** The values of each category and yes/no column, most frequent first (missing left out). */
export function categoryLevels(raw: RawTable, schema: Schema): Record<string, string[]> {
  const missing = new Set(schema.missingTokens);
  const out: Record<string, string[]> = {};
  for (const spec of schema.columns) {
    if (spec.excluded || (spec.kind !== 'categorical' && spec.kind !== 'boolean')) continue;
    const column = raw.columns[spec.index];
    if (!column) continue;
    const counts = new Map<string, number>();
    column.values.forEach((value, i) => {
      const v = value.trim();
      if (!missing.has(v)) counts.set(v, (counts.get(v) ?? 0) + (column.counts[i] ?? 0));
    });
    out[spec.name] = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_LEVELS)
      .map(([v]) => v);
  }
  return out;
}
