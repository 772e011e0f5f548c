/**
 * CTGAN's two networks (Xu et al. 2019, section 4 and appendix), on raw tfjs ops.
 *
 * Generator: input `z ++ cond`; residual blocks `h -> [relu(bn(linear(h))), h]` (each block's
 * output concatenated before its input), then a linear layer to `dataDim` raw outputs.
 *
 * Critic ("discriminator"): PacGAN packing of `pac` rows, `[batch, d] -> [batch/pac, pac*d]`
 * (a plain row-major reshape, so pack i holds rows i*pac .. i*pac+pac-1); hidden layers
 * `linear -> LeakyReLU(0.2) -> dropout 0.5`; a linear output. LeakyReLU is written as
 * `0.6x + 0.4|x|` because tfjs cannot differentiate `tf.leakyRelu` twice, and the gradient
 * penalty needs its second derivative.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../rng';
import {
  batchNormInference,
  batchNormTrain,
  createBatchNorm,
  createDense,
  dense,
  denseVariables,
  disposeParams,
  type BatchNormParams,
  type DenseParams,
} from '../common/dense';

export interface GeneratorBlock {
  dense: DenseParams;
  bn: BatchNormParams;
}

export interface GeneratorParams {
  blocks: GeneratorBlock[];
  out: DenseParams;
}

export interface DiscriminatorParams {
  hidden: DenseParams[];
  out: DenseParams;
  pac: number;
}

/** Dropout for one critic pass: a rate and one seed per hidden layer; null turns it off. */
export interface DropoutPlan {
  rate: number;
  seeds: number[];
}

/** Builds the generator: `inDim` = embedding + condDim, hidden `dims`, `dataDim` outputs. */
export function createGenerator(
  inDim: number,
  dims: readonly number[],
  dataDim: number,
  rng: Rng,
): GeneratorParams {
  let width = inDim;
  const blocks = dims.map((d) => {
    const block = { dense: createDense(width, d, rng), bn: createBatchNorm(d) };
    width += d;
    return block;
  });
  return { blocks, out: createDense(width, dataDim, rng) };
}

/** The generator's trainable variables (not the batch-norm running statistics). */
export function generatorVariables(g: GeneratorParams): tf.Variable[] {
  const vars = g.blocks.flatMap((b) => [...denseVariables(b.dense), b.bn.gamma, b.bn.beta]);
  return [...vars, ...denseVariables(g.out)];
}

/**
 * Raw generator output `[batch, dataDim]` from `input` `[batch, embedding + condDim]`. In
 * 'train' mode batch norm uses batch statistics and moves its running statistics; in
 * 'inference' mode it uses the running statistics, so each row is independent of its batch.
 */
export function generatorForward(
  g: GeneratorParams,
  input: tf.Tensor2D,
  mode: 'train' | 'inference',
): tf.Tensor2D {
  let h = input;
  for (const block of g.blocks) {
    const y = dense(h, block.dense, true);
    const normed = mode === 'train' ? batchNormTrain(y, block.bn) : batchNormInference(y, block.bn);
    h = tf.concat([tf.relu(normed), h], 1);
  }
  return dense(h, g.out, true);
}

/** Builds the critic over packs of `pac` rows of width `inDim` (data + conditional vector). */
export function createDiscriminator(
  inDim: number,
  dims: readonly number[],
  pac: number,
  rng: Rng,
): DiscriminatorParams {
  let width = inDim * pac;
  const hidden = dims.map((d) => {
    const layer = createDense(width, d, rng);
    width = d;
    return layer;
  });
  return { hidden, out: createDense(width, 1, rng), pac };
}

export function discriminatorVariables(d: DiscriminatorParams): tf.Variable[] {
  return [...d.hidden.flatMap(denseVariables), ...denseVariables(d.out)];
}

/** `[batch, width]` -> `[batch/pac, pac*width]`; `batch` must be a multiple of `pac`. */
export function pack(x: tf.Tensor2D, pac: number): tf.Tensor2D {
  const [rows, width] = x.shape;
  if (rows % pac !== 0) throw new Error(`batch ${rows} is not a multiple of pac ${pac}`);
  return tf.reshape(x, [rows / pac, pac * width]);
}

/** Critic scores `[packs, 1]` for packed input `[packs, pac*width]`. */
export function discriminatorForward(
  d: DiscriminatorParams,
  packed: tf.Tensor2D,
  dropout: DropoutPlan | null,
): tf.Tensor2D {
  let h = packed;
  d.hidden.forEach((layer, i) => {
    const y = dense(h, layer, false);
    // LeakyReLU(0.2) as 0.6y + 0.4|y|: differentiable twice in tfjs.
    h = tf.add(tf.mul(y, 0.6), tf.mul(tf.abs(y), 0.4));
    if (dropout) h = tf.dropout(h, dropout.rate, undefined, dropout.seeds[i]) as tf.Tensor2D;
  });
  return dense(h, d.out, false);
}

/**
 * The WGAN-GP penalty (Gulrajani et al. 2017) over packs: `x̂ = fake + α (real − fake)` with one
 * α per pack (`alpha` `[packs, 1]`), the critic's input gradient at x̂ taken per pack row
 * (`[packs, pac*width]`), and `lambda · mean((‖∇‖₂ − 1)²)`. Differentiable in the critic's
 * weights (a second-order gradient), so call it inside the critic's loss.
 */
export function gradientPenalty(
  d: DiscriminatorParams,
  realPacked: tf.Tensor2D,
  fakePacked: tf.Tensor2D,
  alpha: tf.Tensor2D,
  dropout: DropoutPlan | null,
  lambda: number,
): tf.Scalar {
  const interpolated = tf.add(fakePacked, tf.mul(alpha, tf.sub(realPacked, fakePacked)));
  const inputGrad = tf.grad((x: tf.Tensor) =>
    tf.sum(discriminatorForward(d, x as tf.Tensor2D, dropout)),
  )(interpolated);
  // The tiny floor keeps the second derivative finite should a pack's gradient vanish.
  const norms = tf.sqrt(tf.add(tf.sum(tf.square(inputGrad), 1), 1e-12));
  return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), lambda);
}

export function disposeGenerator(g: GeneratorParams): void {
  for (const b of g.blocks) {
    disposeParams(b.dense);
    disposeParams(b.bn);
  }
  disposeParams(g.out);
}

export function disposeDiscriminator(d: DiscriminatorParams): void {
  d.hidden.forEach(disposeParams);
  disposeParams(d.out);
}
