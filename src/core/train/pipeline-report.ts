/**
 * What the pipeline's training yields and takes: reports with live peeks and checkpoints, the
 * options of a run, and the pieces that make them.
 */
import type { ModelTable } from '../data/model-table';
import type { SynthesisConfig } from '../models/contract';
import type { ModelState } from '../models/common/neural';
import { firstNonFinite } from '../models/common/training-state';
import type { Checkpoint } from './checkpoint';
import { NonFiniteLoss, type TrainReport } from './train-loop';

/**
 * A training report as the pipeline yields it. At an epoch end it may carry `peek`, which
 * samples rows in model form from the model as it is now (for live charts and live quality);
 * call it before asking for the next report.
 */
export interface PipelineReport extends TrainReport {
  peek?: (rows: number, seed: number) => Promise<ModelTable>;
  /**
   * At an epoch end of a model that trains in epochs: the model's state now, with what
   * training needs to go on (call it before asking for the next report). Throws
   * {@link NonFiniteLoss} when a weight is no longer a number, so a broken state is never kept.
   */
  checkpoint?: () => Promise<Checkpoint>;
}

/** How `Synthesis.train` runs. */
export interface TrainOptions {
  signal?: AbortSignal;
  lossEvery?: number;
  /**
   * Continue from this checkpoint (same data, same config): the model is rebuilt from its state
   * with the training data, and training goes on at epoch `resume.epoch + 1`.
   */
  resume?: Checkpoint;
  /**
   * Told the model as soon as it is built, so a caller that must abandon the run without
   * finishing it (a lost WebGL context: the pending step never settles) can still free it.
   */
  onModel?: (model: { dispose(): void }) => void;
}

/** The checkpoint taker for an epoch-end report. */
export function checkpointOf(
  model: { trainingState(): Promise<ModelState> },
  report: TrainReport,
): () => Promise<Checkpoint> {
  return async () => {
    const state = await model.trainingState();
    const bad = firstNonFinite(state);
    if (bad !== null) throw new NonFiniteLoss(report.epoch, report.step, 'weights', NaN);
    const savedAt = new Date().toISOString();
    return { epoch: report.epoch, epochs: report.epochs, state, savedAt };
  };
}

/** The checkpoint's state, checked against the run it is to continue. */
export function resumeState(config: SynthesisConfig, resume?: Checkpoint): ModelState | undefined {
  if (!resume) return undefined;
  if (resume.state.kind !== config.model)
    throw new Error(`The checkpoint holds a ${resume.state.kind} model, not ${config.model}.`);
  return resume.state;
}

/** The single report of a model that fits in one go. */
export function oneShotReport(
  rows: number,
  elapsed: number,
  peek: PipelineReport['peek'],
): PipelineReport {
  return {
    epoch: 1,
    epochs: 1,
    step: 1,
    stepsPerEpoch: 1,
    totalSteps: 1,
    losses: null,
    epochEnd: true,
    rowsPerSecond: elapsed > 0 ? rows / elapsed : 0,
    elapsed,
    secondsLeft: 0,
    lastEpochSeconds: elapsed,
    tensors: null,
    ...(peek ? { peek } : {}),
  };
}
