/**
 * AdamW (Loshchilov & Hutter, "Decoupled Weight Decay Regularization") as PyTorch's
 * `torch.optim.AdamW` computes it: the weights first shrink by `lr · decay`, then take the Adam
 * step; the decay never enters the moment estimates. The learning rate can change between
 * steps (reduce-on-plateau). Like {@link Adam}, it updates all its variables at once, flattened.
 */
import * as tf from '@tensorflow/tfjs';

export interface AdamWConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled weight decay (PyTorch AdamW's default is 0.01). */
  weightDecay: number;
}

export class AdamW {
  private readonly m: tf.Variable<tf.Rank.R1>;
  private readonly v: tf.Variable<tf.Rank.R1>;
  private readonly sizes: number[];
  private step = 0;
  /** The learning rate of the next step. */
  learningRate: number;

  constructor(
    private readonly vars: readonly tf.Variable[],
    private readonly config: AdamWConfig,
  ) {
    this.learningRate = config.learningRate;
    this.sizes = vars.map((x) => x.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  }

  get variables(): readonly tf.Variable[] {
    return this.vars;
  }

  /** One update from `grads` keyed by variable name (missing = zero). Call inside `tf.tidy`. */
  apply(grads: tf.NamedTensorMap): void {
    const { beta1, beta2, epsilon, weightDecay } = this.config;
    const lr = this.learningRate;
    this.step += 1;
    const bc1 = 1 - beta1 ** this.step;
    const bc2 = 1 - beta2 ** this.step;
    const flat = (t: tf.Tensor) => tf.reshape(t, [-1]);
    const params = tf.concat(this.vars.map(flat));
    const g = tf.concat(this.vars.map((x) => flat(grads[x.name] ?? tf.zerosLike(x))));
    const m: tf.Tensor1D = tf.add(tf.mul(this.m, beta1), tf.mul(g, 1 - beta1));
    const v: tf.Tensor1D = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(g), 1 - beta2));
    this.m.assign(m);
    this.v.assign(v);
    const decayed = weightDecay !== 0 ? tf.mul(params, 1 - lr * weightDecay) : params;
    const denom = tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(bc2)), epsilon);
    const updated = tf.sub(decayed, tf.mul(tf.div(m, denom), lr / bc1));
    const parts = tf.split(updated, this.sizes);
    this.vars.forEach((x, i) => x.assign(tf.reshape(parts[i] as tf.Tensor, x.shape)));
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
