/**
 * Adam as PyTorch's `torch.optim.Adam` computes it, weight decay included: the decay is an L2
 * term added to the gradient (not AdamW's decoupled decay), and epsilon is added after the
 * bias-corrected square root. tfjs's AdamOptimizer has no weight decay, hence this one.
 *
 * One optimiser owns one network's variable list and updates nothing else. The update runs on
 * all of them at once, flattened into one vector, so a step costs a dozen kernels rather than a
 * dozen per variable.
 */
import * as tf from '@tensorflow/tfjs';
import { wasmKernelsActive } from './wasm-heap';
import { wasmAdamStep } from './wasm-own-kernels';

export interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** L2 penalty added to the gradient (PyTorch's `weight_decay`), or, when `decoupled`, AdamW's
   * decay: the weights shrink by `lr · weightDecay` before the step, outside the moments. */
  weightDecay: number;
  decoupled?: boolean;
}

export class Adam {
  private readonly m: tf.Variable<tf.Rank.R1>;
  private readonly v: tf.Variable<tf.Rank.R1>;
  private readonly sizes: number[];
  private step = 0;
  /** The learning rate of the next step (a schedule may change it between steps). */
  learningRate: number;

  constructor(
    private readonly vars: readonly tf.Variable[],
    private readonly config: AdamConfig,
  ) {
    this.learningRate = config.learningRate;
    this.sizes = vars.map((x) => x.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.m = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([total]), false));
  }

  /** The variables this optimiser updates, in order. */
  get variables(): readonly tf.Variable[] {
    return this.vars;
  }

  /**
   * One update from `grads` (keyed by variable name, as `tf.variableGrads` returns them; a
   * variable without a gradient counts as zero). Call inside `tf.tidy`.
   */
  apply(grads: tf.NamedTensorMap): void {
    const { beta1, beta2, epsilon, weightDecay, decoupled } = this.config;
    const learningRate = this.learningRate;
    this.step += 1;
    const bc1 = 1 - beta1 ** this.step;
    const bc2 = 1 - beta2 ** this.step;
    const flat = (t: tf.Tensor) => tf.reshape(t, [-1]) as tf.Tensor1D;
    const params = tf.concat(this.vars.map(flat));
    let g = tf.concat(this.vars.map((x) => flat(grads[x.name] ?? tf.zerosLike(x))));
    if (wasmKernelsActive()) {
      // The same arithmetic in one pass (wasm-vector.ts), on the wasm backend.
      const [p2, m2, v2] = wasmAdamStep(
        { p: params, g, m: this.m, v: this.v },
        {
          beta1,
          beta2,
          c2: 1 / Math.sqrt(bc2),
          epsilon,
          lrc: learningRate / bc1,
          l2: weightDecay !== 0 && !decoupled ? weightDecay : null,
          decay: weightDecay !== 0 && decoupled ? 1 - learningRate * weightDecay : null,
        },
      );
      this.m.assign(m2);
      this.v.assign(v2);
      this.assignFlat(p2);
      return;
    }
    if (weightDecay !== 0 && !decoupled) g = tf.add(g, tf.mul(params, weightDecay));
    const m: tf.Tensor1D = tf.add(tf.mul(this.m, beta1), tf.mul(g, 1 - beta1));
    const v: tf.Tensor1D = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(g), 1 - beta2));
    this.m.assign(m);
    this.v.assign(v);
    const denom = tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(bc2)), epsilon);
    const start =
      weightDecay !== 0 && decoupled ? tf.mul(params, 1 - learningRate * weightDecay) : params;
    this.assignFlat(tf.sub(start, tf.mul(tf.div(m, denom), learningRate / bc1)));
  }

  /** Writes the flat parameter vector back into the variables. */
  private assignFlat(updated: tf.Tensor1D): void {
    const parts = tf.split(updated, this.sizes);
    this.vars.forEach((x, i) => x.assign(tf.reshape(parts[i] as tf.Tensor, x.shape)));
  }

  /** Steps taken so far (the bias correction depends on it). */
  get steps(): number {
    return this.step;
  }

  /** The moments `[m, v]`, for a checkpoint (read them with `data()`; do not dispose). */
  get moments(): readonly [tf.Variable, tf.Variable] {
    return [this.m, this.v];
  }

  /** Puts saved moments back and the step count they were taken at (continuing a run). */
  restore(m: ArrayLike<number>, v: ArrayLike<number>, steps: number): void {
    if (m.length !== this.m.size || v.length !== this.v.size)
      throw new Error('The saved optimiser moments do not fit this model.');
    tf.tidy(() => {
      this.m.assign(tf.tensor1d(Float32Array.from(m)));
      this.v.assign(tf.tensor1d(Float32Array.from(v)));
    });
    this.step = steps;
  }

  /** Frees the moment estimates (not the variables, which the network owns). */
  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
