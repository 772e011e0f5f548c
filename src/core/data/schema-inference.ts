import type {
  ColumnKind,
  ColumnOverride,
  ColumnSpec,
  ColumnStats,
  DatetimeFormat,
  NumberFormat,
  RawColumn,
  RawTable,
  Schema,
} from '../types';
import { DEFAULT_MISSING_TOKENS } from '../types';
import { detectDatetimeFormat, parseDatetime } from './datetime-format';
import {
  countDecimals,
  countPlainDecimals,
  detectNumberFormat,
  isPlainFormat,
  parseNumber,
} from './number-format';

/** Identifier and text rules need enough rows to tell a pattern from chance. */
const MIN_ROWS_FOR_UNIQUE_RULES = 20;
const TEXT_MIN_DISTINCT = 50;
const TEXT_MIN_DISTINCT_SHARE = 0.5;
const TEXT_MIN_MEAN_LENGTH = 20;
const TEXT_MANY_LEVELS = 1000;
const IDENTIFIER_MAX_MEAN_LENGTH = 40;
const ID_NAME = /(^|[^a-z])(id|uuid|guid|key|code|nr|no|number|num)$|^id([^a-z]|$)/i;

const BOOLEAN_PAIRS: readonly (readonly [string, string])[] = [
  ['true', 'false'],
  ['yes', 'no'],
  ['y', 'n'],
  ['t', 'f'],
  ['1', '0'],
  ['on', 'off'],
];

/** The non-missing part of a column: distinct trimmed strings with their row counts. */
interface Distinct {
  /** Read-only: when the column needs no trimming and has no missing cell, its own arrays. */
  values: readonly string[];
  counts: readonly number[];
  /** `values` read as plain numbers, when the reader pre-parsed them (see RawColumn.numbers). */
  numbers: Float64Array | null;
  nonMissing: number;
  missing: number;
  missingTokens: string[];
  meanLength: number;
}

/** `raw.trim()`, without a call for the usual cell that has nothing to trim. */
function trimmed(raw: string): string {
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  return first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f ? raw : raw.trim();
}

/** Whether no value needs trimming and none is missing or unused: the dictionary is the answer. */
function alreadyDistinct(
  column: RawColumn,
  tokenLengths: ReadonlySet<number>,
  tokens: ReadonlySet<string>,
): boolean {
  const { values, counts } = column;
  for (let i = 0; i < values.length; i += 1) {
    const raw = values[i] as string;
    if (counts[i] === 0 || trimmed(raw) !== raw) return false;
    if (tokenLengths.has(raw.length) && tokens.has(raw)) return false;
  }
  return true;
}

/**
 * Splits a column's dictionary into missing tokens and distinct trimmed values (in order of
 * first appearance, the counts of raw strings that trim alike summed).
 */
export function distinctValues(column: RawColumn, missingTokens: ReadonlySet<string>): Distinct {
  const numbers = column.numbers?.length === column.values.length ? column.numbers : null;
  // Only a string as long as some token can be one, so most cells skip the set lookup.
  const tokenLengths = new Set([...missingTokens].map((t) => t.length));
  if (alreadyDistinct(column, tokenLengths, missingTokens)) {
    let nonMissing = 0;
    let lengthSum = 0;
    column.values.forEach((v, i) => {
      const count = column.counts[i] as number;
      nonMissing += count;
      lengthSum += v.length * count;
    });
    return {
      values: column.values,
      counts: column.counts,
      numbers,
      nonMissing,
      missing: 0,
      missingTokens: [],
      meanLength: nonMissing > 0 ? lengthSum / nonMissing : 0,
    };
  }
  const missingByToken = new Map<string, number>();
  const values: string[] = [];
  const counts: number[] = [];
  const kept: number[] = [];
  let trimmedAny = false;
  let missing = 0;
  let lengthSum = 0;
  let nonMissing = 0;
  column.values.forEach((raw, i) => {
    const count = column.counts[i] ?? 0;
    if (count === 0) return;
    const v = trimmed(raw);
    if (tokenLengths.has(v.length) && missingTokens.has(v)) {
      missing += count;
      missingByToken.set(raw, (missingByToken.get(raw) ?? 0) + count);
      return;
    }
    trimmedAny ||= v.length !== raw.length;
    values.push(v);
    counts.push(count);
    kept.push(i);
    lengthSum += v.length * count;
    nonMissing += count;
  });
  // Raw strings are distinct already; only trimming can make two of them one value.
  const merged = trimmedAny ? mergeEqual(values, counts, kept) : { values, counts, kept };
  return {
    values: merged.values,
    counts: merged.counts,
    numbers: numbers && pick(numbers, merged.kept),
    nonMissing,
    missing,
    missingTokens: [...missingByToken.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t),
    meanLength: nonMissing > 0 ? lengthSum / nonMissing : 0,
  };
}

function pick(numbers: Float64Array, at: readonly number[]): Float64Array {
  const out = new Float64Array(at.length);
  for (let i = 0; i < at.length; i += 1) out[i] = numbers[at[i] as number] as number;
  return out;
}

/** Sums the counts of equal values, keeping the first one's place and raw index. */
function mergeEqual(
  values: readonly string[],
  counts: readonly number[],
  kept: readonly number[],
): { values: string[]; counts: number[]; kept: number[] } {
  const at = new Map<string, number>();
  const out = { values: [] as string[], counts: [] as number[], kept: [] as number[] };
  values.forEach((v, i) => {
    const j = at.get(v);
    if (j !== undefined) {
      out.counts[j] = (out.counts[j] as number) + (counts[i] as number);
      return;
    }
    at.set(v, out.values.length);
    out.values.push(v);
    out.counts.push(counts[i] as number);
    out.kept.push(kept[i] as number);
  });
  return out;
}

interface Inferred {
  kind: ColumnKind;
  numberFormat: NumberFormat | null;
  datetimeFormat: DatetimeFormat | null;
  min: number | null;
  max: number | null;
  decimals: number | null;
  notes: string[];
}

function isBooleanPair(values: readonly string[]): boolean {
  if (values.length !== 2) return false;
  const [a, b] = values.map((v) => v.toLowerCase()) as [string, string];
  return BOOLEAN_PAIRS.some(([x, y]) => (a === x && b === y) || (a === y && b === x));
}

function inferNumeric(name: string, d: Distinct, rows: number): Inferred | null {
  const detection = detectNumberFormat(d.values, d.numbers ?? undefined);
  if (detection.kind === 'not-numeric') return null;
  if (detection.kind === 'ambiguous') {
    return {
      ...emptyInferred('categorical'),
      numberFormat: detection.candidates[0] ?? null,
      notes: [
        'The numbers here could be read two ways (for example 1,234 as one thousand two hundred ' +
          'and thirty-four, or as one point two three four), so they are kept as categories. ' +
          'Change the type if you know which is meant.',
      ],
    };
  }
  const format = detection.format;
  const { min, max, decimals } = numericRange(d, format);
  const notes: string[] = [];
  if (format.thousands !== '' || format.decimal === ',') {
    notes.push(
      `Numbers are written with ${format.decimal === ',' ? 'a decimal comma' : 'a decimal point'}` +
        (format.thousands ? ` and "${format.thousands}" between thousands.` : '.'),
    );
  }
  let kind: ColumnKind = decimals === 0 ? 'integer' : 'continuous';
  const unique = d.values.length === rows && d.missing === 0;
  if (kind === 'integer' && unique && rows >= MIN_ROWS_FOR_UNIQUE_RULES) {
    const consecutive = max - min + 1 <= rows * 1.1;
    if (ID_NAME.test(name) || consecutive) {
      kind = 'identifier';
      notes.push('Every row has its own whole number, so this looks like a row identifier.');
    }
  }
  return { kind, numberFormat: format, datetimeFormat: null, min, max, decimals, notes };
}

/** Smallest and largest value, and the most digits after the mark any value is written with. */
function numericRange(
  d: Distinct,
  format: NumberFormat,
): { min: number; max: number; decimals: number } {
  let min = Infinity;
  let max = -Infinity;
  let decimals = 0;
  // Pre-parsed plain numbers are valid and trimmed, so the digits are counted without a regex.
  const numbers = isPlainFormat(format) ? d.numbers : null;
  d.values.forEach((v, i) => {
    const x = numbers ? (numbers[i] as number) : parseNumber(v, format);
    if (x < min) min = x;
    if (x > max) max = x;
    const places = numbers ? countPlainDecimals(v) : countDecimals(v, format);
    if (places > decimals) decimals = places;
  });
  return { min, max, decimals };
}

function inferDatetime(d: Distinct): Inferred | null {
  const format = detectDatetimeFormat(d.values);
  if (!format) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of d.values) {
    const t = parseDatetime(v, format);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return {
    ...emptyInferred('datetime'),
    datetimeFormat: format,
    min,
    max,
    notes: [`Dates written as ${format.pattern}.`],
  };
}

function inferString(name: string, d: Distinct, rows: number): Inferred {
  const distinct = d.values.length;
  const share = d.nonMissing > 0 ? distinct / d.nonMissing : 0;
  if (rows >= MIN_ROWS_FOR_UNIQUE_RULES && distinct === rows && d.missing === 0) {
    const spaced = countSpaced(d.values) / distinct;
    if (d.meanLength <= IDENTIFIER_MAX_MEAN_LENGTH && (spaced < 0.1 || ID_NAME.test(name))) {
      return {
        ...emptyInferred('identifier'),
        notes: ['Every row has its own value, so this looks like an identifier.'],
      };
    }
  }
  // Thousands of different multi-word values are text even when some repeat (short comments).
  const manyLevels = distinct >= TEXT_MANY_LEVELS;
  if (distinct >= TEXT_MIN_DISTINCT && (share >= TEXT_MIN_DISTINCT_SHARE || manyLevels)) {
    const spaced = countSpaced(d.values) / distinct;
    if (d.meanLength >= TEXT_MIN_MEAN_LENGTH || spaced >= 0.5) {
      return {
        ...emptyInferred('text'),
        notes: [
          `${distinct.toLocaleString('en-US')} different values of ${Math.round(d.meanLength)} ` +
            'characters on average: free text, too varied to learn as categories.',
        ],
      };
    }
  }
  return emptyInferred('categorical');
}

const WHITESPACE = /\s/;

/** How many values hold a space, tab or other white space. */
function countSpaced(values: readonly string[]): number {
  let n = 0;
  for (const v of values) if (WHITESPACE.test(v)) n += 1;
  return n;
}

function emptyInferred(kind: ColumnKind): Inferred {
  return {
    kind,
    numberFormat: null,
    datetimeFormat: null,
    min: null,
    max: null,
    decimals: null,
    notes: [],
  };
}

/** Infers one column's kind and statistics from its distinct values (fast on any row count). */
export function inferColumn(
  name: string,
  index: number,
  column: RawColumn,
  rows: number,
  missingTokens: ReadonlySet<string>,
): ColumnSpec {
  const d = distinctValues(column, missingTokens);
  let inferred: Inferred;
  if (d.values.length === 0) {
    inferred = { ...emptyInferred('constant'), notes: ['Every value is missing.'] };
  } else if (d.values.length === 1) {
    inferred = { ...emptyInferred('constant'), notes: ['Every row holds the same value.'] };
  } else if (isBooleanPair(d.values)) {
    inferred = { ...emptyInferred('boolean'), notes: [`Two values: ${d.values.join(' / ')}.`] };
  } else {
    inferred = inferNumeric(name, d, rows) ?? inferDatetime(d) ?? inferString(name, d, rows);
  }
  const stats: ColumnStats = {
    rows,
    missing: d.missing,
    missingShare: rows > 0 ? d.missing / rows : 0,
    distinct: d.values.length,
    min: inferred.min,
    max: inferred.max,
    decimals: inferred.decimals,
    meanLength: d.meanLength,
    missingTokens: d.missingTokens,
  };
  return {
    name,
    index,
    kind: inferred.kind,
    inferredKind: inferred.kind,
    excluded: false,
    numberFormat: inferred.numberFormat,
    datetimeFormat: inferred.datetimeFormat,
    topK: null,
    stats,
    notes: inferred.notes,
  };
}

/**
 * Infers every column's kind from the raw table.
 *
 * @param missingTokens strings (compared after trimming spaces) that mean "no value"
 */
export function inferSchema(
  table: RawTable,
  missingTokens: readonly string[] = DEFAULT_MISSING_TOKENS,
): Schema {
  const tokens = new Set(missingTokens);
  return {
    missingTokens: [...missingTokens],
    columns: table.columns.map((col, i) =>
      inferColumn(table.names[i] ?? `column_${i + 1}`, i, col, table.rowCount, tokens),
    ),
  };
}

/** The user's corrections laid over the inferred schema; unknown column names are ignored. */
export function applyOverrides(
  schema: Schema,
  overrides: Readonly<Record<string, ColumnOverride>>,
): Schema {
  return {
    ...schema,
    columns: schema.columns.map((c) => {
      const o = overrides[c.name];
      if (!o) return { ...c, kind: c.inferredKind, excluded: false, topK: null };
      return {
        ...c,
        kind: o.kind ?? c.inferredKind,
        excluded: o.excluded ?? false,
        topK: o.topK ?? null,
      };
    }),
  };
}
