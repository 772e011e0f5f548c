/**
 * One regression tree of the histogram gradient boosting, grown best-first (the leaf whose split
 * gains most is split next, up to a leaf budget) on per-bin sums of gradients and hessians.
 * A child's histogram is the parent's minus its sibling's, so only the smaller child is counted.
 *
 * Split gain (second-order, L2 penalty lambda):
 *   G_L^2 / (H_L + lambda) + G_R^2 / (H_R + lambda) - G^2 / (H + lambda);
 * leaf value: -learningRate * G / (H + lambda).
 */
import type { BinnedData } from './binning';

export interface TreeOptions {
  /** Most leaves per tree. */
  maxLeafNodes: number;
  /** Deepest split level (root = 0); Infinity for no limit. */
  maxDepth: number;
  /** Fewest rows a leaf may hold. */
  minSamplesLeaf: number;
  /** L2 penalty on leaf values. */
  l2: number;
  /** Shrinkage applied to every leaf value. */
  learningRate: number;
}

/** A fitted tree as flat arrays; node 0 is the root, `feature` -1 marks a leaf. */
export interface Tree {
  feature: Int32Array;
  /** Ordered split: left when bin <= `bin`. One-hot split: left when bin === `bin`. */
  bin: Int32Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

const MIN_HESSIAN = 1e-3;

interface Split {
  gain: number;
  feature: number;
  bin: number;
  g: number;
  h: number;
  count: number;
}

interface GrowNode {
  id: number;
  start: number;
  end: number;
  g: number;
  h: number;
  depth: number;
  hist: Float64Array | null;
  split: Split | null;
}

/** Offsets of each feature's [g, h, count] triples in one flat histogram. */
function histogramOffsets(data: BinnedData): { offsets: Int32Array; size: number } {
  const offsets = new Int32Array(data.bins.length);
  let size = 0;
  data.width.forEach((w, f) => {
    offsets[f] = size;
    size += 3 * w;
  });
  return { offsets, size };
}

class Grower {
  private readonly offsets: Int32Array;
  private readonly size: number;
  private readonly rows: Int32Array;
  private readonly scratch: Int32Array;
  private readonly nodes = {
    feature: [] as number[],
    bin: [] as number[],
    left: [] as number[],
    right: [] as number[],
    value: [] as number[],
  };

  constructor(
    private readonly data: BinnedData,
    private readonly grad: Float64Array,
    private readonly hess: Float64Array,
    private readonly options: TreeOptions,
  ) {
    ({ offsets: this.offsets, size: this.size } = histogramOffsets(data));
    this.rows = new Int32Array(data.rows);
    for (let i = 0; i < data.rows; i += 1) this.rows[i] = i;
    this.scratch = new Int32Array(data.rows);
  }

  private newNode(start: number, end: number, g: number, h: number, depth: number): GrowNode {
    const id = this.nodes.feature.length;
    this.nodes.feature.push(-1);
    this.nodes.bin.push(0);
    this.nodes.left.push(-1);
    this.nodes.right.push(-1);
    this.nodes.value.push(-this.options.learningRate * (g / (h + this.options.l2 + 1e-15)));
    return { id, start, end, g, h, depth, hist: null, split: null };
  }

  private histogram(node: GrowNode): Float64Array {
    const hist = new Float64Array(this.size);
    const { rows, grad, hess } = this;
    for (let f = 0; f < this.data.bins.length; f += 1) {
      const bins = this.data.bins[f] as Uint8Array;
      const off = this.offsets[f] as number;
      for (let i = node.start; i < node.end; i += 1) {
        const r = rows[i] as number;
        const k = off + 3 * (bins[r] as number);
        hist[k] = (hist[k] as number) + (grad[r] as number);
        hist[k + 1] = (hist[k + 1] as number) + (hess[r] as number);
        hist[k + 2] = (hist[k + 2] as number) + 1;
      }
    }
    return hist;
  }

  private canSplit(node: GrowNode): boolean {
    const { minSamplesLeaf, maxDepth } = this.options;
    return (
      node.depth < maxDepth && node.end - node.start >= 2 * minSamplesLeaf && node.h >= MIN_HESSIAN
    );
  }

  private findSplit(node: GrowNode, hist: Float64Array): Split | null {
    const { minSamplesLeaf, l2 } = this.options;
    const count = node.end - node.start;
    const parentScore = (node.g * node.g) / (node.h + l2);
    let best: Split | null = null;
    const consider = (feature: number, bin: number, g: number, h: number, c: number) => {
      const gr = node.g - g;
      const hr = node.h - h;
      if (c < minSamplesLeaf || count - c < minSamplesLeaf) return;
      if (h < MIN_HESSIAN || hr < MIN_HESSIAN) return;
      const gain = (g * g) / (h + l2) + (gr * gr) / (hr + l2) - parentScore;
      if (gain > 0 && (!best || gain > best.gain)) best = { gain, feature, bin, g, h, count: c };
    };
    for (let f = 0; f < this.data.bins.length; f += 1) {
      const off = this.offsets[f] as number;
      const width = this.data.width[f] as number;
      if (this.data.oneHot[f]) {
        for (let b = 0; b < width - 1; b += 1) {
          const k = off + 3 * b;
          consider(f, b, hist[k] as number, hist[k + 1] as number, hist[k + 2] as number);
        }
      } else {
        let g = 0;
        let h = 0;
        let c = 0;
        // the last bin holds missing values and stays right; the last value bin too
        for (let b = 0; b < width - 2; b += 1) {
          const k = off + 3 * b;
          g += hist[k] as number;
          h += hist[k + 1] as number;
          c += hist[k + 2] as number;
          consider(f, b, g, h, c);
        }
      }
    }
    return best;
  }

  /** Reorders the node's rows so the left child's come first; returns the boundary. */
  private partition(node: GrowNode, split: Split): number {
    const bins = this.data.bins[split.feature] as Uint8Array;
    const oneHot = this.data.oneHot[split.feature] as boolean;
    let l = node.start;
    let r = 0;
    for (let i = node.start; i < node.end; i += 1) {
      const row = this.rows[i] as number;
      const b = bins[row] as number;
      if (oneHot ? b === split.bin : b <= split.bin) this.rows[l++] = row;
      else this.scratch[r++] = row;
    }
    this.rows.set(this.scratch.subarray(0, r), l);
    return l;
  }

  private prepare(node: GrowNode, hist: Float64Array | null): void {
    node.hist = hist;
    node.split = hist ? this.findSplit(node, hist) : null;
  }

  private splitNode(node: GrowNode): [GrowNode, GrowNode] {
    const split = node.split as Split;
    const mid = this.partition(node, split);
    const left = this.newNode(node.start, mid, split.g, split.h, node.depth + 1);
    const right = this.newNode(mid, node.end, node.g - split.g, node.h - split.h, node.depth + 1);
    this.nodes.feature[node.id] = split.feature;
    this.nodes.bin[node.id] = split.bin;
    this.nodes.left[node.id] = left.id;
    this.nodes.right[node.id] = right.id;
    const wantLeft = this.canSplit(left);
    const wantRight = this.canSplit(right);
    if (wantLeft || wantRight) {
      const parent = node.hist as Float64Array;
      const leftSmaller = mid - node.start <= node.end - mid;
      const small = this.histogram(leftSmaller ? left : right);
      const large = parent; // reuse the parent's buffer: parent - small
      for (let k = 0; k < large.length; k += 1)
        large[k] = (large[k] as number) - (small[k] as number);
      const [lh, rh] = leftSmaller ? [small, large] : [large, small];
      this.prepare(left, wantLeft ? lh : null);
      this.prepare(right, wantRight ? rh : null);
    }
    node.hist = null;
    node.split = null;
    return [left, right];
  }

  grow(scores: Float64Array): Tree {
    let g = 0;
    let h = 0;
    for (let i = 0; i < this.data.rows; i += 1) {
      g += this.grad[i] as number;
      h += this.hess[i] as number;
    }
    const root = this.newNode(0, this.data.rows, g, h, 0);
    if (this.canSplit(root)) this.prepare(root, this.histogram(root));
    const open: GrowNode[] = root.split ? [root] : [];
    const leaves: GrowNode[] = [root];
    while (open.length > 0 && leaves.length < this.options.maxLeafNodes) {
      let at = 0;
      open.forEach((n, i) => {
        if ((n.split as Split).gain > ((open[at] as GrowNode).split as Split).gain) at = i;
      });
      const node = open.splice(at, 1)[0] as GrowNode;
      leaves.splice(leaves.indexOf(node), 1);
      for (const child of this.splitNode(node)) {
        leaves.push(child);
        if (child.split) open.push(child);
      }
    }
    for (const leaf of leaves) {
      const v = this.nodes.value[leaf.id] as number;
      for (let i = leaf.start; i < leaf.end; i += 1) {
        const r = this.rows[i] as number;
        scores[r] = (scores[r] as number) + v;
      }
    }
    const n = this.nodes;
    return {
      feature: Int32Array.from(n.feature),
      bin: Int32Array.from(n.bin),
      left: Int32Array.from(n.left),
      right: Int32Array.from(n.right),
      value: Float64Array.from(n.value),
    };
  }
}

/**
 * Grows one tree on the gradients and hessians of the rows of `data`, and adds each row's leaf
 * value to `scores` (the training predictions, updated in place).
 *
 * @param grad, hess one value per row of `data`
 */
export function growTree(
  data: BinnedData,
  grad: Float64Array,
  hess: Float64Array,
  scores: Float64Array,
  options: TreeOptions,
): Tree {
  return new Grower(data, grad, hess, options).grow(scores);
}

/** Adds the tree's prediction for every row of `data` to `scores`. */
export function addTreePrediction(tree: Tree, data: BinnedData, scores: Float64Array): void {
  const { feature, bin, left, right, value } = tree;
  for (let r = 0; r < data.rows; r += 1) {
    let node = 0;
    for (;;) {
      const f = feature[node] as number;
      if (f < 0) break;
      const b = (data.bins[f] as Uint8Array)[r] as number;
      const t = bin[node] as number;
      const goLeft = data.oneHot[f] ? b === t : b <= t;
      node = (goLeft ? left[node] : right[node]) as number;
    }
    scores[r] = (scores[r] as number) + (value[node] as number);
  }
}
