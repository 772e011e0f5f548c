/**
 * ARGN's schedule after each validation pass, as plain numbers (no tfjs): reduce-on-plateau of
 * the learning rate and early stopping. Only a gain worth the name (`minRelativeGain` of the loss
 * it is measured from) resets the counters; any gain still marks the weights as the best.
 */
import type { ArgnConfig } from './config';

export interface ScheduleState {
  /** Lowest validation loss so far (its weights are kept). */
  best: number;
  /** The validation loss of the last gain worth the name. */
  gainFrom: number;
  /** Epochs since that gain. */
  sinceBest: number;
  /** Epochs since that gain or the last learning-rate cut. */
  sinceCut: number;
  firstLearningRate: number;
}

export type ScheduleConfig = Pick<
  ArgnConfig,
  'plateauPatience' | 'plateauFactor' | 'minLearningRateShare' | 'stopPatience'
> & { minRelativeGain?: number };

export interface ScheduleStep {
  /** The loss is the lowest so far: keep these weights. */
  best: boolean;
  learningRate: number;
  stop: boolean;
}

/** Updates `s` for one epoch's validation `loss`; `learningRate` is the optimiser's now. */
export function afterValidation(
  s: ScheduleState,
  loss: number,
  learningRate: number,
  config: ScheduleConfig,
): ScheduleStep {
  const best = loss < s.best;
  if (best) s.best = loss;
  let rate = learningRate;
  const gain =
    !Number.isFinite(s.gainFrom) ||
    loss < s.gainFrom - Math.abs(s.gainFrom) * (config.minRelativeGain ?? 0);
  if (gain) {
    s.gainFrom = loss;
    s.sinceBest = 0;
    s.sinceCut = 0;
  } else {
    s.sinceBest += 1;
    s.sinceCut += 1;
    if (s.sinceCut >= config.plateauPatience) {
      const floor = s.firstLearningRate * config.minLearningRateShare;
      rate = Math.max(floor, rate * config.plateauFactor);
      s.sinceCut = 0;
    }
  }
  return { best, learningRate: rate, stop: s.sinceBest >= config.stopPatience };
}
