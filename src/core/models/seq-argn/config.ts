/** The sequential ARGN's settings and defaults (no tfjs: the page reads them). */
export interface SeqArgnConfig {
  /** Epochs to train, raised when needed so training takes at least `minSteps` steps. */
  epochs: number;
  /** Fewest optimiser steps: a small table (few batches per epoch) gets more epochs. */
  minSteps: number;
  batchSize: number;
  learningRate: number;
  hidden: number;
  headUnits: number;
  /** Most events per entity the network learns and writes (long entities are cut to these). */
  maxEvents: number;
  /** Rounds of redrawing entities that copy a training entity. */
  maxRedraws: number;
}

export const SEQ_ARGN_DEFAULTS: SeqArgnConfig = {
  epochs: 60,
  minSteps: 500,
  batchSize: 64,
  learningRate: 2e-3,
  hidden: 32,
  headUnits: 32,
  maxEvents: 100,
  maxRedraws: 20,
};
