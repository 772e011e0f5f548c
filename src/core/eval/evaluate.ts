/**
 * The combined evaluation report: quality, privacy, ML utility and detection of a synthetic
 * table, the one function the worker, the CLI and the HTML/JSON exports share, so the page and
 * `npm run score` give the same figures for the same tables and seed.
 */
import type { ModelTable } from '../data/model-table';
import type { DifferentialPrivacy } from '../privacy/budget';
import { Rng } from '../rng';
import {
  runPrivacyAttacks,
  type AttackSettings,
  type PrivacyAttacksReport,
} from './attacks/privacy-attacks';
import { detectionReport, type DetectionReport } from './detection';
import { takeRows } from './eval-tables';
import { privacyReport, sampleRows, type PrivacyReport } from './privacy';
import { qualityReport, type QualityReport } from './quality';
import { utilityReport, type UtilityReport } from './utility';

export type { AttackSettings, PrivacyAttacksReport } from './attacks/privacy-attacks';
export type { DetectionReport } from './detection';
export type { PrivacyReport } from './privacy';
export type { QualityReport } from './quality';
export type { UtilityReport } from './utility';

export interface EvaluationReport {
  quality: QualityReport;
  /** Null when privacy was not asked for. */
  privacy: PrivacyReport | null;
  /** Singling-out, linkability and inference attacks; null when not asked for or refused. */
  privacyAttacks?: PrivacyAttacksReport | null;
  /** Why the attacks asked for could not run, in the user's words. */
  privacyAttacksError?: string;
  /** The model's differential-privacy epsilon, when it was trained with one. */
  epsilon?: number | null;
  /** The model's privacy budget, part by part; null: no formal privacy guarantee. */
  differentialPrivacy?: DifferentialPrivacy | null;
  /** Null without a target column, or without holdout rows to test on. */
  utility: UtilityReport | null;
  /** Null when detection was not asked for. */
  detection: DetectionReport | null;
  /** Model and evaluation settings, recorded for the exports. */
  settings?: Record<string, unknown>;
  seed?: number;
  /** Things the user should know about the figures, in their words. */
  notes?: string[];
  /** Seconds each part took (quality, privacy, utility, detection). */
  seconds?: Record<string, number>;
}

export interface EvaluateInput {
  train: ModelTable;
  synth: ModelTable;
  holdout: ModelTable | null;
  target: string | null;
  seed: number;
  /** Synthetic rows sampled for the distance checks (privacy's `maxRows`). */
  maxDcrRows?: number;
  /** Leave out a part (each is on by default). */
  skip?: { privacy?: boolean; utility?: boolean; detection?: boolean };
  /** Run the privacy attacks with these settings (they need holdout rows); off when missing. */
  attacks?: AttackSettings | null;
  settings?: Record<string, unknown>;
  /** Stage name and the share (0-1) of the whole evaluation done. */
  onProgress?: (stage: string, share: number) => void;
}

/**
 * Runs one optional part; when it cannot be computed for these tables (say, a target with a
 * single class), the rest of the report still comes back, with the reason in the notes.
 */
function attempt<T>(part: string, notes: string[], run: () => T): T | null {
  try {
    return run();
  } catch (e) {
    notes.push(`${part} left out: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** Rough share of the time each stage takes, for one smooth progress bar. */
const WEIGHT = {
  quality: 0.1,
  privacy: 0.5,
  attacks: 0.4,
  utility: 0.25,
  detection: 0.15,
} as const;

/**
 * Evaluates `synth` against `train` (the rows the generator learned from). All tables must be
 * encoded with one codec (see eval-tables.ts). Utility is trained on `synth` and on `train`
 * and tested on `holdout`; without holdout rows it is tested on a seeded quarter of `train`
 * and fitted on the rest, as the judge does, with a note that this flatters the synthetic side.
 */
/**
 * ML utility when a target is named and modelled; without holdout rows, tested (as the judge
 * does) on a seeded quarter of the real rows, with a note that the scores are optimistic.
 */
function utilityPart(input: EvaluateInput, notes: string[]): UtilityReport | null {
  const { train, synth, holdout, target, seed } = input;
  if (target === null) return null;
  if (!train.columns.some((c) => c.name === target)) {
    notes.push(`ML utility left out: there is no modelled column "${target}".`);
    return null;
  }
  let fit = train;
  let test = holdout;
  if (!test) {
    const order = sampleRows(train.rows, train.rows, new Rng(seed), true);
    const cut = Math.floor((order.length * 3) / 4);
    fit = takeRows(train, order.slice(0, cut).sort());
    test = takeRows(train, order.slice(cut).sort());
    notes.push(
      'No holdout rows: ML utility is tested on a quarter of the real rows, which the generator saw in training, so the synthetic scores are optimistic.',
    );
  }
  return attempt('ML utility', notes, () =>
    utilityReport({ train: fit, synth, holdout: test, target, seed }),
  );
}

export function evaluate(input: EvaluateInput): EvaluationReport {
  const { train, synth, holdout, target, seed } = input;
  const notes: string[] = [];
  let done = 0;
  // the attacks add to the run only when asked for
  const total = 1 + (input.attacks ? WEIGHT.attacks : 0);
  const stage = (name: keyof typeof WEIGHT) => (share: number) =>
    input.onProgress?.(name, Math.min(1, (done + WEIGHT[name] * share) / total));
  const seconds: Record<string, number> = {};
  let clock = performance.now();
  const finish = (name: keyof typeof WEIGHT) => {
    const now = performance.now();
    seconds[name] = (now - clock) / 1000;
    clock = now;
    done += WEIGHT[name];
    input.onProgress?.(name, Math.min(1, done / total));
  };

  stage('quality')(0);
  const quality = qualityReport(train, synth);
  finish('quality');

  let privacy: PrivacyReport | null = null;
  if (!input.skip?.privacy) {
    privacy = privacyReport({
      train,
      synth,
      holdout,
      seed,
      maxRows: input.maxDcrRows,
      onProgress: stage('privacy'),
    });
  }
  finish('privacy');

  let privacyAttacks: PrivacyAttacksReport | null = null;
  let privacyAttacksError: string | undefined;
  if (input.attacks) {
    try {
      privacyAttacks = runPrivacyAttacks({
        train,
        holdout,
        synth,
        settings: input.attacks,
        seed,
        target,
        onProgress: stage('attacks'),
      });
      notes.push(...privacyAttacks.notes);
    } catch (e) {
      privacyAttacksError = e instanceof Error ? e.message : String(e);
      notes.push(`Privacy attacks left out: ${privacyAttacksError}`);
    }
    finish('attacks');
  }

  stage('utility')(0);
  const utility = input.skip?.utility ? null : utilityPart(input, notes);
  finish('utility');

  let detection: DetectionReport | null = null;
  if (!input.skip?.detection) {
    stage('detection')(0);
    detection = attempt('Detection', notes, () => detectionReport({ real: train, synth, seed }));
  }
  finish('detection');

  return {
    quality,
    privacy,
    ...(input.attacks ? { privacyAttacks } : {}),
    ...(privacyAttacksError ? { privacyAttacksError } : {}),
    utility,
    detection,
    settings: input.settings,
    seed,
    notes,
    seconds,
  };
}
