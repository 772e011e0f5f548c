/**
 * Scores of a fitted model on test rows, with scikit-learn's definitions (the judge's yardstick):
 * accuracy, macro F1, R^2 and ROC AUC. Plain arrays in, one number out.
 */

function sameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length)
    throw new Error(`${what}: ${a.length} true values but ${b.length} predictions.`);
  if (a.length === 0) throw new Error(`${what}: there are no rows to score.`);
}

/** Share of rows whose predicted class equals the true class. */
export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  sameLength(truth, predicted, 'Accuracy');
  let hits = 0;
  for (let i = 0; i < truth.length; i += 1) if (truth[i] === predicted[i]) hits += 1;
  return hits / truth.length;
}

/**
 * Unweighted mean of the per-class F1 over every class that occurs in `truth` or in `predicted`
 * (scikit-learn's `f1_score(average='macro')`); a class never predicted, or never true, has F1 0.
 */
export function macroF1(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  sameLength(truth, predicted, 'Macro F1');
  const tp = new Map<number, number>();
  const trueCount = new Map<number, number>();
  const predCount = new Map<number, number>();
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  for (let i = 0; i < truth.length; i += 1) {
    const t = truth[i] as number;
    const p = predicted[i] as number;
    bump(trueCount, t);
    bump(predCount, p);
    if (t === p) bump(tp, t);
  }
  const classes = new Set([...trueCount.keys(), ...predCount.keys()]);
  let sum = 0;
  for (const c of classes) {
    const hits = tp.get(c) ?? 0;
    // F1 = 2 tp / (2 tp + fp + fn) = 2 tp / (true count + predicted count)
    const denominator = (trueCount.get(c) ?? 0) + (predCount.get(c) ?? 0);
    sum += denominator === 0 ? 0 : (2 * hits) / denominator;
  }
  return sum / classes.size;
}

/**
 * Coefficient of determination, 1 - SS_res / SS_tot. A constant truth gives 1 for a perfect
 * prediction and 0 otherwise (scikit-learn's convention).
 */
export function r2Score(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  sameLength(truth, predicted, 'R^2');
  let mean = 0;
  for (let i = 0; i < truth.length; i += 1) mean += truth[i] as number;
  mean /= truth.length;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i += 1) {
    const t = truth[i] as number;
    residual += (t - (predicted[i] as number)) ** 2;
    total += (t - mean) ** 2;
  }
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

/**
 * Area under the ROC curve of `scores` for the positive rows (`labels[i]` = 1) against the
 * negative ones (0): the probability that a random positive outscores a random negative, ties
 * counting one half (Mann-Whitney U with mid-ranks). Needs both classes.
 */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  sameLength(labels, scores, 'ROC AUC');
  const n = labels.length;
  for (let i = 0; i < n; i += 1) {
    if (Number.isNaN(scores[i] as number)) throw new Error('ROC AUC: a score is not a number.');
    if (labels[i] !== 0 && labels[i] !== 1) throw new Error('ROC AUC: labels must be 0 or 1.');
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let positives = 0;
  let positiveRankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    const s = scores[order[i] as number] as number;
    while (j < n && scores[order[j] as number] === s) j += 1;
    const midRank = (i + 1 + j) / 2; // ranks i+1 .. j share their mean
    for (let k = i; k < j; k += 1) {
      if (labels[order[k] as number] === 1) {
        positives += 1;
        positiveRankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0)
    throw new Error('ROC AUC needs rows of both classes (real and synthetic).');
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
