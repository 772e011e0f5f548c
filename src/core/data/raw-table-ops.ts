/**
 * Small operations on the dictionary-encoded RawTable: a subset of its rows (a training or
 * holdout split) and a RawTable built from string rows (generated rows, to score them the way
 * the exported file would be read).
 */
import type { RawColumn, RawTable } from '../types';

/** The rows `rows` of `raw`, in that order; each column keeps only the strings still used. */
export function rawSubset(raw: RawTable, rows: Int32Array): RawTable {
  const columns = raw.columns.map((column): RawColumn => {
    const remap = new Int32Array(column.values.length).fill(-1);
    const values: string[] = [];
    const counts: number[] = [];
    const codes = new Uint32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const old = column.codes[rows[i] as number] as number;
      let code = remap[old] as number;
      if (code < 0) {
        code = values.length;
        remap[old] = code;
        values.push(column.values[old] as string);
        counts.push(0);
      }
      counts[code] = (counts[code] as number) + 1;
      codes[i] = code;
    }
    return { values, counts, codes };
  });
  return { names: [...raw.names], rowCount: rows.length, columns };
}

/** A RawTable from a header and string rows (every row as long as the header). */
export function rawFromRows(
  names: readonly string[],
  rows: readonly (readonly string[])[],
): RawTable {
  const columns = names.map((_, c): RawColumn => {
    const index = new Map<string, number>();
    const values: string[] = [];
    const counts: number[] = [];
    const codes = new Uint32Array(rows.length);
    rows.forEach((row, r) => {
      const cell = row[c] ?? '';
      let code = index.get(cell);
      if (code === undefined) {
        code = values.length;
        index.set(cell, code);
        values.push(cell);
        counts.push(0);
      }
      counts[code] = (counts[code] as number) + 1;
      codes[r] = code;
    });
    return { values, counts, codes };
  });
  return { names: [...names], rowCount: rows.length, columns };
}

/**
 * A seeded split of `rowCount` rows into training and holdout rows, each sorted. `share` is
 * the holdout share (0 turns the holdout off). Uses `permutation` from the caller's Rng.
 */
export function holdoutSplit(
  rowCount: number,
  share: number,
  permutation: (n: number) => Int32Array,
): { train: Int32Array; holdout: Int32Array } {
  const n = Math.max(0, Math.min(rowCount - 1, Math.round(rowCount * Math.max(0, share))));
  if (n <= 0) {
    const all = new Int32Array(rowCount);
    all.forEach((_, i) => (all[i] = i));
    return { train: all, holdout: new Int32Array(0) };
  }
  const order = permutation(rowCount);
  const holdout = order.slice(0, n).sort();
  const train = order.slice(n).sort();
  return { train, holdout };
}
