/**
 * Nearest synthetic rows of target rows over a subset of the columns, exact, by a scan with
 * early abandoning: a candidate is dropped as soon as its running distance reaches the k-th best
 * so far. The distance is the Gower-style one of dcr.ts (numeric: |a - b| on the scaled values,
 * capped at 1; categorical: 0 when equal, 1 otherwise; missing against missing 0, against a
 * value 1), summed over the columns. The synthetic rows are scanned in a seeded random order,
 * so ties go to a random row instead of always the first.
 */
import type { Rng } from '../../rng';
import type { AttackColumn, AttackRows } from './attack-table';

/** Synthetic rows laid out row-major over the chosen columns, most discriminating first. */
export interface NeighbourIndex {
  /** Column indices (into the attack space) in scan order. */
  columns: number[];
  numeric: Uint8Array;
  /** `[rows * columns.length]`, row-major, in scan order. */
  data: Float64Array;
  rows: number;
  /** Synthetic row of each scan position. */
  order: Int32Array;
}

/** Builds the index of `synth` over `columns` (indices into `space`). */
export function neighbourIndex(
  space: readonly AttackColumn[],
  synth: AttackRows,
  columns: readonly number[],
  rng: Rng,
): NeighbourIndex {
  // categorical columns with the least agreement first: mismatches there abandon a row early
  const ordered = [...columns].sort((a, b) => {
    const ca = space[a] as AttackColumn;
    const cb = space[b] as AttackColumn;
    if (ca.numeric !== cb.numeric) return ca.numeric ? 1 : -1;
    return ca.purity - cb.purity;
  });
  const width = ordered.length;
  const order = rng.permutation(synth.rows);
  const data = new Float64Array(synth.rows * width);
  ordered.forEach((c, j) => {
    const values = synth.values[c] as Float64Array;
    for (let p = 0; p < synth.rows; p += 1)
      data[p * width + j] = values[order[p] as number] as number;
  });
  const numeric = Uint8Array.from(ordered, (c) => ((space[c] as AttackColumn).numeric ? 1 : 0));
  return { columns: ordered, numeric, data, rows: synth.rows, order };
}

/**
 * The `k` nearest synthetic rows of each target row.
 *
 * @param targets rows of `table` to look up.
 * @returns synthetic row numbers `[targets.length * k]`, nearest first.
 */
export function nearestRows(
  index: NeighbourIndex,
  table: AttackRows,
  targets: Int32Array,
  k: number,
  onProgress?: (share: number) => void,
): Int32Array {
  const width = index.columns.length;
  const { data, numeric } = index;
  const kk = Math.max(1, Math.min(k, index.rows));
  const out = new Int32Array(targets.length * k).fill(-1);
  const query = new Float64Array(width);
  const bestD = new Float64Array(kk);
  const bestP = new Int32Array(kk);
  for (let t = 0; t < targets.length; t += 1) {
    const row = targets[t] as number;
    index.columns.forEach((c, j) => (query[j] = (table.values[c] as Float64Array)[row] as number));
    bestD.fill(Infinity);
    bestP.fill(-1);
    for (let p = 0; p < index.rows; p += 1) {
      const limit = bestD[kk - 1] as number;
      let d = 0;
      const base = p * width;
      for (let j = 0; j < width; j += 1) {
        const a = query[j] as number;
        const b = data[base + j] as number;
        if (numeric[j] === 1) {
          const diff = a > b ? a - b : b - a;
          d += diff === diff ? (diff < 1 ? diff : 1) : a !== a && b !== b ? 0 : 1;
        } else if (a !== b) d += 1;
        if (d >= limit) break;
      }
      if (d >= limit) continue;
      let at = kk - 1;
      while (at > 0 && (bestD[at - 1] as number) > d) {
        bestD[at] = bestD[at - 1] as number;
        bestP[at] = bestP[at - 1] as number;
        at -= 1;
      }
      bestD[at] = d;
      bestP[at] = p;
      // nothing beats k exact matches; the scan order is random, so these are random ones
      if ((bestD[kk - 1] as number) === 0) break;
    }
    for (let i = 0; i < kk; i += 1) {
      const p = bestP[i] as number;
      out[t * k + i] = p < 0 ? -1 : (index.order[p] as number);
    }
    if (onProgress && t % 128 === 127) onProgress((t + 1) / targets.length);
  }
  onProgress?.(1);
  return out;
}
