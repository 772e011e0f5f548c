/**
 * Detection, a classifier two-sample test: a gradient-boosting classifier tries to tell real rows
 * from synthetic ones, and its ROC AUC on rows it did not train on says how well it can (0.5: not
 * at all, the ideal; 1: always). Follows the judge (../shared/judge/score.py, `detection`): equal
 * seeded samples of at most 10,000 rows from each table, the judge's two-sample encoding (fitted
 * on both samples together; no labels involved), 3-fold stratified cross-validation, AUC averaged
 * over the folds.
 */
import type { ModelTable } from '../data/model-table';
import { Rng } from '../rng';
import {
  buildDesign,
  DETECTION_FEATURES,
  fitFeatures,
  takeRows,
  type TableRows,
} from './ml/features';
import { fitGradientBoostingClassifier, predictProbabilities } from './ml/gradient-boosting';
import { rocAuc } from './ml/metrics';

export interface DetectionReport {
  /** Mean held-out ROC AUC over the folds; 0.5 is ideal. */
  auc: number;
  model: 'gradient_boosting';
  /** Rows sampled from each table. */
  rowsEach: number;
  /** Held-out ROC AUC of each fold. */
  foldAucs: number[];
}

export interface DetectionInput {
  real: ModelTable;
  synth: ModelTable;
  seed: number;
  /** Most rows sampled from each table (the judge's 10,000 by default). */
  maxRows?: number;
}

const FOLDS = 3;
/** The judge's default sample size per table. */
export const DETECTION_MAX_ROWS = 10_000;

function sample(n: number, m: number, rng: Rng): Int32Array {
  return rng.permutation(n).subarray(0, m).sort();
}

/** Fold of each row: each class dealt round-robin over the folds in a shuffled order. */
function stratifiedFolds(labels: Uint8Array, rng: Rng): Int32Array {
  const fold = new Int32Array(labels.length);
  for (const label of [0, 1]) {
    const members: number[] = [];
    labels.forEach((l, i) => l === label && members.push(i));
    const order = rng.permutation(members.length);
    order.forEach((o, j) => (fold[members[o] as number] = j % FOLDS));
  }
  return fold;
}

/**
 * Trains the detector on real (label 0) and synthetic (label 1) rows and reports its AUC.
 * Both tables must share one codec. Throws when either table has fewer than 6 rows.
 */
export function detectionReport(input: DetectionInput): DetectionReport {
  const { real, synth } = input;
  const m = Math.min(real.rows, synth.rows, input.maxRows ?? DETECTION_MAX_ROWS);
  if (m < 2 * FOLDS)
    throw new Error(
      `Detection needs at least ${2 * FOLDS} real and ${2 * FOLDS} synthetic rows (there are ${real.rows} and ${synth.rows}).`,
    );
  const rng = new Rng(input.seed);
  const inSynth = new Map(synth.columns.map((c) => [c.name, c.type]));
  const columns = real.columns.filter((c) => inSynth.get(c.name) === c.type).map((c) => c.name);
  const parts: TableRows[] = [
    { table: real, rows: sample(real.rows, m, rng.fork()) },
    { table: synth, rows: sample(synth.rows, m, rng.fork()) },
  ];
  const design = buildDesign(fitFeatures(parts, columns, DETECTION_FEATURES), parts);
  const labels = new Uint8Array(2 * m).fill(1, m);
  const fold = stratifiedFolds(labels, rng.fork());
  const foldAucs: number[] = [];
  for (let k = 0; k < FOLDS; k += 1) {
    const train: number[] = [];
    const test: number[] = [];
    fold.forEach((f, i) => (f === k ? test : train).push(i));
    const trainRows = Int32Array.from(train);
    const testRows = Int32Array.from(test);
    const y = Int32Array.from(trainRows, (i) => labels[i] as number);
    const model = fitGradientBoostingClassifier(takeRows(design, trainRows), y, 2, rng.fork());
    const p = predictProbabilities(model, takeRows(design, testRows))[1] as Float64Array;
    foldAucs.push(
      rocAuc(
        Uint8Array.from(testRows, (i) => labels[i] as number),
        p,
      ),
    );
  }
  return {
    auc: foldAucs.reduce((s, a) => s + a, 0) / FOLDS,
    model: 'gradient_boosting',
    rowsEach: m,
    foldAucs,
  };
}
