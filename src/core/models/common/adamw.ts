/**
 * AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization") as PyTorch's
 * `torch.optim.AdamW` computes it: the weights first shrink by `lr · decay`, then take the Adam
 * step; the decay never enters the moment estimates. The learning rate can change between steps
 * (reduce-on-plateau). It is {@link Adam} with decoupled decay.
 */
import type * as tf from '@tensorflow/tfjs';
import { Adam, type AdamConfig } from './adam';

export type AdamWConfig = Omit<AdamConfig, 'decoupled'>;

export class AdamW extends Adam {
  constructor(vars: readonly tf.Variable[], config: AdamWConfig) {
    super(vars, { ...config, decoupled: true });
  }
}
