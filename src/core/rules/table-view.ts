/**
 * One read-only view of a table for checking constraints, whatever form the table is in: the
 * real rows as read (RawTable + Schema), a model's output (ModelTable) or the strings about to
 * be exported. Each column answers, per row, a number (NaN when missing or not a number; dates
 * as epoch ms) and a text (null when missing).
 */
import { OTHER_TEXT, type CodecState } from '../data/codec-state';
import { formatDatetime, parseDatetime } from '../data/datetime-format';
import { OTHER_LEVEL, type ModelTable } from '../data/model-table';
import { parseNumber } from '../data/number-format';
import type { DatetimeFormat, NumberFormat, RawTable, Schema } from '../types';

export interface ColumnView {
  number(row: number): number;
  text(row: number): string | null;
}

export interface TableView {
  rows: number;
  /** The column of that name, or undefined when this form of the table does not hold it. */
  column(name: string): ColumnView | undefined;
}

const ISO: DatetimeFormat = { pattern: 'YYYY-MM-DDTHH:mm:ss.SSSZ' };
const PLAIN: NumberFormat = { decimal: '.', thousands: '' };

/**
 * A model's table. `datetimes` names the numeric columns that hold epoch ms, so they show as
 * dates in examples.
 */
export function viewOfModelTable(
  table: ModelTable,
  datetimes: ReadonlySet<string> = new Set(),
): TableView {
  const byName = new Map<string, ColumnView>();
  for (const column of table.columns) {
    if (column.type === 'numeric') {
      const values = column.values;
      const date = datetimes.has(column.name);
      byName.set(column.name, {
        number: (r) => values[r] as number,
        text: (r) => {
          const x = values[r] as number;
          if (Number.isNaN(x)) return null;
          return date ? formatDatetime(x, ISO) : String(x);
        },
      });
    } else {
      const { codes, levels } = column;
      const numbers = levels.map((l) => (l === null || l.trim() === '' ? NaN : Number(l)));
      byName.set(column.name, {
        number: (r) => numbers[codes[r] as number] ?? NaN,
        text: (r) => {
          const level = levels[codes[r] as number];
          // Folded levels read as the text they are written as, so checks agree with the file.
          if (level === OTHER_LEVEL) return OTHER_TEXT;
          return level === undefined || level === null ? null : level;
        },
      });
    }
  }
  return { rows: table.rows, column: (name) => byName.get(name) };
}

interface Reading {
  kind: 'number' | 'datetime' | 'text';
  numberFormat?: NumberFormat | null;
  datetimeFormat?: DatetimeFormat | null;
}

function readingView(
  distinct: readonly string[],
  codeOf: (row: number) => number,
  reading: Reading,
  missing: ReadonlySet<string>,
): ColumnView {
  const texts = distinct.map((raw) => {
    const t = raw.trim();
    return missing.has(t) ? null : t;
  });
  const numbers = texts.map((t) => {
    if (t === null) return NaN;
    if (reading.kind === 'datetime')
      return reading.datetimeFormat ? parseDatetime(t, reading.datetimeFormat) : NaN;
    if (reading.kind === 'number') return parseNumber(t, reading.numberFormat ?? PLAIN);
    const x = Number(t);
    return t === '' ? NaN : x;
  });
  return {
    number: (r) => numbers[codeOf(r)] ?? NaN,
    text: (r) => texts[codeOf(r)] ?? null,
  };
}

function readingOf(kind: string, nf: NumberFormat | null, df: DatetimeFormat | null): Reading {
  if (kind === 'continuous' || kind === 'integer') return { kind: 'number', numberFormat: nf };
  if (kind === 'datetime') return { kind: 'datetime', datetimeFormat: df };
  return { kind: 'text' };
}

/**
 * The real rows as read, each cell parsed the way the schema says (excluded columns left out).
 * With the codec fitted on them, its formats are used (they fill in what the schema left open).
 */
export function viewOfRaw(raw: RawTable, schema: Schema, codec?: CodecState): TableView {
  const missing = new Set(schema.missingTokens);
  const byName = new Map<string, ColumnView>();
  for (const spec of schema.columns) {
    if (spec.excluded) continue;
    const column = raw.columns[spec.index];
    if (!column) continue;
    const fitted = codec?.columns.find((c) => c.name === spec.name);
    const reading = readingOf(
      spec.kind,
      fitted && 'numberFormat' in fitted ? fitted.numberFormat : spec.numberFormat,
      fitted && 'datetimeFormat' in fitted ? fitted.datetimeFormat : spec.datetimeFormat,
    );
    const codes = column.codes;
    byName.set(
      spec.name,
      readingView(column.values, (r) => codes[r] as number, reading, missing),
    );
  }
  return { rows: raw.rowCount, column: (name) => byName.get(name) };
}

/**
 * Rows of strings about to be written (the output of `fromModelTable`), read back with the
 * codec's formats, so the check sees exactly what the file will hold.
 */
export function viewOfRows(
  names: readonly string[],
  rows: readonly (readonly string[])[],
  codec: CodecState,
): TableView {
  const missing = new Set(codec.missingTokens);
  const byName = new Map<string, ColumnView>();
  names.forEach((name, i) => {
    const c = codec.columns.find((x) => x.name === name);
    const reading: Reading = !c
      ? { kind: 'text' }
      : c.kind === 'continuous' || c.kind === 'integer'
        ? { kind: 'number', numberFormat: c.numberFormat }
        : c.kind === 'datetime'
          ? { kind: 'datetime', datetimeFormat: c.datetimeFormat }
          : { kind: 'text' };
    const index = new Map<string, number>();
    const codes = new Int32Array(rows.length);
    rows.forEach((row, r) => {
      const cell = row[i] ?? '';
      let code = index.get(cell);
      if (code === undefined) {
        code = index.size;
        index.set(cell, code);
      }
      codes[r] = code;
    });
    byName.set(
      name,
      readingView([...index.keys()], (r) => codes[r] as number, reading, missing),
    );
  });
  return { rows: rows.length, column: (name) => byName.get(name) };
}
