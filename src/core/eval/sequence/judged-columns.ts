/**
 * Columns of cells read the way the sequence judge (`score_seq.py`, through `score.py`) reads
 * them, so our figures and the judge's agree: the kind inferred from the real cells, numbers and
 * dates as numbers, categories as canonical strings.
 */
import { cellDate, cellNumber, type Cell } from '../../sequence/cells';

export type JudgedKind = 'numerical' | 'categorical' | 'datetime' | 'id';

/** Distinct numbers at or below which a numeric column is categorical (the judge's). */
const MAX_CATEGORICAL_NUMBERS = 10;

function datetimeLike(distinct: readonly string[]): boolean {
  const probe = distinct.slice(0, 500);
  const share = (f: (s: string) => boolean) => probe.filter(f).length / probe.length;
  if (!(share((s) => /\d/.test(s)) >= 0.95) || !(share((s) => /[-/:]/.test(s)) >= 0.95))
    return false;
  return share((s) => Number.isFinite(cellDate(s))) >= 0.95;
}

/**
 * The judge's kind of a real column: numerical (numbers, more than 10 distinct), categorical
 * (text, or few distinct numbers), datetime (text that reads as dates), id (text with more than
 * 20 distinct values and more than one per two rows).
 */
export function judgedKind(cells: readonly Cell[]): JudgedKind {
  const present = cells.filter((c): c is string => c !== null);
  if (present.length === 0) return 'categorical';
  const distinct = [...new Set(present)];
  const nums = present.map(cellNumber);
  const numeric = nums.filter((v) => !Number.isNaN(v)).length;
  if (numeric >= 0.99 * present.length) {
    const values = new Set(nums.filter((v) => !Number.isNaN(v)));
    return values.size > MAX_CATEGORICAL_NUMBERS ? 'numerical' : 'categorical';
  }
  if (datetimeLike(distinct)) return 'datetime';
  if (distinct.length > 20 && distinct.length > 0.5 * present.length) return 'id';
  return 'categorical';
}

/** The kind of an order column: numerical when 99 % of its present cells are numbers, else datetime. */
export function orderKind(cells: readonly Cell[]): JudgedKind {
  const present = cells.filter((c) => c !== null);
  const numeric = present.filter((c) => !Number.isNaN(cellNumber(c))).length;
  return numeric > 0.99 * cells.length ? 'numerical' : 'datetime';
}

/** A column ready to score: numbers (NaN = missing) or category strings (null = missing). */
export type JudgedColumn =
  { kind: 'numerical' | 'datetime'; num: Float64Array } | { kind: 'categorical'; cat: Cell[] };

/** Whether every present real cell of a categorical column is a number (then 39.0 equals 39). */
export function numericLike(cells: readonly Cell[]): boolean {
  let any = false;
  for (const c of cells) {
    if (c === null) continue;
    any = true;
    if (Number.isNaN(cellNumber(c))) return false;
  }
  return any;
}

/** A number written as the judge canonicalises it: integers without a decimal point. */
function canonNumber(c: string): string {
  const f = cellNumber(c);
  if (Number.isNaN(f)) return c;
  if (Number.isFinite(f) && Number.isInteger(f) && Math.abs(f) < 2 ** 53) return String(f);
  return canonFloat(f);
}

/** Python's repr of a float, for the few non-integer numeric-like categories. */
function canonFloat(f: number): string {
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : f < 0 ? '-inf' : 'nan';
  const s = String(f);
  return /[.e]/.test(s) ? s.replace(/e\+?/, 'e+').replace('e+-', 'e-') : `${s}.0`;
}

/** Converts cells for scoring under `kind`; `numericLikeCats` canonicalises numeric categories. */
export function judgedColumn(
  cells: readonly Cell[],
  kind: JudgedKind,
  numericLikeCats = false,
): JudgedColumn {
  if (kind === 'numerical') return { kind, num: Float64Array.from(cells, cellNumber) };
  if (kind === 'datetime') return { kind, num: Float64Array.from(cells, cellDate) };
  return {
    kind: 'categorical',
    cat: numericLikeCats ? cells.map((c) => (c === null ? null : canonNumber(c))) : [...cells],
  };
}
