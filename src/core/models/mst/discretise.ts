/**
 * Fine cells of each column from its domain (public or DP), and the rows' cells. Nothing here
 * looks at a value to decide a boundary: boundaries follow from the domain alone.
 */
import type { ModelColumn } from '../../data/model-table';
import { OTHER_LEVEL } from '../../data/model-table';
import type { ColumnDomain } from './value-ranges';

/** Fine cells of a numeric range when it is not one cell per whole number. */
const RANGE_CELLS = 48;
/** Whole-number columns with at most this many values get one cell per value. */
const MAX_INTEGER_CELLS = 128;

/** The fine cell edges of a numeric domain (ascending; cell i is [edges[i], edges[i+1])). */
export function numericEdges(low: number, high: number, integer: boolean): number[] {
  if (integer && high - low < MAX_INTEGER_CELLS)
    return Array.from({ length: high - low + 2 }, (_, i) => low - 0.5 + i);
  if (high === low) return [low, high];
  // ranges over several doublings get cells evenly spaced in log(1 + |x|), so a long tail
  // does not swallow the bulk of the values into one cell
  const positive = low >= 0 && high > 8 * Math.max(low, 1);
  const negative = high <= 0 && -low > 8 * Math.max(-high, 1);
  const edges: number[] = [];
  for (let i = 0; i <= RANGE_CELLS; i += 1) {
    const t = i / RANGE_CELLS;
    if (positive) {
      const a = Math.log1p(low);
      edges.push(Math.expm1(a + t * (Math.log1p(high) - a)));
    } else if (negative) {
      const a = Math.log1p(-high);
      edges.unshift(-Math.expm1(a + t * (Math.log1p(-low) - a)));
    } else edges.push(low + t * (high - low));
  }
  edges[0] = low;
  edges[edges.length - 1] = high;
  return edges;
}

/** The fine cell of a value (clipped into the range first); `cells` for a missing value. */
function numericCell(x: number, edges: readonly number[]): number {
  const cells = edges.length - 1;
  if (Number.isNaN(x)) return cells;
  let lo = 0;
  let hi = cells - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (x >= (edges[mid] as number)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A discrete domain's levels as MST keeps them: the known levels, "other", missing. */
export const discreteLevels = (levels: readonly string[]): (string | null)[] => [
  ...levels,
  OTHER_LEVEL,
  null,
];

/**
 * Per row, the fine cell of a column under its domain: numbers clipped into the range
 * (missing last), levels not in the domain as "other".
 */
export function fineCells(column: ModelColumn, domain: ColumnDomain): Int32Array {
  if (column.type === 'numeric' && domain.type === 'numeric') {
    const edges = numericEdges(domain.low, domain.high, domain.integer);
    return Int32Array.from(column.values, (x) => numericCell(x, edges));
  }
  if (column.type === 'discrete' && domain.type === 'discrete') {
    const levels = discreteLevels(domain.levels);
    const index = new Map(levels.map((level, i) => [level, i]));
    const other = levels.length - 2;
    const lookup = column.levels.map((level) => index.get(level) ?? other);
    return Int32Array.from(column.codes, (code) => lookup[code] ?? other);
  }
  throw new Error(`Column "${column.name}" does not match its domain.`);
}
