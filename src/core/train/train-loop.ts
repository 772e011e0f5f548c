/**
 * The training loop as an async generator of step reports. The consumer drives it: pausing is
 * simply not asking for the next report, stopping is the AbortSignal (or `return()`), and the
 * reports carry what the page charts (epoch, step, losses, rows per second, time left).
 */
import type { EpochOutcome, TrainableModel } from '../models/common/neural';

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
  /** Bytes held by live tensors at the end of an epoch (flat when nothing leaks); else null. */
  bytes?: number | null;
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
  /** The first epoch to run (1-based; a run continued from a checkpoint starts after it). */
  startEpoch?: number;
  signal?: AbortSignal;
  /** Read losses every this many steps (each read is a GPU sync). */
  lossEvery?: number;
  /** Clock in milliseconds (injectable for tests). */
  now?: () => number;
  /** Counts the bytes live tensors hold; called at each epoch end. */
  countBytes?: () => number;
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
 * Thrown when a loss read back is NaN or infinite: the weights are no longer numbers (or soon
 * will not be), so going on only wastes time. Usually the learning rate is too high.
 */
export class NonFiniteLoss extends Error {
  constructor(
    /** The epoch (1-based) in which the loss was read. */
    readonly epoch: number,
    /** The step within that epoch (1-based). */
    readonly step: number,
    /** Which loss, e.g. 'generator' or 'validation' ('weights' when a checkpoint held one). */
    readonly loss: string,
    readonly value: number,
  ) {
    super(`The ${loss} loss became ${String(value)} at epoch ${epoch}, step ${step}.`);
    this.name = 'NonFiniteLoss';
  }
}

/** Throws {@link NonFiniteLoss} for the first loss in `losses` that is not a finite number. */
function checkFinite(losses: Record<string, number> | null, epoch: number, step: number): void {
  if (!losses) return;
  for (const [name, value] of Object.entries(losses)) {
    if (!Number.isFinite(value)) throw new NonFiniteLoss(epoch, step, name, value);
  }
}

/**
 * Runs `epochs` passes of `model.stepsPerEpoch()` steps, yielding a report after every step.
 * Time spent while the consumer holds the generator (a pause) is not counted as training time.
 * A model with an `endEpoch` hook is asked after each epoch (its time counts as training); the
 * epoch-end report carries what it says, and training ends early when it says stop.
 * Every loss read back (and a validation loss) is checked: a NaN or infinite one throws
 * {@link NonFiniteLoss}. With `startEpoch` the run begins there (a continued run), and step
 * counts and time left count as if the epochs before it had run.
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
  const first = Math.max(1, Math.floor(options.startEpoch ?? 1));
  let elapsed = 0;
  let done = (first - 1) * steps;
  let timedSteps = 0;
  let lastEpochSeconds: number | null = null;
  let lastByBudget = false;
  for (let epoch = first; epoch <= options.epochs; epoch += 1) {
    let epochTime = 0;
    for (let step = 1; step <= steps; step += 1) {
      if (options.signal?.aborted) throw new TrainingStopped();
      const epochEnd = step === steps;
      const started = now();
      const losses = await model.trainStep(epochEnd || step % lossEvery === 0);
      checkFinite(losses, epoch, step);
      let outcome: EpochOutcome | null = null;
      if (epochEnd) {
        // Another epoch as long as this one would overrun the budget: this one is the last.
        const thisStep = (now() - started) / 1000;
        lastByBudget = elapsed + thisStep + (epochTime + thisStep) > budget;
        if (model.endEpoch)
          outcome = await model.endEpoch(epoch === options.epochs || lastByBudget);
        if (outcome && outcome.validationLoss !== null)
          checkFinite({ validation: outcome.validationLoss }, epoch, step);
      }
      const took = (now() - started) / 1000;
      elapsed += took;
      epochTime += took;
      done += 1;
      timedSteps += 1;
      if (epochEnd) lastEpochSeconds = epochTime;
      const perStep = lastEpochSeconds !== null ? lastEpochSeconds / steps : elapsed / timedSteps;
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
        bytes: epochEnd && options.countBytes ? options.countBytes() : null,
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
