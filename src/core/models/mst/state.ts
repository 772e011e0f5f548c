/**
 * MST's saved state: plain JSON, every number in it a differentially private output (noisy
 * counts after post-processing) or a public fact. Never a training row, never a value read from
 * the data without noise.
 */

/** A numeric column: fine cells between its (public or DP) bounds, grouped into bins. */
export interface MstNumericColumn {
  type: 'numeric';
  name: string;
  integer: boolean;
  /** The value range every synthetic value stays in. */
  low: number;
  high: number;
  /** Fine cell edges, ascending: cell i is [edges[i], edges[i + 1]). The missing cell is last. */
  edges: number[];
  /** Noisy row count per fine cell (clipped at 0), the missing cell last. */
  fine: number[];
  /** Per fine cell (missing last), the bin it belongs to in the 2-way marginals. */
  bin: number[];
  bins: number;
}

/** A discrete column: public or surviving levels, "other" and missing; one bin per level. */
export interface MstDiscreteColumn {
  type: 'discrete';
  name: string;
  /** Levels; `OTHER_LEVEL` stands for every level not public and not surviving the threshold. */
  levels: (string | null)[];
  /** Noisy row count per level (clipped at 0). */
  fine: number[];
  bin: number[];
  bins: number;
}

export type MstColumn = MstNumericColumn | MstDiscreteColumn;

export interface MstState {
  version: 1;
  columns: MstColumn[];
  /** The estimated row count (noisy). */
  rows: number;
  /** Columns in sampling order: each one's parent comes before it (-1 for the root). */
  order: number[];
  parent: number[];
  /** Per column: the root's bin shares, or P(bin | parent's bin) as rows of a flat table. */
  tables: number[][];
  /** The spanning tree's edges as column index pairs, in the order they were chosen. */
  edges: [number, number][];
}
