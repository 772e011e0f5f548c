/**
 * What a run does after a fault: a loss that stopped being a number ends the run at its last
 * checkpoint (the page is told, with a safer learning rate to try), and a lost WebGL context
 * goes on on another backend from the last checkpoint.
 */
import type { SynthesisConfig } from '../core/pipeline';
import type { Checkpoint } from '../core/train/checkpoint';
import type { NonFiniteLoss } from '../core/train/train-loop';
import { ContextLost, saferLearningRate } from './training-faults';
import type { TrainFault } from './protocol';

/** What the page is told about a NaN or infinite loss, given the checkpoint kept (if any). */
export function nonFiniteFault(
  e: NonFiniteLoss,
  kept: Checkpoint | null,
  config: SynthesisConfig,
): TrainFault {
  return {
    kind: 'non-finite',
    epoch: e.epoch,
    step: e.step,
    loss: e.loss,
    keptEpoch: kept?.epoch ?? null,
    suggestion: { learningRate: saferLearningRate(config) },
  };
}

/** The run's failure when the losses broke before any checkpoint was taken. */
export function divergedBeforeCheckpoint(epoch: number): Error {
  return new Error(
    `the losses stopped being numbers at epoch ${epoch}, before any checkpoint: the model learned too fast. Train again with a lower learning rate.`,
  );
}

/**
 * Runs `segment` from `resume`; each time it throws {@link ContextLost}, calls `leave` (which
 * moves to another backend) and runs it again from the latest checkpoint. Other errors pass.
 */
export async function surviveContextLoss<T>(
  segment: (from: Checkpoint | undefined) => Promise<T>,
  latest: () => Checkpoint | null,
  leave: (lostAt: number, nextEpoch: number) => Promise<void>,
  resume?: Checkpoint,
): Promise<T> {
  let from = resume;
  for (;;) {
    try {
      return await segment(from);
    } catch (e) {
      if (!(e instanceof ContextLost)) throw e;
      from = latest() ?? undefined;
      await leave(e.epoch, (from?.epoch ?? 0) + 1);
    }
  }
}

/** Frees a model whose textures may have died with the context (what is left cannot throw). */
export function disposeAfterLoss(model: { dispose(): void } | null): void {
  try {
    model?.dispose();
  } catch {
    // its textures died with the context
  }
}
