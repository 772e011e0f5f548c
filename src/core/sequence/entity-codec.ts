/**
 * Cells to model values and back, per column: numbers and dates become numbers (dates as
 * milliseconds), everything else a code into its levels (missing is a level). Written back in
 * the column's own precision and date style, so synthetic files read like the input.
 */
import type { ModelColumn } from '../data/model-table';
import { cellDate, cellNumber, type Cell } from './cells';

export type CellCodec =
  | {
      type: 'numeric';
      name: string;
      /** Digits after the decimal point the training values use (at most 6). */
      decimals: number;
      /** Dates: written as a day ('date') or a date and time ('datetime'); null for numbers. */
      date: 'date' | 'datetime' | null;
      min: number;
      max: number;
    }
  | { type: 'discrete'; name: string; levels: Cell[] };

/** Distinct numbers at or below which a number column is treated as categories. */
const MAX_NUMBER_LEVELS = 10;

function decimalsOf(cells: readonly Cell[]): number {
  let d = 0;
  for (const c of cells) {
    if (c === null) continue;
    const m = /\.(\d+)(?:[eE]|$)/.exec(c);
    if (m) d = Math.max(d, (m[1] as string).length);
  }
  return Math.min(6, d);
}

/**
 * How a column is modelled. `order` forces numbers (or dates): the order column must stay
 * ordered. Numbers with at most 10 distinct values are categories (a diet, a grade).
 */
export function fitCodec(name: string, cells: readonly Cell[], order = false): CellCodec {
  const present = cells.filter((c): c is string => c !== null);
  const numbers = present.map(cellNumber);
  const finite = numbers.filter(Number.isFinite);
  const distinct = new Set(finite).size;
  const range = (v: number[]) => ({
    min: v.reduce((a, b) => Math.min(a, b), Infinity),
    max: v.reduce((a, b) => Math.max(a, b), -Infinity),
  });
  if (
    present.length > 0 &&
    finite.length >= 0.99 * present.length &&
    (order || distinct > MAX_NUMBER_LEVELS)
  )
    return { type: 'numeric', name, decimals: decimalsOf(present), date: null, ...range(finite) };
  const dates = present.map(cellDate).filter(Number.isFinite);
  if (present.length > 0 && dates.length >= (order ? 0.5 : 0.95) * present.length) {
    const dayOnly = present.every((c) => /^\d{4}-\d{1,2}-\d{1,2}$/.test(c));
    return {
      type: 'numeric',
      name,
      decimals: 0,
      date: dayOnly ? 'date' : 'datetime',
      ...range(dates),
    };
  }
  if (order) throw new Error(`The order column "${name}" holds neither numbers nor dates.`);
  const levels: Cell[] = [];
  const seen = new Set<Cell>();
  for (const c of cells)
    if (!seen.has(c)) {
      seen.add(c);
      levels.push(c);
    }
  return { type: 'discrete', name, levels };
}

/** The model value of one cell: a number (NaN = missing) or a level code (-1 = unseen). */
export function encodeCell(codec: CellCodec, cell: Cell): number {
  if (codec.type === 'discrete') return codec.levels.indexOf(cell);
  return codec.date ? cellDate(cell) : cellNumber(cell);
}

/** Encodes a whole column with a lookup table for discrete levels. */
export function encodeColumn(codec: CellCodec, cells: readonly Cell[]): Float64Array {
  if (codec.type === 'numeric') return Float64Array.from(cells, (c) => encodeCell(codec, c));
  const at = new Map(codec.levels.map((l, i) => [l, i]));
  return Float64Array.from(cells, (c) => at.get(c) ?? -1);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The cell a model value stands for, in the column's precision and date style. */
export function decodeValue(codec: CellCodec, v: number): Cell {
  if (codec.type === 'discrete') return codec.levels[v] ?? null;
  if (!Number.isFinite(v)) return null;
  if (codec.date) {
    const d = new Date(Math.round(v));
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    if (codec.date === 'date') return day;
    return `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  const scale = 10 ** codec.decimals;
  return String(Math.round(v * scale) / scale);
}

/** A model column of encoded values (numbers, or codes as a discrete column). */
export function toModelColumn(codec: CellCodec, name: string, values: Float64Array): ModelColumn {
  if (codec.type === 'numeric')
    return { type: 'numeric', name, values, integer: codec.decimals === 0 };
  return {
    type: 'discrete',
    name,
    codes: Int32Array.from(values, (v) => (v < 0 ? 0 : v)),
    levels: codec.levels.map((l) => l ?? null),
  };
}
