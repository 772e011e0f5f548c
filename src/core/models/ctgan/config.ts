/** Ctgan's settings and defaults: plain data, no tfjs, so the registry (and the page) can read them. */
export interface CtganConfig {
  /** Width of the generator's noise input. */
  embeddingDim: number;
  /** Widths of the generator's residual blocks. */
  generatorDims: number[];
  /** Widths of the critic's hidden layers. */
  discriminatorDims: number[];
  /** Rows per critic pack (PacGAN); the batch must be a multiple of it. */
  pac: number;
  batchSize: number;
  generatorLr: number;
  discriminatorLr: number;
  /** L2 weight decay of the generator's Adam (PyTorch `weight_decay`). */
  generatorDecay: number;
  discriminatorDecay: number;
  /** Critic steps per generator step. */
  discriminatorSteps: number;
  /** Weight λ of the gradient penalty. */
  gradientPenalty: number;
  /** Gumbel-softmax temperature of the generator's softmax spans. */
  gumbelTau: number;
  /** Pick training levels by log(1 + count) rather than count. */
  logFrequency: boolean;
}

/** The reference implementation's defaults. */
export const CTGAN_DEFAULTS: CtganConfig = {
  embeddingDim: 128,
  generatorDims: [256, 256],
  discriminatorDims: [256, 256],
  pac: 10,
  batchSize: 500,
  generatorLr: 2e-4,
  discriminatorLr: 2e-4,
  generatorDecay: 1e-6,
  discriminatorDecay: 1e-6,
  discriminatorSteps: 1,
  gradientPenalty: 10,
  gumbelTau: 0.2,
  logFrequency: true,
};
