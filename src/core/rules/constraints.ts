/**
 * Constraints a user writes about a table, as plain JSON, and their binding to a table's
 * columns: every name is checked against the schema, every bound is read (dates in the
 * column's own format or ISO 8601), and each mistake is told in the user's words.
 */
import { detectDatetimeFormat, parseDatetime } from '../data/datetime-format';
import type { ColumnKind, DatetimeFormat, Schema } from '../types';
import { parseTemplate, type Template } from './template';

/** A bound written in a spec: a number, or a date as text for datetime columns. */
export type BoundValue = number | string;

/**
 * One rule every row must keep. Missing cells never break a constraint (as in SDV): a row with
 * no value to compare is left alone.
 */
export type Constraint =
  /** `min <= column <= max` (strict: `<`); either bound may be left out. */
  | {
      kind: 'range';
      column: string;
      min?: BoundValue | null;
      max?: BoundValue | null;
      strict?: boolean;
    }
  /** `column >= 0` (strict: `> 0`). */
  | { kind: 'positive'; column: string; strict?: boolean }
  /** `column <= 0` (strict: `< 0`). */
  | { kind: 'negative'; column: string; strict?: boolean }
  /** `low <= high` (strict: `<`), numbers or dates. */
  | { kind: 'inequality'; low: string; high: string; strict?: boolean }
  /**
   * Only these combinations of categories occur. Left out, `combinations` is learned from the
   * real rows (the pairs or triples that occur there).
   */
  | { kind: 'fixed-combinations'; columns: string[]; combinations?: (string | null)[][] }
  /** `columns[0] + columns[1] + ... = total`. */
  | { kind: 'sum'; columns: string[]; total: string }
  /** No two rows share the same values in `columns`. */
  | { kind: 'unique'; columns: string[] }
  /** The column holds one of `values` (or is missing). */
  | { kind: 'allowed-values'; column: string; values: string[] }
  /** Every value is written like `template` (see template.ts: `#` digit, `?` letter). */
  | { kind: 'format'; column: string; template: string };

export type ConstraintKind = Constraint['kind'];

export const CONSTRAINT_KINDS: readonly ConstraintKind[] = [
  'range',
  'positive',
  'negative',
  'inequality',
  'fixed-combinations',
  'sum',
  'unique',
  'allowed-values',
  'format',
];

/** What a constraint needs to know of a column. */
export interface ColumnInfo {
  name: string;
  kind: ColumnKind;
  datetimeFormat?: DatetimeFormat | null;
}

/** A constraint with its bounds read as numbers (dates as epoch ms) and its template parsed. */
export type BoundConstraint =
  | { kind: 'range'; source: Constraint; column: string; min: number; max: number; strict: boolean }
  | {
      kind: 'inequality';
      source: Constraint;
      low: string;
      high: string;
      strict: boolean;
    }
  | {
      kind: 'fixed-combinations';
      source: Constraint;
      columns: string[];
      combinations: (string | null)[][] | null;
    }
  | { kind: 'sum'; source: Constraint; columns: string[]; total: string }
  | { kind: 'unique'; source: Constraint; columns: string[] }
  | {
      kind: 'allowed-values';
      source: Constraint;
      column: string;
      values: string[];
      /** For number and date columns: the values read as numbers (compared as numbers). */
      numbers: number[] | null;
    }
  | { kind: 'format'; source: Constraint; column: string; template: Template };

/** A constraint spec that cannot apply to the table, in the user's words. */
export class ConstraintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConstraintError';
  }
}

const NUMERIC: readonly ColumnKind[] = ['continuous', 'integer'];
const ORDERED: readonly ColumnKind[] = ['continuous', 'integer', 'datetime'];
const DISCRETE: readonly ColumnKind[] = ['categorical', 'boolean'];
const TEXTUAL: readonly ColumnKind[] = ['categorical', 'boolean', 'identifier', 'text', 'constant'];

/** The columns of a schema a constraint may name (excluded columns are not written). */
export function columnsOfSchema(schema: Schema): ColumnInfo[] {
  return schema.columns
    .filter((c) => !c.excluded)
    .map((c) => ({ name: c.name, kind: c.kind, datetimeFormat: c.datetimeFormat }));
}

/** A one-line description of a constraint, for messages and the UI. */
export function describeConstraint(c: Constraint): string {
  const cmp = (strict: boolean | undefined) => (strict ? '<' : '<=');
  switch (c.kind) {
    case 'range': {
      const low = c.min === undefined || c.min === null ? '' : `${String(c.min)} ${cmp(c.strict)} `;
      const high =
        c.max === undefined || c.max === null ? '' : ` ${cmp(c.strict)} ${String(c.max)}`;
      return `${low}${c.column}${high}`;
    }
    case 'positive':
      return `${c.column} ${c.strict ? '> 0' : '>= 0'}`;
    case 'negative':
      return `${c.column} ${c.strict ? '< 0' : '<= 0'}`;
    case 'inequality':
      return `${c.low} ${cmp(c.strict)} ${c.high}`;
    case 'fixed-combinations':
      return `only the combinations of ${c.columns.join(', ')} that occur`;
    case 'sum':
      return `${c.columns.join(' + ')} = ${c.total}`;
    case 'unique':
      return `${c.columns.join(', ')} unique`;
    case 'allowed-values':
      return `${c.column} is one of ${c.values.join(', ')}`;
    case 'format':
      return `${c.column} looks like ${c.template}`;
  }
}

function find(columns: readonly ColumnInfo[], name: unknown, c: Constraint): ColumnInfo {
  if (typeof name !== 'string' || name === '')
    throw new ConstraintError(`The constraint "${c.kind}" needs a column name.`);
  const column = columns.find((x) => x.name === name);
  if (!column) {
    const known = columns.map((x) => x.name).join(', ');
    throw new ConstraintError(
      `The constraint "${describeSafe(c)}" names a column "${name}" the table does not have (columns: ${known}).`,
    );
  }
  return column;
}

function describeSafe(c: Constraint): string {
  try {
    return describeConstraint(c);
  } catch {
    return c.kind;
  }
}

function needKind(column: ColumnInfo, kinds: readonly ColumnKind[], what: string, c: Constraint) {
  if (!kinds.includes(column.kind))
    throw new ConstraintError(
      `The constraint "${describeSafe(c)}" needs ${what}, but ${column.name} is ${column.kind}.`,
    );
}

function list(value: unknown, c: Constraint, min: number): string[] {
  if (!Array.isArray(value) || value.length < min || !value.every((x) => typeof x === 'string'))
    throw new ConstraintError(
      `The constraint "${c.kind}" needs a list of at least ${min} column name${min > 1 ? 's' : ''}.`,
    );
  if (new Set(value).size !== value.length)
    throw new ConstraintError(`The constraint "${describeSafe(c)}" names a column twice.`);
  return value as string[];
}

/** Reads a bound: a number, or for datetime columns a date in the column's format or ISO 8601. */
export function readBound(value: BoundValue, column: ColumnInfo, c: Constraint): number {
  if (column.kind === 'datetime') {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string') {
      const own = column.datetimeFormat ? parseDatetime(value, column.datetimeFormat) : NaN;
      if (!Number.isNaN(own)) return own;
      const format = detectDatetimeFormat([value.trim()]);
      const t = format ? parseDatetime(value, format) : NaN;
      if (!Number.isNaN(t)) return t;
    }
    throw new ConstraintError(
      `The constraint "${describeSafe(c)}" has a bound "${String(value)}" that is not a date (write it like 2024-01-31).`,
    );
  }
  const x = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(x) || (typeof value === 'string' && value.trim() === ''))
    throw new ConstraintError(
      `The constraint "${describeSafe(c)}" has a bound "${String(value)}" that is not a number.`,
    );
  return x;
}

/**
 * Checks a constraint against the table's columns and reads its bounds.
 *
 * @throws ConstraintError naming the column or value at fault.
 */
export function bindConstraint(c: Constraint, columns: readonly ColumnInfo[]): BoundConstraint {
  if (!c || typeof c !== 'object' || !CONSTRAINT_KINDS.includes(c.kind))
    throw new ConstraintError(
      `Unknown constraint kind "${String((c as { kind?: unknown } | null)?.kind)}"; use one of ${CONSTRAINT_KINDS.join(', ')}.`,
    );
  const strict = 'strict' in c && c.strict === true;
  switch (c.kind) {
    case 'range': {
      const column = find(columns, c.column, c);
      needKind(column, ORDERED, 'a number or date column', c);
      const has = (v: BoundValue | null | undefined): v is BoundValue =>
        v !== undefined && v !== null;
      if (!has(c.min) && !has(c.max))
        throw new ConstraintError(`The range on ${c.column} needs a min, a max or both.`);
      const min = has(c.min) ? readBound(c.min, column, c) : -Infinity;
      const max = has(c.max) ? readBound(c.max, column, c) : Infinity;
      if (min > max || (strict && min === max))
        throw new ConstraintError(
          `The range on ${c.column} is impossible: its min ${String(c.min)} is not below its max ${String(c.max)}.`,
        );
      return { kind: 'range', source: c, column: column.name, min, max, strict };
    }
    case 'positive':
    case 'negative': {
      const column = find(columns, c.column, c);
      needKind(column, NUMERIC, 'a number column', c);
      const positive = c.kind === 'positive';
      return {
        kind: 'range',
        source: c,
        column: column.name,
        min: positive ? 0 : -Infinity,
        max: positive ? Infinity : 0,
        strict,
      };
    }
    case 'inequality': {
      const low = find(columns, c.low, c);
      const high = find(columns, c.high, c);
      if (low.name === high.name)
        throw new ConstraintError(`The inequality compares ${low.name} with itself.`);
      needKind(low, ORDERED, 'number or date columns', c);
      needKind(high, ORDERED, 'number or date columns', c);
      if ((low.kind === 'datetime') !== (high.kind === 'datetime'))
        throw new ConstraintError(
          `The inequality "${describeSafe(c)}" compares a date with a number; both columns must be dates or both numbers.`,
        );
      return { kind: 'inequality', source: c, low: low.name, high: high.name, strict };
    }
    case 'fixed-combinations': {
      const names = list(c.columns, c, 2);
      for (const name of names)
        needKind(find(columns, name, c), DISCRETE, 'categorical columns', c);
      let combinations: (string | null)[][] | null = null;
      if (c.combinations !== undefined) {
        if (
          !Array.isArray(c.combinations) ||
          c.combinations.length === 0 ||
          !c.combinations.every(
            (row) =>
              Array.isArray(row) &&
              row.length === names.length &&
              row.every((x) => x === null || typeof x === 'string'),
          )
        )
          throw new ConstraintError(
            `The combinations of ${names.join(', ')} must be a list of ${names.length}-value lists.`,
          );
        combinations = c.combinations.map((row) => [...row]);
      }
      return { kind: 'fixed-combinations', source: c, columns: names, combinations };
    }
    case 'sum': {
      const names = list(c.columns, c, 2);
      const total = find(columns, c.total, c);
      if (names.includes(total.name))
        throw new ConstraintError(`The sum "${describeSafe(c)}" uses ${total.name} on both sides.`);
      for (const name of names) needKind(find(columns, name, c), NUMERIC, 'number columns', c);
      needKind(total, NUMERIC, 'number columns', c);
      return { kind: 'sum', source: c, columns: names, total: total.name };
    }
    case 'unique': {
      const names = list(c.columns, c, 1);
      for (const name of names) find(columns, name, c);
      return { kind: 'unique', source: c, columns: names };
    }
    case 'allowed-values': {
      const column = find(columns, c.column, c);
      if (
        !Array.isArray(c.values) ||
        c.values.length === 0 ||
        !c.values.every((v) => typeof v === 'string')
      )
        throw new ConstraintError(`The allowed values of ${column.name} must be a list of texts.`);
      const numbers = ORDERED.includes(column.kind)
        ? c.values.map((v) => readBound(v, column, c))
        : null;
      return {
        kind: 'allowed-values',
        source: c,
        column: column.name,
        values: [...c.values],
        numbers,
      };
    }
    case 'format': {
      const column = find(columns, c.column, c);
      needKind(column, TEXTUAL, 'a text, identifier or category column', c);
      if (typeof c.template !== 'string')
        throw new ConstraintError(
          `The format of ${column.name} needs a template such as ID-#####.`,
        );
      return {
        kind: 'format',
        source: c,
        column: column.name,
        template: parseTemplate(c.template),
      };
    }
  }
}

/**
 * Binds every constraint, collecting all the mistakes rather than stopping at the first.
 *
 * @throws ConstraintError listing each mistake on its own line.
 */
export function bindConstraints(
  constraints: readonly Constraint[],
  columns: readonly ColumnInfo[],
): BoundConstraint[] {
  const bound: BoundConstraint[] = [];
  const errors: string[] = [];
  for (const c of constraints) {
    try {
      bound.push(bindConstraint(c, columns));
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (errors.length > 0) throw new ConstraintError(errors.join('\n'));
  return bound;
}
