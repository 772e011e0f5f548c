/**
 * Rows from a fitted MST: down the tree, each column's bin from its parent's bin, then a fine
 * cell inside the bin in proportion to its noisy count, then a value inside the cell (a whole
 * number for integer columns; a level for discrete ones; missing for the missing cell).
 */
import type { ModelColumn, ModelTable } from '../../data/model-table';
import type { Rng } from '../../rng';
import type { MstColumn, MstState } from './state';

/** Cumulative weights, for drawing an index by binary search. */
function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => {
    s += Math.max(0, w);
    out[i] = s;
  });
  return out;
}

function draw(cum: Float64Array, rng: Rng): number {
  const total = cum[cum.length - 1] as number;
  if (!(total > 0)) return rng.int(cum.length);
  const u = rng.uniform() * total;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cum[mid] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Per bin, its fine cells and their cumulative weights. */
function cellsByBin(column: MstColumn): { cells: number[]; cum: Float64Array }[] {
  return Array.from({ length: column.bins }, (_, b) => {
    const cells = column.bin.flatMap((x, i) => (x === b ? [i] : []));
    return { cells, cum: cumulative(cells.map((i) => column.fine[i] as number)) };
  });
}

/** `rows` synthetic rows in model form. */
export function sampleMst(state: MstState, rows: number, rng: Rng): ModelTable {
  const d = state.columns.length;
  const binOf = state.columns.map(() => new Int32Array(rows));
  const cums = state.tables.map((t, j) => {
    const size = (state.columns[j] as MstColumn).bins;
    const parentBins = t.length / size;
    return Array.from({ length: parentBins }, (_, i) =>
      cumulative(t.slice(i * size, (i + 1) * size)),
    );
  });
  for (let r = 0; r < rows; r += 1)
    for (const j of state.order) {
      const p = state.parent[j] as number;
      const row = p < 0 ? 0 : ((binOf[p] as Int32Array)[r] as number);
      (binOf[j] as Int32Array)[r] = draw((cums[j] as Float64Array[])[row] as Float64Array, rng);
    }
  const columns: ModelColumn[] = [];
  for (let j = 0; j < d; j += 1)
    columns.push(writeColumn(state.columns[j] as MstColumn, binOf[j] as Int32Array, rng));
  return { rows, columns };
}

function writeColumn(column: MstColumn, bins: Int32Array, rng: Rng): ModelColumn {
  const byBin = cellsByBin(column);
  const cellOf = (b: number) => {
    const { cells, cum } = byBin[b] as { cells: number[]; cum: Float64Array };
    return cells[draw(cum, rng)] as number;
  };
  if (column.type === 'discrete')
    return {
      type: 'discrete',
      name: column.name,
      codes: Int32Array.from(bins, cellOf),
      levels: [...column.levels],
    };
  const missing = column.edges.length - 1;
  const values = Float64Array.from(bins, (b) => {
    const cell = cellOf(b);
    if (cell === missing) return NaN;
    const lo = column.edges[cell] as number;
    const hi = column.edges[cell + 1] as number;
    const x = lo + rng.uniform() * (hi - lo);
    const v = column.integer ? Math.round(x) : x;
    return Math.min(column.high, Math.max(column.low, v));
  });
  return { type: 'numeric', name: column.name, values, integer: column.integer };
}
