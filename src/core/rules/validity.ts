/**
 * Which rows keep which constraints: one test per bound constraint over a {@link TableView},
 * a report with counts and examples for the real rows, and a row mask for reject sampling.
 */
import type { BoundConstraint } from './constraints';
import { describeConstraint } from './constraints';
import type { TableView } from './table-view';
import { matchesTemplate } from './template';

/** Whether row `r` keeps the constraint. */
export type RowTest = (r: number) => boolean;

/** Relative slack for sums: written numbers are decimal, sums of doubles are not exact. */
const SUM_SLACK = 1e-9;

const KEY_SEPARATOR = '\u001f';

/** The key of a row's values in `names`, or null when a cell is missing (never a duplicate). */
function keyOf(view: TableView, names: readonly string[], r: number): string | null {
  const parts: string[] = [];
  for (const name of names) {
    const t = view.column(name)?.text(r) ?? null;
    if (t === null) return null;
    parts.push(t);
  }
  return parts.join(KEY_SEPARATOR);
}

/**
 * The test of one constraint over `view`, or null when the view lacks one of its columns (a
 * model's table has no identifier or text columns; those are checked on the written rows).
 *
 * @param seen for `unique`: the keys already kept, shared across calls so that uniqueness
 *   holds over every batch; the test adds each key it passes.
 * @param learned for `fixed-combinations` without listed combinations: the keys that occur in
 *   the real rows (from {@link learnCombinations}).
 */
export function rowTest(
  c: BoundConstraint,
  view: TableView,
  seen?: Set<string>,
  learned?: ReadonlySet<string>,
): RowTest | null {
  switch (c.kind) {
    case 'range': {
      const col = view.column(c.column);
      if (!col) return null;
      const { min, max, strict } = c;
      return (r) => {
        const x = col.number(r);
        if (Number.isNaN(x)) return col.text(r) === null;
        return strict ? x > min && x < max : x >= min && x <= max;
      };
    }
    case 'inequality': {
      const low = view.column(c.low);
      const high = view.column(c.high);
      if (!low || !high) return null;
      return (r) => {
        const a = low.number(r);
        const b = high.number(r);
        if (Number.isNaN(a) || Number.isNaN(b)) return true;
        return c.strict ? a < b : a <= b;
      };
    }
    case 'sum': {
      const parts = c.columns.map((name) => view.column(name));
      const total = view.column(c.total);
      if (!total || parts.some((p) => !p)) return null;
      return (r) => {
        let sum = 0;
        let scale = 1;
        for (const p of parts) {
          const x = p?.number(r) ?? NaN;
          sum += x;
          scale = Math.max(scale, Math.abs(x));
        }
        const t = total.number(r);
        if (Number.isNaN(sum) || Number.isNaN(t)) return true;
        return Math.abs(sum - t) <= SUM_SLACK * Math.max(scale, Math.abs(t));
      };
    }
    case 'fixed-combinations': {
      if (c.columns.some((name) => !view.column(name))) return null;
      const allowed = c.combinations
        ? new Set(c.combinations.map((row) => comboKey(row)))
        : (learned ?? null);
      if (!allowed) return null;
      const cols = c.columns.map((name) => view.column(name));
      return (r) => allowed.has(comboKey(cols.map((col) => col?.text(r) ?? null)));
    }
    case 'unique': {
      if (c.columns.some((name) => !view.column(name))) return null;
      const keys = seen ?? new Set<string>();
      return (r) => {
        const key = keyOf(view, c.columns, r);
        if (key === null) return true;
        if (keys.has(key)) return false;
        keys.add(key);
        return true;
      };
    }
    case 'allowed-values': {
      const col = view.column(c.column);
      if (!col) return null;
      if (c.numbers) {
        const numbers = new Set(c.numbers);
        return (r) => {
          const x = col.number(r);
          return Number.isNaN(x) ? col.text(r) === null : numbers.has(x);
        };
      }
      const allowed = new Set(c.values);
      return (r) => {
        const t = col.text(r);
        return t === null || allowed.has(t);
      };
    }
    case 'format': {
      const col = view.column(c.column);
      if (!col) return null;
      return (r) => {
        const t = col.text(r);
        return t === null || matchesTemplate(c.template, t);
      };
    }
  }
}

/** The key of one combination of categories (null: missing). */
export function comboKey(values: readonly (string | null)[]): string {
  return JSON.stringify(values);
}

/** The combinations of `columns` that occur in the view, as keys for {@link rowTest}. */
export function learnCombinations(view: TableView, columns: readonly string[]): Set<string> {
  const cols = columns.map((name) => view.column(name));
  const keys = new Set<string>();
  for (let r = 0; r < view.rows; r += 1) keys.add(comboKey(cols.map((c) => c?.text(r) ?? null)));
  return keys;
}

/** A row that breaks a constraint: its 1-based row number and the cells concerned. */
export interface ViolationExample {
  row: number;
  values: Record<string, string | null>;
}

export interface ConstraintCheck {
  constraint: BoundConstraint;
  description: string;
  /** False when the view lacks a column the constraint names (nothing was checked). */
  checked: boolean;
  violations: number;
  examples: ViolationExample[];
}

/** The columns a constraint reads, in the order its examples show them. */
export function columnsOf(c: BoundConstraint): string[] {
  switch (c.kind) {
    case 'range':
    case 'allowed-values':
    case 'format':
      return [c.column];
    case 'inequality':
      return [c.low, c.high];
    case 'sum':
      return [...c.columns, c.total];
    case 'fixed-combinations':
    case 'unique':
      return c.columns;
  }
}

/**
 * Checks every constraint on every row of `view` (the real data before training, or the rows
 * about to be exported), counting the rows that break each and keeping a few examples.
 * Fixed combinations without listed combinations are checked against `learnedFrom` (the keys
 * seen in the real rows, by constraint index) or, when absent, learned from this view, where
 * they then hold by definition.
 */
export function checkConstraints(
  view: TableView,
  constraints: readonly BoundConstraint[],
  learnedFrom: ReadonlyMap<number, ReadonlySet<string>> = new Map(),
  maxExamples = 5,
): ConstraintCheck[] {
  return constraints.map((c, i) => {
    const learned =
      c.kind === 'fixed-combinations' && !c.combinations
        ? (learnedFrom.get(i) ?? learnCombinations(view, c.columns))
        : undefined;
    const test = rowTest(c, view, undefined, learned);
    const report: ConstraintCheck = {
      constraint: c,
      description: describeConstraint(c.source),
      checked: test !== null,
      violations: 0,
      examples: [],
    };
    if (!test) return report;
    const names = columnsOf(c);
    for (let r = 0; r < view.rows; r += 1) {
      if (test(r)) continue;
      report.violations += 1;
      if (report.examples.length < maxExamples) {
        const values: Record<string, string | null> = {};
        for (const name of names) values[name] = view.column(name)?.text(r) ?? null;
        report.examples.push({ row: r + 1, values });
      }
    }
    return report;
  });
}

/** A plain-language line per constraint the rows break, e.g. for the CLI or a warning list. */
export function violationMessages(checks: readonly ConstraintCheck[]): string[] {
  return checks
    .filter((c) => c.violations > 0)
    .map((c) => {
      const examples = c.examples
        .map(
          (e) =>
            `row ${e.row} (${Object.entries(e.values)
              .map(([k, v]) => `${k}=${v ?? 'missing'}`)
              .join(', ')})`,
        )
        .join('; ');
      return `${c.violations} row${c.violations === 1 ? '' : 's'} break "${c.description}", e.g. ${examples}.`;
    });
}

/**
 * A validator for reject sampling: each call marks the rows of a table that keep every
 * constraint. Uniqueness is remembered across calls, so rows kept from earlier batches count.
 *
 * @param learned combinations learned from the real rows, per fixed-combinations constraint
 *   without listed combinations (index into `constraints`).
 */
export function makeRowValidator(
  constraints: readonly BoundConstraint[],
  learned: ReadonlyMap<number, ReadonlySet<string>> = new Map(),
): (view: TableView) => Uint8Array {
  const seen = constraints.map(() => new Set<string>());
  return (view) => {
    const mask = new Uint8Array(view.rows).fill(1);
    constraints.forEach((c, i) => {
      if (c.kind === 'unique') return;
      const test = rowTest(c, view, undefined, learned.get(i));
      if (!test) return;
      for (let r = 0; r < view.rows; r += 1) if (mask[r] && !test(r)) mask[r] = 0;
    });
    // Uniqueness last, so a key is remembered only for rows that keep everything else.
    constraints.forEach((c, i) => {
      if (c.kind !== 'unique') return;
      const test = rowTest(c, view, seen[i]);
      if (!test) return;
      for (let r = 0; r < view.rows; r += 1) if (mask[r] && !test(r)) mask[r] = 0;
    });
    return mask;
  };
}
