/**
 * A CART tree (Breiman, Friedman, Olshen and Stone, 1984) grown by binary recursive partitioning:
 * Gini impurity for a discrete target, squared error (variance) for a numeric one. Plain
 * TypeScript, no tfjs. Numeric predictors are cut into at most `maxBins` ascending bins once
 * (one bin per distinct value when there are few), so a node's best split is one pass over its
 * rows and one sweep per predictor. Discrete predictors are split on their levels ordered by the
 * node's target mean or class share (Breiman's ordering, exact for two classes and for numeric
 * targets; for more classes the orderings of the three most frequent classes are tried).
 * Missing numeric values travel together, to whichever side splits best; a missing discrete
 * value is just another level. The leaves keep their training rows, so a caller can draw a donor.
 */
import type { ModelColumn } from '../../data/model-table';
import {
  Grower,
  type CartTree,
  type SplitColumn,
  type TreeOptions,
  type TreeTarget,
} from './cart-grower';

export type { CartTree, SplitColumn, TreeOptions, TreeTarget } from './cart-grower';

/** Cuts a model column into split bins; `maxBins` bounds a numeric column's bins. */
export function prepareSplitColumn(column: ModelColumn, maxBins: number): SplitColumn {
  if (column.type === 'discrete') {
    const none = new Float64Array(0);
    return {
      kind: 'discrete',
      codes: column.codes,
      bins: column.levels.length,
      low: none,
      high: none,
    };
  }
  const sorted = column.values.filter((v) => !Number.isNaN(v)).sort();
  const n = sorted.length;
  let distinct = 0;
  for (let i = 0; i < n; i += 1) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct += 1;
  const low: number[] = [];
  const high: number[] = [];
  for (let i = 0; i < n;) {
    // Few distinct values: one bin each; else close a bin at each quantile, never inside a run.
    let j =
      distinct <= maxBins ? i + 1 : Math.max(i + 1, Math.ceil(((low.length + 1) * n) / maxBins));
    j = Math.min(j, n);
    while (j < n && sorted[j] === sorted[j - 1]) j += 1;
    low.push(sorted[i] as number);
    high.push(sorted[j - 1] as number);
    i = j;
  }
  const codes = new Int32Array(column.values.length);
  column.values.forEach((v, r) => {
    codes[r] = Number.isNaN(v) ? high.length : firstAtLeast(high, v);
  });
  return {
    kind: 'numeric',
    codes,
    bins: high.length,
    low: Float64Array.from(low),
    high: Float64Array.from(high),
  };
}

function firstAtLeast(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Grows a tree on the training rows `rows` (indices into the columns) until no split leaves
 * `minLeaf` rows on both sides or gains `complexity` of the root's impurity.
 *
 * @param predictors the columns the tree may split on; none gives a single leaf.
 */
export function fitTree(
  predictors: readonly SplitColumn[],
  target: TreeTarget,
  rows: Int32Array,
  options: TreeOptions,
): CartTree {
  return new Grower(predictors, target, rows, options).grow();
}

/** The leaf a row reaches; `value(f)` is the row's value of predictor `f` (a code if discrete). */
export function leafOf(tree: CartTree, value: (predictor: number) => number): number {
  let node = 0;
  for (;;) {
    const f = tree.feature[node] as number;
    if (f < 0) return node;
    const x = value(f);
    const mask = tree.maskStart[node] as number;
    const goLeft =
      mask >= 0
        ? tree.masks[mask + x] === 1
        : Number.isNaN(x)
          ? tree.missingLeft[node] === 1
          : x <= (tree.threshold[node] as number);
    node = (goLeft ? tree.left[node] : tree.right[node]) as number;
  }
}

/** The number of leaves. */
export function leafCount(tree: CartTree): number {
  return tree.feature.filter((f) => f < 0).length;
}
