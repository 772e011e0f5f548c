/**
 * Grows a CART tree: the split search behind `fitTree` in cart-tree.ts. A node's best
 * split is, per predictor, one pass over its rows and one sweep: per-bin (or per-level) totals
 * for discrete predictors and for numeric ones with few classes, a counting sort by bin and a
 * row-by-row sweep for numeric predictors of a target with many classes. A split's worth is
 * `scoreLeft + scoreRight - scoreNode`, with score Σ count² / n (Gini) or sum² / n (variance).
 */

import type { CartTree, Split, SplitColumn, Sweep, TreeOptions, TreeTarget } from './tree-types';

export type { CartTree, SplitColumn, TreeOptions, TreeTarget } from './tree-types';

export class Grower {
  private readonly n: number;
  private readonly classes: number;
  private readonly idx: Int32Array;
  private readonly sorted: Int32Array;
  private readonly binCounts: Int32Array;
  /** Class target: counts of the node (total) and of the left side. */
  private readonly total: Float64Array;
  private readonly leftCounts: Float64Array;
  /** Discrete predictors: per-level class counts (or count and sum). */
  private readonly levelStats: Float64Array;
  private readonly levelRows: Float64Array;
  private readonly keyOf: Float64Array;
  private readonly nodes = {
    feature: [] as number[],
    threshold: [] as number[],
    missingLeft: [] as number[],
    maskStart: [] as number[],
    masks: [] as number[],
    left: [] as number[],
    right: [] as number[],
    start: [] as number[],
    size: [] as number[],
  };
  private minGain = 0;

  constructor(
    private readonly predictors: readonly SplitColumn[],
    private readonly target: TreeTarget,
    rows: Int32Array,
    private readonly options: TreeOptions,
  ) {
    this.n = rows.length;
    this.classes = target.kind === 'class' ? target.classes : 1;
    this.idx = Int32Array.from(rows);
    this.sorted = new Int32Array(rows.length);
    const maxBins = Math.max(1, ...predictors.map((p) => p.bins + 1));
    this.binCounts = new Int32Array(maxBins + 1);
    this.total = new Float64Array(this.classes);
    this.leftCounts = new Float64Array(this.classes);
    this.levelStats = new Float64Array(maxBins * Math.max(2, this.classes));
    this.levelRows = new Float64Array(maxBins);
    this.keyOf = new Float64Array(maxBins);
  }

  grow(): CartTree {
    this.addNode(0, this.n);
    const root = this.nodeTotals(0, this.n);
    this.minGain = Math.max(1e-12, this.options.complexity * root.risk);
    const stack: [number, number, number, number][] = [[0, 0, this.n, 0]];
    while (stack.length > 0) {
      const [node, start, end, depth] = stack.pop() as [number, number, number, number];
      if (end - start < 2 * this.options.minLeaf || depth >= this.options.maxDepth) continue;
      const totals = this.nodeTotals(start, end);
      if (totals.risk <= this.minGain) continue;
      const split = this.bestSplit(start, end, totals.score);
      if (!split) continue;
      // n·Δrisk/risk averages 1 for a split on noise (a chi-square or F statistic); a split
      // below the evidence bar carves a leaf around a few training rows, not a real relation.
      if (((end - start) * (split.gain - totals.score)) / totals.risk < this.options.evidence)
        continue;
      const mid = this.applySplit(node, split, start, end);
      const left = this.addNode(start, mid - start);
      const right = this.addNode(mid, end - mid);
      this.nodes.left[node] = left;
      this.nodes.right[node] = right;
      stack.push([right, mid, end, depth + 1], [left, start, mid, depth + 1]);
    }
    const t = this.nodes;
    return {
      feature: Int32Array.from(t.feature),
      threshold: Float64Array.from(t.threshold),
      missingLeft: Uint8Array.from(t.missingLeft),
      maskStart: Int32Array.from(t.maskStart),
      masks: Uint8Array.from(t.masks),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      start: Int32Array.from(t.start),
      size: Int32Array.from(t.size),
      rows: this.idx,
    };
  }

  private addNode(start: number, size: number): number {
    const t = this.nodes;
    t.feature.push(-1);
    t.threshold.push(0);
    t.missingLeft.push(0);
    t.maskStart.push(-1);
    t.left.push(-1);
    t.right.push(-1);
    t.start.push(start);
    t.size.push(size);
    return t.feature.length - 1;
  }

  /**
   * The node's totals. `score` is Σ count² / n (classes) or sum² / n (values), so a split's
   * impurity decrease is `scoreLeft + scoreRight - score`; `risk` is n·Gini or the squared error.
   */
  private nodeTotals(start: number, end: number): { score: number; risk: number } {
    const n = end - start;
    if (this.target.kind === 'class') {
      const codes = this.target.codes;
      this.total.fill(0);
      for (let i = start; i < end; i += 1) {
        const c = codes[this.idx[i] as number] as number;
        this.total[c] = (this.total[c] as number) + 1;
      }
      let sq = 0;
      for (const c of this.total) sq += c * c;
      return { score: sq / n, risk: n - sq / n };
    }
    const values = this.target.values;
    let sum = 0;
    let sumSq = 0;
    for (let i = start; i < end; i += 1) {
      const y = values[this.idx[i] as number] as number;
      sum += y;
      sumSq += y * y;
    }
    this.total[0] = sum;
    return { score: (sum * sum) / n, risk: sumSq - (sum * sum) / n };
  }

  private bestSplit(start: number, end: number, nodeScore: number): Split | null {
    let best: Split | null = null;
    for (let f = 0; f < this.predictors.length; f += 1) {
      const p = this.predictors[f] as SplitColumn;
      // Per-bin totals cost bins × classes per node: worth it unless the classes are many.
      const split =
        p.kind === 'discrete'
          ? this.discreteSplit(f, p, start, end)
          : this.classes <= 8
            ? this.binnedSplit(f, p, start, end)
            : this.numericSplit(f, p, start, end);
      if (split && split.gain - nodeScore > (best ? best.gain - nodeScore : this.minGain))
        best = split;
    }
    return best;
  }

  /** Counting-sorts the node's rows by bin into `sorted[0..n)`; returns the missing count. */
  private sortByBin(p: SplitColumn, start: number, end: number): number {
    const counts = this.binCounts;
    counts.fill(0, 0, p.bins + 2);
    for (let i = start; i < end; i += 1) {
      const b = (p.codes[this.idx[i] as number] as number) + 1;
      counts[b] = (counts[b] as number) + 1;
    }
    for (let b = 1; b <= p.bins + 1; b += 1)
      counts[b] = (counts[b] as number) + (counts[b - 1] as number);
    for (let i = start; i < end; i += 1) {
      const row = this.idx[i] as number;
      const b = p.codes[row] as number;
      this.sorted[counts[b] as number] = row;
      counts[b] = (counts[b] as number) + 1;
    }
    return end - start - (counts[p.bins - 1] ?? 0);
  }

  private numericSplit(f: number, p: SplitColumn, start: number, end: number): Split | null {
    const n = end - start;
    const missing = this.sortByBin(p, start, end);
    const present = n - missing;
    const minLeaf = this.options.minLeaf;
    let best: Split | null = null;
    for (const missingLeft of missing > 0 ? [false, true] : [false]) {
      const side = this.sweep(n);
      if (missingLeft) for (let i = present; i < n; i += 1) side.add(this.sorted[i] as number);
      // The last cut (all present rows left, missing right) is "present or not".
      const last = missingLeft ? present - 1 : present;
      for (let i = 0; i < last; i += 1) {
        const row = this.sorted[i] as number;
        side.add(row);
        const bin = p.codes[row] as number;
        const nextBin =
          i + 1 < present ? (p.codes[this.sorted[i + 1] as number] as number) : p.bins;
        if (bin === nextBin || side.rows < minLeaf) continue;
        if (n - side.rows < minLeaf) break;
        const gain = side.score();
        if (!best || gain > best.gain) {
          best = {
            gain,
            feature: f,
            bin,
            nextBin,
            missingLeft,
            order: null,
            cut: 0,
            leftRows: side.rows,
          };
        }
      }
    }
    // With no missing rows here, a missing value met when sampling follows the larger side.
    if (best && missing === 0) best.missingLeft = best.leftRows * 2 >= n;
    return best;
  }

  /**
   * Counts the node's rows per code of `p` into `levelRows`, with their class counts (or value
   * sum) in `levelStats`; returns the codes seen. Call {@link clearLevels} with them after use.
   */
  private accumulate(p: SplitColumn, start: number, end: number): number[] {
    const stats = this.levelStats;
    const rowsOf = this.levelRows;
    const codes = p.codes;
    const present: number[] = [];
    if (this.target.kind === 'class') {
      const k = this.classes;
      const y = this.target.codes;
      for (let i = start; i < end; i += 1) {
        const row = this.idx[i] as number;
        const level = codes[row] as number;
        if (rowsOf[level] === 0) present.push(level);
        rowsOf[level] = (rowsOf[level] as number) + 1;
        const at = level * k + (y[row] as number);
        stats[at] = (stats[at] as number) + 1;
      }
    } else {
      const y = this.target.values;
      for (let i = start; i < end; i += 1) {
        const row = this.idx[i] as number;
        const level = codes[row] as number;
        if (rowsOf[level] === 0) present.push(level);
        rowsOf[level] = (rowsOf[level] as number) + 1;
        stats[level * 2] = (stats[level * 2] as number) + (y[row] as number);
      }
    }
    return present;
  }

  private clearLevels(present: readonly number[]): void {
    const k = this.target.kind === 'class' ? this.classes : 2;
    for (const level of present) {
      this.levelRows[level] = 0;
      this.levelStats.fill(0, level * k, level * k + k);
    }
  }

  /** Numeric split from per-bin totals: one pass over the rows, one sweep over the bins. */
  private binnedSplit(f: number, p: SplitColumn, start: number, end: number): Split | null {
    const n = end - start;
    const present = this.accumulate(p, start, end);
    const missing = this.levelRows[p.bins] as number;
    const bins = Int32Array.from(present.filter((b) => b !== p.bins)).sort();
    const minLeaf = this.options.minLeaf;
    let best: Split | null = null;
    for (const missingLeft of missing > 0 ? [false, true] : [false]) {
      const side = this.sweep(n);
      if (missingLeft) side.addLevel(p.bins);
      const last = missingLeft ? bins.length - 1 : bins.length;
      for (let i = 0; i < last; i += 1) {
        const bin = bins[i] as number;
        side.addLevel(bin);
        if (side.rows < minLeaf) continue;
        if (n - side.rows < minLeaf) break;
        const gain = side.score();
        if (!best || gain > best.gain) {
          const nextBin = i + 1 < bins.length ? (bins[i + 1] as number) : p.bins;
          best = {
            gain,
            feature: f,
            bin,
            nextBin,
            missingLeft,
            order: null,
            cut: 0,
            leftRows: side.rows,
          };
        }
      }
    }
    this.clearLevels(present);
    if (best && missing === 0) best.missingLeft = best.leftRows * 2 >= n;
    return best;
  }

  private discreteSplit(f: number, p: SplitColumn, start: number, end: number): Split | null {
    const present = this.accumulate(p, start, end);
    let best: Split | null = null;
    const keyOf = this.keyOf;
    for (const key of present.length < 2 ? [] : this.orderKeys()) {
      for (const level of present) keyOf[level] = key(level);
      const order = Int32Array.from(present).sort(
        (a, b) => (keyOf[a] as number) - (keyOf[b] as number),
      );
      const side = this.sweep(end - start);
      for (let cut = 1; cut < order.length; cut += 1) {
        side.addLevel(order[cut - 1] as number);
        if (side.rows < this.options.minLeaf) continue;
        if (end - start - side.rows < this.options.minLeaf) break;
        const gain = side.score();
        if (!best || gain > best.gain) {
          best = {
            gain,
            feature: f,
            bin: 0,
            nextBin: 0,
            missingLeft: false,
            order,
            cut,
            leftRows: side.rows,
          };
        }
      }
    }
    this.clearLevels(present);
    return best;
  }

  /** How to order a node's levels: by target mean, or by the share of each of the top classes. */
  private orderKeys(): ((level: number) => number)[] {
    const stats = this.levelStats;
    const rowsOf = this.levelRows;
    if (this.target.kind === 'value')
      return [(l) => (stats[l * 2] as number) / (rowsOf[l] as number)];
    const k = this.classes;
    const top = Array.from(this.total.keys())
      .sort((a, b) => (this.total[b] as number) - (this.total[a] as number))
      .slice(0, k <= 2 ? 1 : 3);
    return top.map((c) => (l) => (stats[l * k + c] as number) / (rowsOf[l] as number));
  }

  /** A left side that starts empty; the right side is the node (`nodeRows` rows) minus it. */
  private sweep(nodeRows: number): Sweep {
    return this.target.kind === 'class'
      ? this.classSweep(this.target.codes, nodeRows)
      : this.valueSweep(this.target.values, nodeRows);
  }

  private classSweep(codes: Int32Array, nodeRows: number): Sweep {
    const left = this.leftCounts;
    const total = this.total;
    const k = this.classes;
    const stats = this.levelStats;
    const rowsOf = this.levelRows;
    left.fill(0);
    let sqLeft = 0;
    let sqRight = 0;
    for (const c of total) sqRight += c * c;
    const side: Sweep = {
      rows: 0,
      add(row) {
        const c = codes[row] as number;
        const l = left[c] as number;
        sqLeft += 2 * l + 1;
        sqRight -= 2 * ((total[c] as number) - l) - 1;
        left[c] = l + 1;
        side.rows += 1;
      },
      addLevel(level) {
        for (let c = 0; c < k; c += 1) {
          const h = stats[level * k + c] as number;
          if (h === 0) continue;
          const l = left[c] as number;
          sqLeft += 2 * l * h + h * h;
          sqRight += h * h - 2 * ((total[c] as number) - l) * h;
          left[c] = l + h;
        }
        side.rows += rowsOf[level] as number;
      },
      score: () => sqLeft / side.rows + sqRight / (nodeRows - side.rows),
    };
    return side;
  }

  private valueSweep(values: Float64Array, nodeRows: number): Sweep {
    const sum = this.total[0] as number;
    const stats = this.levelStats;
    const rowsOf = this.levelRows;
    let sumLeft = 0;
    const side: Sweep = {
      rows: 0,
      add(row) {
        sumLeft += values[row] as number;
        side.rows += 1;
      },
      addLevel(level) {
        sumLeft += stats[level * 2] as number;
        side.rows += rowsOf[level] as number;
      },
      score: () => {
        const right = sum - sumLeft;
        return (sumLeft * sumLeft) / side.rows + (right * right) / (nodeRows - side.rows);
      },
    };
    return side;
  }

  /** Records the split on `node` and partitions `idx[start..end)`; returns the first right index. */
  private applySplit(node: number, split: Split, start: number, end: number): number {
    const p = this.predictors[split.feature] as SplitColumn;
    const t = this.nodes;
    t.feature[node] = split.feature;
    let goesLeft: (code: number) => boolean;
    if (split.order) {
      const mask = new Uint8Array(p.bins);
      for (let i = 0; i < split.cut; i += 1) mask[split.order[i] as number] = 1;
      // Levels the node never saw go with the larger side.
      const absentLeft = split.leftRows * 2 >= end - start ? 1 : 0;
      const seen = new Set(split.order);
      for (let l = 0; l < p.bins; l += 1) if (!seen.has(l)) mask[l] = absentLeft;
      t.maskStart[node] = t.masks.length;
      t.masks.push(...mask);
      goesLeft = (code) => mask[code] === 1;
    } else {
      t.threshold[node] =
        split.nextBin >= p.bins
          ? Infinity
          : ((p.high[split.bin] as number) + (p.low[split.nextBin] as number)) / 2;
      t.missingLeft[node] = split.missingLeft ? 1 : 0;
      goesLeft = (code) => (code === p.bins ? split.missingLeft : code <= split.bin);
    }
    let i = start;
    let j = end - 1;
    const idx = this.idx;
    while (i <= j) {
      if (goesLeft(p.codes[idx[i] as number] as number)) i += 1;
      else {
        const tmp = idx[i] as number;
        idx[i] = idx[j] as number;
        idx[j] = tmp;
        j -= 1;
      }
    }
    return i;
  }
}
