/** Tvae's settings and defaults: plain data, no tfjs, so the registry (and the page) can read them. */
export interface TvaeConfig {
  /** Width of the latent code. */
  embeddingDim: number;
  /** Hidden widths of the encoder. */
  compressDims: number[];
  /** Hidden widths of the decoder. */
  decompressDims: number[];
  /** Weight of the reconstruction term against the KL term. */
  lossFactor: number;
  /** Rows per step (capped at the table's row count). */
  batchSize: number;
  learningRate: number;
  /** L2 weight decay added to the gradients (PyTorch Adam `weight_decay`). */
  weightDecay: number;
}

/** The reference TVAE's defaults. */
export const TVAE_DEFAULTS: TvaeConfig = {
  embeddingDim: 128,
  compressDims: [128, 128],
  decompressDims: [128, 128],
  lossFactor: 2,
  batchSize: 500,
  learningRate: 1e-3,
  weightDecay: 1e-5,
};
