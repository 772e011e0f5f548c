/**
 * Tables of raw cells for the sequence layer: every cell the trimmed string read from the file,
 * or null when missing. Sequences are judged on exactly what the files hold, so the cells stay
 * text and each consumer parses what it needs (numbers, dates) with the helpers here.
 */
import type { RawTable } from '../types';

/** One cell: the trimmed text, or null when missing. */
export type Cell = string | null;

/** A table as named columns of cells, all of length `rows`. */
export interface CellTable {
  names: string[];
  columns: Cell[][];
  rows: number;
}

/**
 * Cells read as missing (after trimming): pandas' default NA tokens, which is what the judge
 * (`score_seq.py`) reads, so both count the same values as missing.
 */
export const SEQUENCE_MISSING_TOKENS: ReadonlySet<string> = new Set([
  '',
  '#N/A',
  '#N/A N/A',
  '#NA',
  '-1.#IND',
  '-1.#QNAN',
  '-NaN',
  '-nan',
  '1.#IND',
  '1.#QNAN',
  '<NA>',
  'N/A',
  'NA',
  'NULL',
  'NaN',
  'None',
  'n/a',
  'nan',
  'null',
]);

/** The cell a raw string stands for: trimmed, or null when it is a missing-value token. */
export function toCell(raw: string): Cell {
  const t = raw.trim();
  return SEQUENCE_MISSING_TOKENS.has(t) ? null : t;
}

/** A parsed CSV ({@link RawTable}) as cells. */
export function cellTableFromRaw(raw: RawTable): CellTable {
  const columns = raw.columns.map((c) => {
    const dict = c.values.map(toCell);
    const out: Cell[] = new Array<Cell>(raw.rowCount);
    for (let r = 0; r < raw.rowCount; r += 1) out[r] = dict[c.codes[r] as number] as Cell;
    return out;
  });
  return { names: raw.names.map((n) => n.trim()), columns, rows: raw.rowCount };
}

/** The column called `name`, or null. */
export function columnOf(table: CellTable, name: string): Cell[] | null {
  const i = table.names.indexOf(name);
  return i < 0 ? null : (table.columns[i] as Cell[]);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a cell holds (as pandas' `to_numeric` reads it), NaN when missing or not one. */
export function cellNumber(cell: Cell): number {
  if (cell === null) return NaN;
  if (NUMBER.test(cell)) return Number(cell);
  const lower = cell.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return NaN;
}

const DATE_ONLY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  return new Date(t).getUTCDate() === d ? t : NaN;
}

/**
 * Milliseconds since 1970 (UTC) of a date cell, NaN when missing or not a date. Reads ISO 8601
 * dates and date-times (a zone when given, else UTC) and month/day/year with slashes (pandas'
 * reading of an ambiguous slashed date).
 */
export function cellDate(cell: Cell): number {
  if (cell === null) return NaN;
  let m = DATE_ONLY.exec(cell);
  if (m) return utc(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DATE_TIME.exec(cell);
  if (m) {
    const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
    const local = utc(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4]),
      Number(m[5]),
      Number(m[6] ?? 0),
      ms,
    );
    const zone = m[8];
    if (!zone || zone === 'Z') return local;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    return local - sign * offset;
  }
  m = SLASHED.exec(cell);
  if (m) {
    const first = Number(m[1]);
    const second = Number(m[2]);
    const [mo, d] = first > 12 ? [second, first] : [first, second];
    return utc(Number(m[3]), mo, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  }
  return NaN;
}
