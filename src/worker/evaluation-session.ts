/**
 * Scores generated rows the way the exported file would be scored: the synthetic strings are
 * read back under the table's schema and compared, through one evaluation codec, with the
 * training rows and the holdout rows (core/eval). Runs in the engine worker.
 */
import { holdoutSplit, rawFromRows, rawSubset } from '../core/data/raw-table-ops';
import { evalTables } from '../core/eval/eval-tables';
import { evaluate, type EvaluationReport } from '../core/eval/evaluate';
import {
  AttackInputError,
  runPrivacyAttacks,
  type AttackSettings,
  type PrivacyAttacksReport,
} from '../core/eval/attacks/privacy-attacks';
import type { RawTable, Schema } from '../core/types';
import { Rng } from '../core/rng';

/** Synthetic rows the distance checks use at most (the 20,000 by 20,000 case). */
export const EVAL_DCR_ROWS = 20_000;
/** Generated rows kept for evaluation (the first ones of a generation). */
export const EVAL_ROWS = 20_000;

export interface EvaluationInput {
  raw: RawTable;
  schema: Schema;
  trainRows: Int32Array;
  holdoutRows: Int32Array | null;
  names: string[];
  rows: string[][];
  target: string | null;
  seed: number;
  settings: Record<string, unknown>;
  onProgress?: (stage: string, share: number) => void;
}

export function evaluateGenerated(input: EvaluationInput): EvaluationReport {
  const real = rawSubset(input.raw, input.trainRows);
  const holdout =
    input.holdoutRows && input.holdoutRows.length > 0
      ? rawSubset(input.raw, input.holdoutRows)
      : null;
  const synth = rawFromRows(input.names, input.rows);
  const tables = evalTables({ real, synth, holdout, schema: input.schema });
  const report = evaluate({
    train: tables.train,
    synth: tables.synth,
    holdout: tables.holdout,
    target: input.target,
    seed: input.seed,
    maxDcrRows: EVAL_DCR_ROWS,
    settings: input.settings,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  return { ...report, notes: [...tables.warnings, ...(report.notes ?? [])] };
}

/**
 * The privacy attacks on generated rows, against the run's training rows with its holdout as
 * the control; bad settings (no holdout, an unknown column, too many attacks) come back as
 * `error`, in the user's words.
 */
export function attackGenerated(
  input: Omit<EvaluationInput, 'settings' | 'onProgress'> & {
    attacks: AttackSettings;
    onProgress?: (share: number) => void;
  },
): { report: PrivacyAttacksReport | null; error: string | null } {
  const real = rawSubset(input.raw, input.trainRows);
  const holdout =
    input.holdoutRows && input.holdoutRows.length > 0
      ? rawSubset(input.raw, input.holdoutRows)
      : null;
  const tables = evalTables({
    real,
    synth: rawFromRows(input.names, input.rows),
    holdout,
    schema: input.schema,
  });
  try {
    const report = runPrivacyAttacks({
      train: tables.train,
      holdout: tables.holdout,
      synth: tables.synth,
      settings: input.attacks,
      seed: input.seed,
      target: input.target,
      ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    });
    return { report, error: null };
  } catch (e) {
    if (e instanceof AttackInputError) return { report: null, error: e.message };
    throw e;
  }
}

/** The training / holdout split of a run: seeded by the run's seed, `share` of rows held out. */
export function splitForRun(rowCount: number, share: number, seed: number, maxTrain?: number) {
  const split = holdoutSplit(rowCount, share, (n) => new Rng(seed ^ 0x401d0).permutation(n));
  if (maxTrain === undefined || split.train.length <= maxTrain) return split;
  // a seeded subset of the training rows, in table order
  const order = new Rng(seed ^ 0x7a11).permutation(split.train.length).subarray(0, maxTrain);
  const train = Int32Array.from(order, (i) => split.train[i] as number).sort();
  return { ...split, train };
}
