/**
 * The training loop as an async generator of step reports. The consumer drives it: pausing is
 * simply not asking for the next report, stopping is the AbortSignal (or `return()`), and the
 * reports carry what the page charts (epoch, step, losses, rows per second, time left).
 */
import type { EpochOutcome, TrainableModel } from '../models/synthesizer';

export interface TrainReport {
  epoch: number;
  epochs: number;
  /** Step within the epoch, 1-based. */
  step: number;
  stepsPerEpoch: number;
  /** Steps done in all. */
  totalSteps: number;
  /** Losses, read back every `lossEvery` steps and at every epoch end; null in between. */
  losses: Record<string, number> | null;
  epochEnd: boolean;
  /** Training rows per second over the last epoch (or so far, in the first). */
  rowsPerSecond: number;
  /** Seconds of training so far (pauses excluded). */
  elapsed: number;
  /** Estimated seconds left, or null before the first step is timed. */
  secondsLeft: number | null;
  /** Seconds the last finished epoch took, or null before one has finished. */
  lastEpochSeconds: number | null;
  /** Live tensors on the backend at the end of an epoch (flat when nothing leaks); else null. */
  tensors: number | null;
  /**
   * Loss on the model's validation rows, at the end of an epoch of a model that keeps some
   * (ARGN); absent otherwise.
   */
  validationLoss?: number | null;
  /** Learning rate for the next epoch, when the model schedules it (ARGN); absent otherwise. */
  learningRate?: number | null;
  /** True on the last report when the model stopped early (no validation gain for a while). */
  stoppedEarly?: boolean;
}

export interface TrainLoopOptions {
  epochs: number;
  signal?: AbortSignal;
  /** Read losses every this many steps (each read is a GPU sync). */
  lossEvery?: number;
  /** Clock in milliseconds (injectable for tests). */
  now?: () => number;
  /** Counts live tensors; called at each epoch end. */
  countTensors?: () => number;
  /**
   * Training-time budget in seconds: no epoch starts that would, at the last epoch's pace, end
   * past it (that last epoch counts as the last for the model's `endEpoch`).
   */
  maxSeconds?: number;
}

/** Thrown when the signal stops training. */
export class TrainingStopped extends Error {
  constructor() {
    super('Training was stopped.');
    this.name = 'TrainingStopped';
  }
}

/**
 * Runs `epochs` passes of `model.stepsPerEpoch()` steps, yielding a report after every step.
 * Time spent while the consumer holds the generator (a pause) is not counted as training time.
 * A model with an `endEpoch` hook is asked after each epoch (its time counts as training); the
 * epoch-end report carries what it says, and training ends early when it says stop.
 */
export async function* trainLoop(
  model: TrainableModel,
  options: TrainLoopOptions,
): AsyncGenerator<TrainReport, void, undefined> {
  const now = options.now ?? (() => performance.now());
  const lossEvery = Math.max(1, options.lossEvery ?? 10);
  const budget = options.maxSeconds ?? Infinity;
  const steps = model.stepsPerEpoch();
  const total = steps * options.epochs;
  let elapsed = 0;
  let done = 0;
  let lastEpochSeconds: number | null = null;
  let lastByBudget = false;
  for (let epoch = 1; epoch <= options.epochs; epoch += 1) {
    let epochTime = 0;
    for (let step = 1; step <= steps; step += 1) {
      if (options.signal?.aborted) throw new TrainingStopped();
      const epochEnd = step === steps;
      const started = now();
      const losses = await model.trainStep(epochEnd || step % lossEvery === 0);
      let outcome: EpochOutcome | null = null;
      if (epochEnd) {
        // Another epoch as long as this one would overrun the budget: this one is the last.
        const thisStep = (now() - started) / 1000;
        lastByBudget = elapsed + thisStep + (epochTime + thisStep) > budget;
        if (model.endEpoch)
          outcome = await model.endEpoch(epoch === options.epochs || lastByBudget);
      }
      const took = (now() - started) / 1000;
      elapsed += took;
      epochTime += took;
      done += 1;
      if (epochEnd) lastEpochSeconds = epochTime;
      const perStep = lastEpochSeconds !== null ? lastEpochSeconds / steps : elapsed / done;
      yield {
        epoch,
        epochs: options.epochs,
        step,
        stepsPerEpoch: steps,
        totalSteps: done,
        losses,
        epochEnd,
        rowsPerSecond: perStep > 0 ? model.batchSize / perStep : 0,
        elapsed,
        secondsLeft: (total - done) * perStep,
        lastEpochSeconds,
        tensors: epochEnd && options.countTensors ? options.countTensors() : null,
        ...(outcome
          ? {
              validationLoss: outcome.validationLoss,
              learningRate: outcome.learningRate,
              stoppedEarly: outcome.stop,
            }
          : {}),
      };
      if (outcome?.stop) return;
    }
    if (lastByBudget) return;
  }
}
