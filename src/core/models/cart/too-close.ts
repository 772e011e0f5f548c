/**
 * How close is too close: a synthetic row the trees built from a handful of donors can sit
 * nearer one of them than a fresh real row sits to its nearest training row, which is what the
 * closer-to-train test sees (a row that leans towards the training rows). The floor is the
 * `share`-quantile of real rows' distance to their nearest other training row; a row closer
 * than that to any of its own donors is redrawn.
 *
 * Distance, as privacy judges measure it: per column, numbers differ by |a - b| / range
 * (at most 1), categories and missing-against-present by 1; summed over columns.
 */
import type { ModelTable } from '../../data/model-table';
import type { Rng } from '../../rng';

/** Per column: the range of a numeric column (1 where constant), 0 for a discrete one. */
export function columnRanges(table: ModelTable): Float64Array {
  return Float64Array.from(table.columns, (c) => {
    if (c.type === 'discrete') return 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of c.values) {
      if (Number.isNaN(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return hi > lo ? hi - lo : 1;
  });
}

/** Distance between a row (one value per column: number or level code) and training row r. */
export function distanceToRow(
  table: ModelTable,
  ranges: Float64Array,
  row: ArrayLike<number>,
  r: number,
  stopAbove = Infinity,
): number {
  let d = 0;
  for (let j = 0; j < table.columns.length && d <= stopAbove; j += 1) {
    const c = table.columns[j];
    const a = row[j] as number;
    if (c?.type === 'discrete') {
      if ((c.codes[r] as number) !== a) d += 1;
      continue;
    }
    const b = c?.values[r] as number;
    const na = Number.isNaN(a);
    if (na || Number.isNaN(b)) d += na === Number.isNaN(b) ? 0 : 1;
    else d += Math.min(1, Math.abs(a - b) / (ranges[j] as number));
  }
  return d;
}

/**
 * The `share`-quantile of the distance from `samples` training rows to their nearest other
 * training row (0 when the table has fewer than two rows or `share` is 0). Costs samples ×
 * rows × columns.
 */
export function closenessFloor(
  table: ModelTable,
  ranges: Float64Array,
  share: number,
  rng: Rng,
  samples = 200,
): number {
  if (share <= 0 || table.rows < 2) return 0;
  const row = new Float64Array(table.columns.length);
  const nearest: number[] = [];
  for (let s = 0; s < Math.min(samples, table.rows); s += 1) {
    const r = rng.int(table.rows);
    table.columns.forEach((c, j) => {
      row[j] = (c.type === 'numeric' ? c.values[r] : c.codes[r]) as number;
    });
    let best = Infinity;
    for (let o = 0; o < table.rows; o += 1) {
      if (o !== r) best = Math.min(best, distanceToRow(table, ranges, row, o, best));
    }
    nearest.push(best);
  }
  nearest.sort((a, b) => a - b);
  return nearest[Math.min(nearest.length - 1, Math.floor(share * nearest.length))] as number;
}
