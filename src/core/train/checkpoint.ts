/**
 * A training checkpoint: where a run was and the model's state then, as plain JSON-able data.
 * Written by the pipeline (`PipelineReport.checkpoint`) at epoch ends; kept by the worker's
 * TrainingSession (`lastCheckpoint`) to fall back to after a non-finite loss or a lost WebGL
 * context, handed to `onCheckpoint` (the resume helper persists it to IndexedDB), and given
 * back to `Synthesis.train(..., { resume })` to continue a run at `epoch + 1`.
 *
 * Like a model file it never holds a training row: the state is weights, optimiser moments,
 * config and encoder statistics. Continuing needs the (locally kept) data set as well.
 */
import type { ModelState } from '../models/common/neural';

export interface Checkpoint {
  /** The last finished epoch (1-based): a resumed run starts at `epoch + 1`. */
  epoch: number;
  /** Epochs the run was asked for. */
  epochs: number;
  /** The model as it was at the end of `epoch`, with what training needs to go on. */
  state: ModelState;
  /** ISO time the checkpoint was taken. */
  savedAt: string;
}

/** True when `x` has the shape of a {@link Checkpoint} (for one read back from storage). */
export function isCheckpoint(x: unknown): x is Checkpoint {
  if (typeof x !== 'object' || x === null) return false;
  const c = x as Record<string, unknown>;
  const state = c.state as Record<string, unknown> | null | undefined;
  return (
    Number.isInteger(c.epoch) &&
    Number.isInteger(c.epochs) &&
    typeof c.savedAt === 'string' &&
    typeof state === 'object' &&
    state !== null &&
    typeof state.kind === 'string' &&
    Array.isArray(state.weights)
  );
}
