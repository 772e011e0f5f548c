/**
 * The kinds of rule a user can write, in plain words, with the column kinds each applies to,
 * and the step from the editor's fields to a constraint.
 */
import type { ColumnInfo, Constraint, ConstraintKind } from '../../core/rules/constraints';
import type { ColumnKind } from '../../core/types';

export interface KindInfo {
  label: string;
  /** One line: what the rule means. */
  explain: string;
}

export const KIND_INFO: Record<ConstraintKind, KindInfo> = {
  range: { label: 'Range', explain: 'Values stay between a minimum and a maximum.' },
  positive: { label: 'Positive', explain: 'Never below zero (strict: never zero either).' },
  negative: { label: 'Negative', explain: 'Never above zero (strict: never zero either).' },
  inequality: {
    label: 'One column not above another',
    explain: 'Low never exceeds high in a row, e.g. an order date never after its ship date.',
  },
  'fixed-combinations': {
    label: 'Fixed combinations',
    explain:
      'Only the pairs or triples of categories that occur in the data, so no Paris in Germany.',
  },
  sum: { label: 'Exact sum', explain: 'The parts add up to the total in every row.' },
  unique: { label: 'Unique', explain: 'No two rows share the same value (or values).' },
  'allowed-values': {
    label: 'Allowed values',
    explain: 'The column holds only the listed values (or is empty).',
  },
  format: {
    label: 'Format pattern',
    explain: 'Identifiers are written like a template: # a digit, ? a letter, e.g. ORD-####.',
  },
};

export const KIND_ORDER: readonly ConstraintKind[] = [
  'inequality',
  'fixed-combinations',
  'range',
  'positive',
  'negative',
  'sum',
  'unique',
  'allowed-values',
  'format',
];

const NUMERIC: readonly ColumnKind[] = ['continuous', 'integer'];
const ORDERED: readonly ColumnKind[] = ['continuous', 'integer', 'datetime'];
const DISCRETE: readonly ColumnKind[] = ['categorical', 'boolean'];
const TEXTUAL: readonly ColumnKind[] = ['categorical', 'boolean', 'identifier', 'text', 'constant'];

/** The columns a kind of rule can name. */
export function columnsFor(kind: ConstraintKind, columns: readonly ColumnInfo[]): ColumnInfo[] {
  const kinds: Record<ConstraintKind, readonly ColumnKind[] | null> = {
    range: ORDERED,
    positive: NUMERIC,
    negative: NUMERIC,
    inequality: ORDERED,
    'fixed-combinations': DISCRETE,
    sum: NUMERIC,
    unique: null,
    'allowed-values': null,
    format: TEXTUAL,
  };
  const allowed = kinds[kind];
  return allowed ? columns.filter((c) => allowed.includes(c.kind)) : [...columns];
}

/** What the editor holds while a rule is being written. */
export interface ConstraintDraft {
  kind: ConstraintKind;
  column: string;
  low: string;
  high: string;
  strict: boolean;
  min: string;
  max: string;
  /** Columns ticked (fixed combinations, unique, the parts of a sum). */
  columns: string[];
  total: string;
  /** Allowed values, comma-separated. */
  values: string;
  template: string;
  /** Fixed combinations written out, one per line, values comma-separated (optional with data). */
  combinations: string;
}

export const EMPTY_DRAFT: ConstraintDraft = {
  kind: 'inequality',
  column: '',
  low: '',
  high: '',
  strict: false,
  min: '',
  max: '',
  columns: [],
  total: '',
  values: '',
  template: '',
  combinations: '',
};

const splitList = (text: string) =>
  text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** A bound as typed: a number when it reads as one, else the text (a date). */
function bound(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const x = Number(t);
  return Number.isFinite(x) ? x : t;
}

/** The constraint the draft describes (checked against the columns by the caller). */
export function draftToConstraint(d: ConstraintDraft): Constraint {
  const strict = d.strict ? { strict: true } : {};
  switch (d.kind) {
    case 'range': {
      const min = bound(d.min);
      const max = bound(d.max);
      return {
        kind: 'range',
        column: d.column,
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        ...strict,
      };
    }
    case 'positive':
    case 'negative':
      return { kind: d.kind, column: d.column, ...strict };
    case 'inequality':
      return { kind: 'inequality', low: d.low, high: d.high, ...strict };
    case 'fixed-combinations': {
      const rows = d.combinations
        .split('\n')
        .map((line) => splitList(line))
        .filter((row) => row.length > 0);
      return {
        kind: 'fixed-combinations',
        columns: [...d.columns],
        ...(rows.length > 0 ? { combinations: rows } : {}),
      };
    }
    case 'sum':
      return { kind: 'sum', columns: [...d.columns], total: d.total };
    case 'unique':
      return { kind: 'unique', columns: [...d.columns] };
    case 'allowed-values':
      return { kind: 'allowed-values', column: d.column, values: splitList(d.values) };
    case 'format':
      return { kind: 'format', column: d.column, template: d.template.trim() };
  }
}
