/**
 * Interchange with SDV's single-table metadata JSON
 * (`{"METADATA_SPEC_VERSION": "SINGLE_TABLE_V1", "primary_key": ..., "columns": {...}}`, and a
 * multi-table document holding one table): sdtypes numerical (with computer_representation),
 * categorical, boolean, datetime (with datetime_format, strftime), id; read onto a schema and
 * written from one.
 */
import type { ColumnKind, DatetimeFormat, Schema } from '../types';
import { ConstraintError } from './constraints';

/** SDV's single-table metadata, the parts Facsimile reads and writes. */
export interface SdvMetadata {
  METADATA_SPEC_VERSION?: string;
  primary_key?: string;
  columns: Record<string, SdvColumn>;
}

export interface SdvColumn {
  sdtype: string;
  computer_representation?: string;
  datetime_format?: string;
  regex_format?: string;
  pii?: boolean;
}

/** strftime directives and the schema's date tokens, both ways. */
const STRFTIME: readonly (readonly [string, string])[] = [
  ['%Y', 'YYYY'],
  ['%B', 'MMMM'],
  ['%b', 'MMM'],
  ['%m', 'MM'],
  ['%d', 'DD'],
  ['%H', 'HH'],
  ['%I', 'hh'],
  ['%M', 'mm'],
  ['%S', 'ss'],
  ['%p', 'A'],
  ['%z', 'Z'],
  ['%%', '%'],
];

/**
 * A strftime format (`%Y-%m-%d`) as a schema date pattern, or what could not be read. `%f`
 * (Python's six-digit microseconds) has no counterpart here and is not read.
 */
export function strftimeToPattern(format: string): { pattern: string } | { unknown: string } {
  let pattern = '';
  for (let i = 0; i < format.length; i += 1) {
    const ch = format[i] as string;
    if (ch !== '%') {
      // Letters that are date tokens here (Y, M, D, ...) would be misread as fields.
      if (/[YMDHhmsSAZ]/.test(ch)) return { unknown: `the letter "${ch}" outside a % directive` };
      pattern += ch;
      continue;
    }
    const directive = format.slice(i, i + 2);
    const found = STRFTIME.find(([d]) => d === directive);
    if (!found) return { unknown: directive };
    pattern += found[1];
    i += 1;
  }
  return { pattern };
}

/** A schema date pattern as strftime. Unpadded tokens (D, M, H, h) are written padded. */
export function patternToStrftime(pattern: string): string {
  const tokens: [string, string][] = [
    ['YYYY', '%Y'],
    ['MMMM', '%B'],
    ['MMM', '%b'],
    ['MM', '%m'],
    ['M', '%m'],
    ['DD', '%d'],
    ['D', '%d'],
    ['HH', '%H'],
    ['H', '%H'],
    ['hh', '%I'],
    ['h', '%I'],
    ['mm', '%M'],
    ['ss', '%S'],
    ['SSS', '%f'],
    ['A', '%p'],
    ['Z', '%z'],
  ];
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const token = tokens.find(([t]) => pattern.startsWith(t, i));
    if (token) {
      out += token[1];
      i += token[0].length;
    } else {
      out += pattern[i] === '%' ? '%%' : pattern[i];
      i += 1;
    }
  }
  return out;
}

function sdtypeToKind(column: SdvColumn): ColumnKind | null {
  switch (column.sdtype) {
    case 'numerical': {
      const rep = column.computer_representation ?? 'Float';
      return /^U?Int(8|16|32|64)?$/i.test(rep) ? 'integer' : 'continuous';
    }
    case 'categorical':
      return 'categorical';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'datetime';
    case 'id':
      return 'identifier';
    case 'text':
    case 'unknown':
      return 'text';
    default:
      return null;
  }
}

/** The one table of an SDV metadata document (single-table, or a multi-table one with one table). */
export function readSdvMetadata(json: unknown): SdvMetadata {
  const doc = json as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object')
    throw new ConstraintError('SDV metadata is a JSON object with "columns".');
  if (doc.tables && typeof doc.tables === 'object') {
    const tables = Object.values(doc.tables as Record<string, unknown>);
    if (tables.length !== 1)
      throw new ConstraintError(
        `This SDV metadata describes ${tables.length} tables; Facsimile works on one table at a time.`,
      );
    return readSdvMetadata(tables[0]);
  }
  const columns = doc.columns as Record<string, SdvColumn> | undefined;
  if (!columns || typeof columns !== 'object' || Array.isArray(columns))
    throw new ConstraintError(
      'SDV metadata needs "columns": an object from column name to {"sdtype": ...}.',
    );
  for (const [name, c] of Object.entries(columns))
    if (!c || typeof c.sdtype !== 'string')
      throw new ConstraintError(`SDV metadata: column ${name} has no "sdtype".`);
  return {
    ...(typeof doc.METADATA_SPEC_VERSION === 'string'
      ? { METADATA_SPEC_VERSION: doc.METADATA_SPEC_VERSION }
      : {}),
    ...(typeof doc.primary_key === 'string' ? { primary_key: doc.primary_key } : {}),
    columns,
  };
}

/**
 * Applies SDV metadata to a schema: each column named in it takes the kind its sdtype means
 * (numerical Int* as integer, else continuous; categorical; boolean; datetime with its
 * datetime_format; id as identifier), and the primary key becomes an identifier. PII sdtypes
 * (email, address, ...) become identifiers too, with a warning.
 *
 * @returns the new schema and warnings for what could not be applied.
 */
export function applySdvMetadata(
  schema: Schema,
  json: unknown,
): { schema: Schema; warnings: string[] } {
  const meta = readSdvMetadata(json);
  const warnings: string[] = [];
  const byName = new Map(schema.columns.map((c) => [c.name, c]));
  for (const name of Object.keys(meta.columns))
    if (!byName.has(name))
      warnings.push(`The SDV metadata names a column "${name}" the table does not have.`);
  const columns = schema.columns.map((spec) => {
    const sdv = meta.columns[spec.name];
    if (!sdv) return spec;
    let kind = meta.primary_key === spec.name ? 'identifier' : sdtypeToKind(sdv);
    if (kind === null) {
      warnings.push(`${spec.name}: the sdtype "${sdv.sdtype}" is read as an identifier.`);
      kind = 'identifier';
    }
    let datetimeFormat: DatetimeFormat | null = spec.datetimeFormat;
    if (kind === 'datetime' && sdv.datetime_format) {
      const read = strftimeToPattern(sdv.datetime_format);
      if ('pattern' in read) datetimeFormat = read;
      else
        warnings.push(
          `${spec.name}: the datetime_format "${sdv.datetime_format}" uses ${read.unknown}, which Facsimile does not read; the detected format is kept.`,
        );
    }
    return { ...spec, kind, datetimeFormat };
  });
  return { schema: { ...schema, columns }, warnings };
}

function kindToSdv(kind: ColumnKind, datetimeFormat: DatetimeFormat | null): SdvColumn {
  switch (kind) {
    case 'continuous':
      return { sdtype: 'numerical', computer_representation: 'Float' };
    case 'integer':
      return { sdtype: 'numerical', computer_representation: 'Int64' };
    case 'categorical':
    case 'constant':
      return { sdtype: 'categorical' };
    case 'boolean':
      return { sdtype: 'boolean' };
    case 'datetime':
      return datetimeFormat
        ? { sdtype: 'datetime', datetime_format: patternToStrftime(datetimeFormat.pattern) }
        : { sdtype: 'datetime' };
    case 'identifier':
      return { sdtype: 'id' };
    case 'text':
      return { sdtype: 'unknown', pii: false };
  }
}

/**
 * The schema as SDV single-table metadata (excluded columns left out; the first identifier is
 * the primary key; free text is SDV's `unknown`).
 */
export function toSdvMetadata(schema: Schema): SdvMetadata {
  const columns: Record<string, SdvColumn> = {};
  let primaryKey: string | undefined;
  for (const spec of [...schema.columns].sort((a, b) => a.index - b.index)) {
    if (spec.excluded) continue;
    columns[spec.name] = kindToSdv(spec.kind, spec.datetimeFormat);
    if (spec.kind === 'identifier' && primaryKey === undefined) primaryKey = spec.name;
  }
  return {
    METADATA_SPEC_VERSION: 'SINGLE_TABLE_V1',
    ...(primaryKey !== undefined ? { primary_key: primaryKey } : {}),
    columns,
  };
}
