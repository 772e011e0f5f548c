/**
 * How ARGN under differential privacy spends its (epsilon, delta), before anything is trained:
 *
 * 1. value ranges and levels not given as public facts: MST's ranges part (mst-budget.ts);
 * 2. the tokens: one Gaussian measurement of every column's fine cells (dp-tokens.ts), a fixed
 *    share of epsilon;
 * 3. DP-SGD with what is left: Poisson sampling at rate q from the noisy row count, the steps
 *    of the epochs asked for, and the smallest noise multiplier the accountant finds for them.
 *
 * The parts add up (basic composition), so the total never exceeds the request. Training stops
 * when the planned steps are done; the part recorded counts the steps actually taken.
 */
import {
  DpRefusal,
  roundUp,
  subsampledGaussianPart,
  zcdpPart,
  type BudgetPart,
  type GaussianZcdpPart,
  type SubsampledGaussianPart,
} from '../../privacy/budget';
import { noiseMultiplierFor, subsampledGaussianEpsilon } from '../../privacy/rdp';
import { rhoForEpsilon } from '../../privacy/zcdp';
import type { DpTokenSettings } from './dp-tokens';

/** ARGN's settings under DP (its budget comes from the run's `privacy`). */
export interface DpArgnSettings {
  /** Rows a step sees on average (the Poisson rate is this over the noisy row count). */
  expectedBatch: number;
  /** Highest sampling rate, whatever the table's size. */
  maxRate: number;
  /** Most passes over the table (the run's epochs cap it further). */
  epochs: number;
  /** Per-row gradient norm bound (the L2 sensitivity of a step's sum). */
  clip: number;
  learningRate: number;
  regressorUnits: number[];
  tokens: DpTokenSettings;
}

export const DP_ARGN_DEFAULTS: DpArgnSettings = {
  expectedBatch: 1024,
  maxRate: 0.1,
  epochs: 20,
  clip: 1,
  learningRate: 0.004,
  regressorUnits: [16],
  tokens: { maxBins: 24, maxValues: 40, finePositions: 4, minCount: 5, massShare: 0.01 },
};

/** Share of epsilon spent on the tokens' noisy counts. */
export const TOKENS_SHARE = 0.1;
/** Fewest rows a step should see on average: below it the noise drowns every step. */
export const MIN_EXPECTED_BATCH = 16;
/** Largest noise multiplier worth training with. */
export const MAX_NOISE = 20;
/** Claims are rounded up in the seventh digit; aim this far below so the sum stays within. */
const MARGIN = 1 - 4e-6;

export const TOKENS_PURPOSE =
  'ARGN tokens: noisy row counts per fine cell and level (quantile bins, point masses, missing values, row count, starting frequencies)';
export const TRAINING_PURPOSE =
  'ARGN training: DP-SGD (Poisson sampling, per-row gradient clipping, Gaussian noise)';

/** The tokens' part, at its share of epsilon and a quarter of delta. */
export function tokensBudget(
  epsilon: number,
  delta: number,
): { rho: number; part: GaussianZcdpPart } {
  const rho = rhoForEpsilon(epsilon * TOKENS_SHARE * MARGIN, delta / 4);
  return { rho, part: zcdpPart(TOKENS_PURPOSE, rho, delta / 4) };
}

/** DP-SGD's schedule and noise. */
export interface DpTrainingPlan {
  samplingRate: number;
  expectedBatch: number;
  stepsPerEpoch: number;
  epochs: number;
  steps: number;
  noiseMultiplier: number;
  clip: number;
  /** The delta DP-SGD's part is converted at. */
  delta: number;
}

const round3 = (x: number) => Number(x.toPrecision(3));

/**
 * DP-SGD's plan for the epsilon and delta left after `spent` (the parts before it).
 *
 * @throws DpRefusal when the table is too small for the sampling rate or the budget too small
 *   to train with, in words that say how much the preprocessing took.
 */
export function planTraining(
  epsilon: number,
  delta: number,
  spent: readonly BudgetPart[],
  rows: number,
  epochs: number,
  s: DpArgnSettings,
): DpTrainingPlan {
  const samplingRate = Math.min(s.maxRate, s.expectedBatch / rows);
  const expectedBatch = samplingRate * rows;
  if (expectedBatch < MIN_EXPECTED_BATCH)
    throw new DpRefusal(
      `The table holds about ${Math.round(rows)} rows (a noisy count). Training under differential privacy draws each row into a step with probability ${round3(samplingRate)}, so a step would see about ${Math.round(expectedBatch)} rows, too few for the noise each step adds: it needs at least ${Math.ceil(MIN_EXPECTED_BATCH / s.maxRate)} rows. Use a larger table, or MST.`,
    );
  const stepsPerEpoch = Math.max(1, Math.round(1 / samplingRate));
  const steps = Math.max(1, epochs) * stepsPerEpoch;
  const pre = spent.reduce((a, p) => a + p.epsilon, 0);
  const left = (epsilon - pre) * MARGIN;
  const trainingDelta = delta - spent.reduce((a, p) => a + p.delta, 0);
  const noisy = subsampledGaussianEpsilon(samplingRate, MAX_NOISE, steps, trainingDelta).epsilon;
  if (!(left > noisy)) {
    // the preprocessing shares scale with epsilon: the training share is what remains
    const share = (epsilon - pre) / epsilon;
    const needed = noisy / Math.max(share, 1e-9);
    throw new DpRefusal(
      `Epsilon ${epsilon} is too small to train ARGN: the value ranges and tokens take ${round3(pre)} of it, and the ${round3(Math.max(0, epsilon - pre))} left would need noise over ${MAX_NOISE} times the clipping bound on each of the ${steps} steps, which drowns what the rows say. Raise epsilon to at least ${round3(needed)}, train fewer epochs, or use MST.`,
    );
  }
  const noiseMultiplier = noiseMultiplierFor(left, trainingDelta, samplingRate, steps);
  return {
    samplingRate,
    expectedBatch,
    stepsPerEpoch,
    epochs: Math.max(1, epochs),
    steps,
    noiseMultiplier,
    clip: s.clip,
    delta: trainingDelta,
  };
}

/** DP-SGD's part after `steps` steps of `plan` (none taken: nothing spent). */
export function trainingPart(plan: DpTrainingPlan, steps: number): SubsampledGaussianPart {
  const part = subsampledGaussianPart(
    TRAINING_PURPOSE,
    plan.noiseMultiplier,
    plan.samplingRate,
    steps,
    plan.delta,
  );
  return steps > 0 ? part : { ...part, epsilon: roundUp(0) };
}
