/**
 * Interchange with SDV (the Synthetic Data Vault): its constraint dictionaries
 * (`{"constraint_class": "Inequality", "constraint_parameters": {...}}`), read and written from
 * the parameter names SDV documents, so a constraint list written for SDV works here unchanged
 * (the metadata JSON is in sdv-metadata.ts). Defaults follow SDV's documentation: Inequality and ScalarRange
 * are strict unless `strict_boundaries` is false; Positive and Negative allow 0 unless it is true.
 */
import { ConstraintError, type Constraint } from './constraints';

export interface SdvConstraint {
  constraint_class: string;
  constraint_parameters: Record<string, unknown>;
  table_name?: string;
}

export const SDV_CLASSES = [
  'Inequality',
  'ScalarInequality',
  'ScalarRange',
  'Range',
  'Positive',
  'Negative',
  'FixedCombinations',
  'Unique',
] as const;

/** Whether a JSON value looks like an SDV constraint dictionary. */
export function isSdvConstraint(x: unknown): x is SdvConstraint {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as SdvConstraint).constraint_class === 'string' &&
    typeof (x as SdvConstraint).constraint_parameters === 'object'
  );
}

function param(c: SdvConstraint, name: string): unknown {
  const value = c.constraint_parameters?.[name];
  if (value === undefined)
    throw new ConstraintError(`The SDV constraint ${c.constraint_class} needs "${name}".`);
  return value;
}

function text(c: SdvConstraint, name: string): string {
  const value = param(c, name);
  if (typeof value !== 'string' || value === '')
    throw new ConstraintError(
      `The SDV constraint ${c.constraint_class}: "${name}" must be a column name.`,
    );
  return value;
}

function bound(c: SdvConstraint, name: string): number | string {
  const value = param(c, name);
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw new ConstraintError(
    `The SDV constraint ${c.constraint_class}: "${name}" must be a number or a date.`,
  );
}

function flag(c: SdvConstraint, fallback: boolean): boolean {
  const value = c.constraint_parameters?.strict_boundaries;
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new ConstraintError(
      `The SDV constraint ${c.constraint_class}: "strict_boundaries" must be true or false.`,
    );
  return value;
}

function names(c: SdvConstraint): string[] {
  const value = param(c, 'column_names');
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string'))
    throw new ConstraintError(
      `The SDV constraint ${c.constraint_class}: "column_names" must be a list of column names.`,
    );
  return value as string[];
}

/**
 * One SDV constraint dictionary as Facsimile constraints (Range becomes two inequalities).
 *
 * @throws ConstraintError for a class Facsimile does not have or a missing parameter.
 */
export function fromSdvConstraint(c: SdvConstraint): Constraint[] {
  if (!isSdvConstraint(c))
    throw new ConstraintError(
      'An SDV constraint is written {"constraint_class": ..., "constraint_parameters": {...}}.',
    );
  switch (c.constraint_class) {
    case 'Inequality':
      return [
        {
          kind: 'inequality',
          low: text(c, 'low_column_name'),
          high: text(c, 'high_column_name'),
          strict: flag(c, true),
        },
      ];
    case 'ScalarRange':
      return [
        {
          kind: 'range',
          column: text(c, 'column_name'),
          min: bound(c, 'low_value'),
          max: bound(c, 'high_value'),
          strict: flag(c, true),
        },
      ];
    case 'ScalarInequality': {
      const column = text(c, 'column_name');
      const relation = param(c, 'relation');
      const value = bound(c, 'value');
      if (relation === '>' || relation === '>=')
        return [{ kind: 'range', column, min: value, strict: relation === '>' }];
      if (relation === '<' || relation === '<=')
        return [{ kind: 'range', column, max: value, strict: relation === '<' }];
      throw new ConstraintError(
        `The SDV constraint ScalarInequality: "relation" must be >, >=, < or <=.`,
      );
    }
    case 'Range': {
      const strict = flag(c, true);
      const middle = text(c, 'middle_column_name');
      return [
        { kind: 'inequality', low: text(c, 'low_column_name'), high: middle, strict },
        { kind: 'inequality', low: middle, high: text(c, 'high_column_name'), strict },
      ];
    }
    case 'Positive':
      return [{ kind: 'positive', column: text(c, 'column_name'), strict: flag(c, false) }];
    case 'Negative':
      return [{ kind: 'negative', column: text(c, 'column_name'), strict: flag(c, false) }];
    case 'FixedCombinations':
      return [{ kind: 'fixed-combinations', columns: names(c) }];
    case 'Unique':
      return [{ kind: 'unique', columns: names(c) }];
    default:
      throw new ConstraintError(
        `The SDV constraint class "${c.constraint_class}" is not one Facsimile has; it reads ${SDV_CLASSES.join(', ')}.`,
      );
  }
}

/**
 * A Facsimile constraint as an SDV dictionary, or null for kinds SDV does not have (sum,
 * allowed values, format, fixed combinations with a listed set).
 */
export function toSdvConstraint(c: Constraint): SdvConstraint | null {
  const strict = 'strict' in c && c.strict === true;
  const make = (cls: string, p: Record<string, unknown>): SdvConstraint => ({
    constraint_class: cls,
    constraint_parameters: p,
  });
  switch (c.kind) {
    case 'inequality':
      return make('Inequality', {
        low_column_name: c.low,
        high_column_name: c.high,
        strict_boundaries: strict,
      });
    case 'range': {
      const has = (v: unknown) => v !== undefined && v !== null;
      if (has(c.min) && has(c.max))
        return make('ScalarRange', {
          column_name: c.column,
          low_value: c.min,
          high_value: c.max,
          strict_boundaries: strict,
        });
      return has(c.min)
        ? make('ScalarInequality', {
            column_name: c.column,
            relation: strict ? '>' : '>=',
            value: c.min,
          })
        : make('ScalarInequality', {
            column_name: c.column,
            relation: strict ? '<' : '<=',
            value: c.max,
          });
    }
    case 'positive':
      return make('Positive', { column_name: c.column, strict_boundaries: strict });
    case 'negative':
      return make('Negative', { column_name: c.column, strict_boundaries: strict });
    case 'fixed-combinations':
      return c.combinations ? null : make('FixedCombinations', { column_names: [...c.columns] });
    case 'unique':
      return make('Unique', { column_names: [...c.columns] });
    default:
      return null;
  }
}
