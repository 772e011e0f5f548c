/** Argn's settings and defaults: plain data, no tfjs, so the registry (and the page) can read them. */
export interface ArgnConfig {
  /** Units per column of each regressor layer, before the ln(cardinality) factor. */
  regressorUnits: number[];
  dropout: number;
  /** Rows per step; null picks 2^floor(log2(rows / 64)) in [8, 2048] (×4 on WebGL). */
  batchSize: number | null;
  /** Null scales with the batch: 0.001·sqrt(batch / 32). */
  learningRate: number | null;
  weightDecay: number;
  /** Share of rows held out to validate (0 turns off early stopping and the schedule). */
  validationShare: number;
  plateauPatience: number;
  plateauFactor: number;
  /** Lowest learning rate, as a share of the first. */
  minLearningRateShare: number;
  /** Epochs without a validation gain before training stops. */
  stopPatience: number;
  /** Levels and values held by fewer rows fold away (see discretizer.ts). */
  minCount: number;
  /**
   * Most positions within a quantile bin, written as a second token column after the bin (see
   * discretizer.ts); 0 draws uniformly inside the bin.
   */
  finePositions: number;
  /**
   * Start each number token's embedding at its place in the column's order, and its other
   * dimensions as smooth waves of that place (argn-net.ts).
   */
  ordinal: boolean;
  /**
   * Share of training steps taken in the table's own column order, the order generation draws
   * in; the other steps each draw a random order. The heads generation uses learn most from
   * their own order, and every order stays trained, so conditions (drawn first) still hold.
   * 0 trains random orders only.
   */
  writeOrderShare: number;
}

export const ARGN_DEFAULTS: ArgnConfig = {
  regressorUnits: [16],
  dropout: 0.25,
  batchSize: null,
  learningRate: null,
  weightDecay: 0.01,
  validationShare: 0.1,
  plateauPatience: 2,
  plateauFactor: 0.5,
  minLearningRateShare: 0.1,
  stopPatience: 4,
  minCount: 5,
  finePositions: 10,
  ordinal: true,
  writeOrderShare: 0.5,
};
