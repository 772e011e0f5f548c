/**
 * Public facts (value ranges and category levels stated without looking at the data) read from
 * a JSON document, for every model under differential privacy, in the page and on the command
 * line alike. Two forms are read:
 *
 * - Facsimile's own: `{ "age": { "min": 17, "max": 90 }, "sex": { "levels": ["F", "M"] } }`,
 *   optionally under `"columns"`;
 * - SDV's single-table metadata (`{ "METADATA_SPEC_VERSION": "SINGLE_TABLE_V1", "columns":
 *   { "age": { "sdtype": "numerical" } } }`, or a multi-table document holding one table).
 *   SDV's format names each column's sdtype but has no field for a range or the levels, so
 *   those are read where a document states them: `min_value` / `max_value` on numerical and
 *   datetime columns, `values` (or `order`) on categorical and boolean ones, and SDV
 *   `ScalarRange` constraints (`low_value`, `high_value`) in a `"constraints"` list.
 *
 * A fact here is taken as public: it costs no budget, and values outside a range are clipped,
 * levels outside the list become "other". What is not stated is estimated under DP.
 */
import { parseDatetime } from '../data/datetime-format';
import type { PublicColumnFacts, PublicFacts } from '../models/mst/value-ranges';
import { strftimeToPattern } from '../rules/sdv-metadata';

export type { PublicColumnFacts, PublicFacts };

/** A public-facts document that cannot be read, in the user's words. */
export class PublicFactsError extends Error {}

export interface ReadFacts {
  facts: PublicFacts;
  /** Which form the document was in. */
  format: 'facsimile' | 'sdv';
  /** What was read but gives no fact, or could not be used, in the user's words. */
  notes: string[];
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** True when the document looks like SDV metadata rather than Facsimile's own facts. */
function isSdv(doc: Json): boolean {
  if ('METADATA_SPEC_VERSION' in doc || 'tables' in doc) return true;
  const columns = doc.columns;
  return isObject(columns) && Object.values(columns).some((c) => isObject(c) && 'sdtype' in c);
}

function finiteNumber(x: unknown, what: () => string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new PublicFactsError(what());
  return x;
}

function checkOrder(column: string, facts: PublicColumnFacts): PublicColumnFacts {
  if (facts.min !== undefined && facts.max !== undefined && facts.min > facts.max)
    throw new PublicFactsError(
      `Column "${column}" has a lowest value ${facts.min} above its highest value ${facts.max}.`,
    );
  return facts;
}

function levelList(column: string, x: unknown, field: string): string[] {
  if (!Array.isArray(x) || x.length === 0)
    throw new PublicFactsError(
      `Column "${column}": "${field}" must be a non-empty list of values.`,
    );
  return x.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new PublicFactsError(
      `Column "${column}": "${field}" holds ${JSON.stringify(v)}, which is not a value.`,
    );
  });
}

/** One column of Facsimile's own form: `{ min, max }` and / or `{ levels }`. */
function facsimileColumn(column: string, raw: unknown): PublicColumnFacts {
  if (!isObject(raw))
    throw new PublicFactsError(
      `Column "${column}" needs { "min": ..., "max": ... } or { "levels": [...] }.`,
    );
  const out: PublicColumnFacts = {};
  const bad = (field: string) => () => `Column "${column}" has a "${field}" that is not a number.`;
  if (raw.min !== undefined) out.min = finiteNumber(raw.min, bad('min'));
  if (raw.max !== undefined) out.max = finiteNumber(raw.max, bad('max'));
  if (raw.levels !== undefined) out.levels = levelList(column, raw.levels, 'levels');
  if (out.min === undefined && out.max === undefined && out.levels === undefined)
    throw new PublicFactsError(
      `Column "${column}" states nothing: give "min" and "max", or "levels".`,
    );
  return checkOrder(column, out);
}

/** A bound of a datetime column: a date written in `format` (strftime) or ISO, as epoch ms. */
function dateBound(column: string, x: unknown, format: unknown, field: string): number {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x !== 'string')
    throw new PublicFactsError(`Column "${column}": "${field}" must be a date written as text.`);
  let ms = NaN;
  if (typeof format === 'string') {
    const read = strftimeToPattern(format);
    if ('pattern' in read) ms = parseDatetime(x, read);
  }
  if (Number.isNaN(ms) && /^\d{4}-\d{2}-\d{2}/.test(x.trim())) ms = Date.parse(x.trim());
  if (Number.isNaN(ms))
    throw new PublicFactsError(
      `Column "${column}": "${field}" ${JSON.stringify(x)} is not a date in the column's datetime_format${typeof format === 'string' ? ` (${format})` : ''} nor in YYYY-MM-DD.`,
    );
  return ms;
}

/** One column of SDV metadata: the facts it states, or null (with a note) when none. */
function sdvColumn(
  column: string,
  raw: unknown,
  notes: string[],
  unstated: Map<string, string>,
): PublicColumnFacts | null {
  if (!isObject(raw) || typeof raw.sdtype !== 'string')
    throw new PublicFactsError(
      `SDV metadata: column "${column}" has no "sdtype" (numerical, categorical, boolean, datetime, id ...).`,
    );
  const out: PublicColumnFacts = {};
  switch (raw.sdtype) {
    case 'numerical': {
      const bad = (field: string) => () =>
        `Column "${column}": "${field}" must be a number for a numerical column.`;
      if (raw.min_value !== undefined) out.min = finiteNumber(raw.min_value, bad('min_value'));
      if (raw.max_value !== undefined) out.max = finiteNumber(raw.max_value, bad('max_value'));
      break;
    }
    case 'datetime':
      if (raw.min_value !== undefined)
        out.min = dateBound(column, raw.min_value, raw.datetime_format, 'min_value');
      if (raw.max_value !== undefined)
        out.max = dateBound(column, raw.max_value, raw.datetime_format, 'max_value');
      break;
    case 'categorical':
    case 'boolean': {
      const field = raw.values !== undefined ? 'values' : 'order';
      if (raw[field] !== undefined) out.levels = levelList(column, raw[field], field);
      break;
    }
    case 'id':
      notes.push(`"${column}" is an identifier: it is not modelled, so it needs no public fact.`);
      return null;
    default:
      notes.push(
        `"${column}" has sdtype "${raw.sdtype}", which states no range or levels; nothing is read for it.`,
      );
      return null;
  }
  if (out.min === undefined && out.max === undefined && out.levels === undefined) {
    // a ScalarRange constraint may still state it
    unstated.set(
      column,
      `"${column}" (${raw.sdtype}) states no ${raw.sdtype === 'categorical' || raw.sdtype === 'boolean' ? 'values' : 'range'}: it will be estimated under differential privacy.`,
    );
    return null;
  }
  return checkOrder(column, out);
}

/** SDV ScalarRange constraints, as ranges on their columns. */
function scalarRanges(constraints: unknown, facts: PublicFacts): void {
  if (constraints === undefined) return;
  if (!Array.isArray(constraints))
    throw new PublicFactsError('SDV metadata: "constraints" must be a list.');
  for (const c of constraints) {
    if (!isObject(c) || c.constraint_class !== 'ScalarRange') continue;
    const p = isObject(c.constraint_parameters) ? c.constraint_parameters : c;
    const column = p.column_name;
    if (typeof column !== 'string')
      throw new PublicFactsError('SDV metadata: a ScalarRange constraint names no "column_name".');
    const bad = (field: string) => () => `ScalarRange on "${column}": "${field}" must be a number.`;
    const low = finiteNumber(p.low_value, bad('low_value'));
    const high = finiteNumber(p.high_value, bad('high_value'));
    facts[column] = checkOrder(column, { ...facts[column], min: low, max: high });
  }
}

/** The one table of an SDV document. */
function sdvTable(doc: Json): Json {
  if (!isObject(doc.tables)) return doc;
  const names = Object.keys(doc.tables);
  if (names.length !== 1)
    throw new PublicFactsError(
      `This SDV metadata describes ${names.length} tables (${names.join(', ')}); Facsimile works on one table at a time.`,
    );
  const table = doc.tables[names[0] as string];
  if (!isObject(table)) throw new PublicFactsError('SDV metadata: the table is not an object.');
  return table;
}

/**
 * Reads a public-facts document (Facsimile's form or SDV metadata, told apart by its shape).
 *
 * @throws PublicFactsError in the user's words when the document cannot be read.
 */
export function parsePublicFacts(json: unknown): ReadFacts {
  if (!isObject(json))
    throw new PublicFactsError(
      'A public-facts file is a JSON object: column names with their ranges or levels, or SDV metadata.',
    );
  const notes: string[] = [];
  if (isSdv(json)) {
    const table = sdvTable(json);
    if (!isObject(table.columns))
      throw new PublicFactsError(
        'SDV metadata needs "columns": an object from column name to { "sdtype": ... }.',
      );
    const facts: PublicFacts = {};
    const unstated = new Map<string, string>();
    for (const [name, raw] of Object.entries(table.columns)) {
      const f = sdvColumn(name, raw, notes, unstated);
      if (f) facts[name] = f;
    }
    scalarRanges(table.constraints ?? json.constraints, facts);
    for (const [name, note] of unstated) if (!facts[name]) notes.push(note);
    return { facts, format: 'sdv', notes };
  }
  const columns = 'columns' in json ? json.columns : json;
  if (!isObject(columns))
    throw new PublicFactsError('The file must map column names to their ranges or levels.');
  const facts = Object.fromEntries(
    Object.entries(columns).map(([k, v]) => [k, facsimileColumn(k, v)]),
  );
  return { facts, format: 'facsimile', notes };
}

/** A modelled column as differential privacy sees it. */
export interface DpColumn {
  name: string;
  type: 'numeric' | 'discrete';
}

/**
 * The facts that apply to `columns` (a range on a number or date, levels on a category), with
 * a note for each that does not (a column the table lacks, a range on a category, ...).
 */
export function factsForColumns(
  facts: PublicFacts,
  columns: readonly DpColumn[],
): { facts: PublicFacts; notes: string[] } {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const out: PublicFacts = {};
  const notes: string[] = [];
  for (const [name, f] of Object.entries(facts)) {
    const column = byName.get(name);
    if (!column) {
      notes.push(`The table has no modelled column "${name}": its facts are left out.`);
      continue;
    }
    if (column.type === 'numeric') {
      if (f.min === undefined && f.max === undefined) {
        notes.push(
          `"${name}" is a number or date column: it needs a lowest and a highest value, not levels; its range will be estimated.`,
        );
        continue;
      }
      if (f.min === undefined || f.max === undefined)
        notes.push(
          `"${name}": only its ${f.min === undefined ? 'highest' : 'lowest'} value is public; the other end will be estimated.`,
        );
      out[name] = {
        ...(f.min !== undefined ? { min: f.min } : {}),
        ...(f.max !== undefined ? { max: f.max } : {}),
      };
    } else {
      if (!f.levels) {
        notes.push(
          `"${name}" is a category column: it needs its list of levels, not a range; its levels will be estimated.`,
        );
        continue;
      }
      out[name] = { levels: [...f.levels] };
    }
  }
  return { facts: out, notes };
}
