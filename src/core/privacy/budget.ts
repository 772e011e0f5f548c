/**
 * A privacy budget as the model file records it: the parts, each with its mechanism, its
 * parameters and the (epsilon, delta) they cost, and the totals by basic composition (the
 * epsilons add up, and so do the deltas). Anything read from the data is one of these parts.
 */
import { subsampledGaussianEpsilon } from './rdp';
import { zcdpEpsilon } from './zcdp';

export interface SubsampledGaussianPart {
  purpose: string;
  mechanism: 'subsampled-gaussian';
  noiseMultiplier: number;
  samplingRate: number;
  steps: number;
  epsilon: number;
  delta: number;
}

export interface GaussianZcdpPart {
  purpose: string;
  mechanism: 'gaussian-zcdp';
  rho: number;
  epsilon: number;
  delta: number;
}

export interface PureDpPart {
  purpose: string;
  mechanism: 'laplace' | 'exponential';
  epsilon: number;
  delta: 0;
}

export type BudgetPart = SubsampledGaussianPart | GaussianZcdpPart | PureDpPart;

/** The `differentialPrivacy` block of a model file. */
export interface DifferentialPrivacy {
  epsilon: number;
  delta: number;
  parts: BudgetPart[];
}

/**
 * A claim stays at or above the accountant's own figure: recorded epsilons are rounded up in
 * the seventh significant digit, so an independent recomputation never lands above them.
 */
export function roundUp(x: number): number {
  if (x === 0) return 0;
  const scale = 10 ** (6 - Math.floor(Math.log10(Math.abs(x))));
  return Math.ceil(x * scale * (1 + 1e-12)) / scale;
}

/** A Gaussian (zCDP) part with its epsilon at `delta`. */
export function zcdpPart(purpose: string, rho: number, delta: number): GaussianZcdpPart {
  return {
    purpose,
    mechanism: 'gaussian-zcdp',
    rho,
    epsilon: roundUp(zcdpEpsilon(rho, delta)),
    delta,
  };
}

/** A DP-SGD part with its epsilon at `delta`. */
export function subsampledGaussianPart(
  purpose: string,
  noiseMultiplier: number,
  samplingRate: number,
  steps: number,
  delta: number,
): SubsampledGaussianPart {
  const { epsilon } = subsampledGaussianEpsilon(samplingRate, noiseMultiplier, steps, delta);
  return {
    purpose,
    mechanism: 'subsampled-gaussian',
    noiseMultiplier,
    samplingRate,
    steps,
    epsilon: roundUp(epsilon),
    delta,
  };
}

/** The totals of the parts by basic composition. */
export function composeParts(parts: BudgetPart[]): DifferentialPrivacy {
  let epsilon = 0;
  let delta = 0;
  for (const part of parts) {
    epsilon += part.epsilon;
    delta += part.delta;
  }
  return { epsilon, delta, parts };
}

/** Why a requested (epsilon, delta) cannot be used, in the user's words; null when it can. */
export function budgetProblem(epsilon: number, delta: number, rows?: number): string | null {
  if (!Number.isFinite(epsilon) || epsilon <= 0)
    return `Epsilon must be a number above 0 (got ${epsilon}). 1 is strong protection, 4 moderate, 10 weak.`;
  if (!Number.isFinite(delta) || delta <= 0 || delta >= 1)
    return `Delta must be a number between 0 and 1, and far below 1 divided by the number of rows (got ${delta}); 1e-5 is usual.`;
  if (rows !== undefined && rows > 0 && delta >= 1 / rows)
    return `Delta ${delta} is not below 1 divided by the ${rows} rows (${(1 / rows).toPrecision(3)}): one person's row could then be published with that chance. Use a smaller delta, e.g. ${(0.1 / rows).toPrecision(1)}.`;
  return null;
}

/** A differential-privacy refusal in the user's words: nothing was trained or written. */
export class DpRefusal extends Error {}
