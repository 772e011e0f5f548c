/**
 * The differential-privacy statement of an evaluation report, in words: the budget the model
 * spent (epsilon, delta, part by part), or that it has no formal privacy guarantee. The page,
 * the HTML report and the JSON file all say it with these sentences.
 */
import type { DifferentialPrivacy } from '../privacy/budget';
import { guaranteeSentence } from './attacks/attack-sentences';
import type { EvaluationReport } from './evaluate';

/** A number of a budget as people read it: 0.9999994 as 1.000, 1e-5 as 1e-5. */
export function budgetNumber(x: number): string {
  if (x === 0) return '0';
  return Math.abs(x) < 1e-3 ? x.toExponential(2).replace(/\.?0+e/, 'e') : x.toPrecision(4);
}

export interface DpStatement {
  /** One sentence: the guarantee and its epsilon and delta, or the lack of one. */
  headline: string;
  /** One sentence per budget part (empty without differential privacy). */
  parts: string[];
}

/** The statement for a model's privacy budget (null: the model has none). */
export function dpStatement(dp: DifferentialPrivacy | null | undefined): DpStatement {
  if (!dp) return { headline: guaranteeSentence(null), parts: [] };
  return {
    headline: `The model was trained with differential privacy: it spent epsilon = ${budgetNumber(dp.epsilon)} with delta = ${budgetNumber(dp.delta)}, a formal bound on what anyone, whatever they know, can learn about one person from the model or its rows. Smaller epsilon is stronger: 1 strong, 4 moderate, 10 weak.`,
    parts: dp.parts.map(
      (p) =>
        `${p.purpose}: epsilon ${budgetNumber(p.epsilon)}, delta ${budgetNumber(p.delta)} (${p.mechanism}).`,
    ),
  };
}

/** The report with the model's privacy statement (its budget, or null for none). */
export function withPrivacyStatement(
  report: EvaluationReport,
  dp: DifferentialPrivacy | null,
): EvaluationReport {
  return { ...report, epsilon: dp?.epsilon ?? null, differentialPrivacy: dp };
}
