/**
 * What every neural synthesizer offers the training loop and the pipeline. Models own their
 * tensors (the encoded table is uploaded once, batches are gathered on the backend) and never
 * see raw strings: they read and write the encoded matrix described by a {@link Layout}.
 */
import type { Layout } from '../../data/spans';

/** The encoded table: row-major `[rows, layout.dataDim]`. */
export interface EncodedTable {
  rows: number;
  layout: Layout;
  matrix: Float32Array;
}

/** A saved weight: name, shape and values (no training rows are ever in here). */
export interface SavedTensor {
  name: string;
  shape: number[];
  values: number[];
}

/** What a model says at the end of an epoch (models with a validation split). */
export interface EpochOutcome {
  /** Loss on the held-out validation rows, or null when the model keeps none. */
  validationLoss: number | null;
  /** True when training should end now (early stopping); the best weights are back in place. */
  stop: boolean;
  /** The learning rate the next epoch will use (it may fall on a plateau). */
  learningRate: number | null;
}

/** What the training loop needs from a model. */
export interface TrainableModel {
  /** Names of the losses `trainStep` reports, e.g. ['generator', 'discriminator', 'penalty']. */
  readonly lossNames: readonly string[];
  readonly batchSize: number;
  /** Optimisation steps in one pass over the table (the reference: rows / batch, at least 1). */
  stepsPerEpoch(): number;
  /**
   * One training step (CTGAN: discriminator step(s) then a generator step). Reads losses back
   * (a GPU sync) only when `readLosses` is true; otherwise returns null.
   */
  trainStep(readLosses: boolean): Promise<Record<string, number> | null>;
  /**
   * Optional epoch-end hook: validation, learning-rate schedule, early stopping. `last` is true
   * after the final epoch the loop will run (a model keeping best weights restores them then).
   */
  endEpoch?(last: boolean): Promise<EpochOutcome>;
}

export interface NeuralModel extends TrainableModel {
  readonly kind: 'ctgan' | 'tvae';
  /**
   * Generates `rows` encoded rows, `[rows, dataDim]`: scalars in [-1, 1], every softmax span
   * one-hot. Networks run in inference mode (batch norm with running statistics, no dropout).
   */
  sample(rows: number, seed: number): Promise<Float32Array>;
  /**
   * Everything needed to sample again later: config, plain-JSON extras (e.g. CTGAN's level
   * frequencies for conditional generation) and the weights sampling needs. Never training rows.
   */
  save(): Promise<ModelState>;
  /**
   * A checkpoint's state: what `save` holds plus what training needs to go on (critic or
   * encoder, optimiser moments and steps). Building the model with data and this state
   * continues the run. Never training rows.
   */
  trainingState(): Promise<ModelState>;
  /** Frees every tensor the model holds. */
  dispose(): void;
}

export interface ModelState {
  kind: 'ctgan' | 'tvae' | 'argn';
  config: Record<string, unknown>;
  extras: Record<string, unknown>;
  weights: SavedTensor[];
}
