/** The shapes a CART tree is grown from and kept as (see cart-grower.ts). */

/** A predictor column prepared once for splitting. */
export interface SplitColumn {
  kind: 'numeric' | 'discrete';
  /** Per training row: ascending bin (numeric; `bins` marks missing) or level code (discrete). */
  codes: Int32Array;
  /** Numeric: the number of value bins. Discrete: the number of levels. */
  bins: number;
  /** Numeric: the smallest and largest training value in each bin (empty when discrete). */
  low: Float64Array;
  high: Float64Array;
}

/** What a tree predicts: class codes in `[0, classes)`, or numbers (no NaN). */
export type TreeTarget =
  { kind: 'class'; codes: Int32Array; classes: number } | { kind: 'value'; values: Float64Array };

export interface TreeOptions {
  /** Fewest training rows in a leaf (rpart's minbucket). */
  minLeaf: number;
  /** A split must cut the root's impurity by at least this share (rpart's cp). */
  complexity: number;
  /** Deepest node; a guard, not a tuning knob. */
  maxDepth: number;
  /**
   * Least evidence for a split: n · (impurity decrease) / (node impurity), which averages 1
   * for a split on noise (Pearson's chi-square for classes, the F statistic for values).
   */
  evidence: number;
}

/**
 * A fitted tree as flat arrays, one entry per node (node 0 is the root). A leaf has
 * `feature = -1`; its training rows are `rows[start .. start + size)`.
 */
export interface CartTree {
  feature: Int32Array;
  /** Numeric split: a value goes left when `value <= threshold`. */
  threshold: Float64Array;
  /** Numeric split: 1 when missing values go left. */
  missingLeft: Uint8Array;
  /** Discrete split: where its mask starts in `masks` (one byte per level, 1 = left); else -1. */
  maskStart: Int32Array;
  masks: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  start: Int32Array;
  size: Int32Array;
  rows: Int32Array;
}

/** A candidate split; `order`/`cut` describe a discrete one (levels order[0..cut) go left). */
export interface Split {
  gain: number;
  feature: number;
  bin: number;
  nextBin: number;
  missingLeft: boolean;
  order: Int32Array | null;
  cut: number;
  leftRows: number;
}

/** The left side of a sweep over a node; the right side is the node minus it. */
export interface Sweep {
  rows: number;
  add: (row: number) => void;
  addLevel: (level: number) => void;
  /** `scoreLeft + scoreRight`, as in the node totals. */
  score: () => number;
}
