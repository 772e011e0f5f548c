/**
 * Linear and batch-norm layers on raw tfjs ops, initialised from our seeded {@link Rng} the way
 * PyTorch initialises `nn.Linear` and `nn.BatchNorm1d`, so a seed fixes every weight.
 *
 * Batch norm is written by hand: `tf.batchNorm`'s gradient goes through a slow Tile kernel on
 * wasm (see research/tfjs-cpu-profile.md) and cannot be differentiated twice.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../rng';

/** `y = x·w + b` with `w` `[fanIn, fanOut]` (PyTorch stores the transpose) and `b` `[fanOut]`. */
export interface DenseParams {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

/** Batch norm over the batch axis: scale/shift plus the running statistics used at inference. */
export interface BatchNormParams {
  gamma: tf.Variable<tf.Rank.R1>;
  beta: tf.Variable<tf.Rank.R1>;
  runningMean: tf.Variable<tf.Rank.R1>;
  runningVar: tf.Variable<tf.Rank.R1>;
}

/** PyTorch's `BatchNorm1d` defaults. */
export const BATCH_NORM_EPS = 1e-5;
export const BATCH_NORM_MOMENTUM = 0.1;

function uniformValues(n: number, bound: number, rng: Rng): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 1) out[i] = (rng.uniform() * 2 - 1) * bound;
  return out;
}

/** A Linear layer as PyTorch initialises it: weight and bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
export function createDense(fanIn: number, fanOut: number, rng: Rng): DenseParams {
  const bound = 1 / Math.sqrt(fanIn);
  const w = uniformValues(fanIn * fanOut, bound, rng);
  const b = uniformValues(fanOut, bound, rng);
  return denseFromValues(fanIn, fanOut, w, b);
}

/** A Linear layer with the given weights (`w` row-major `[fanIn, fanOut]`). */
export function denseFromValues(
  fanIn: number,
  fanOut: number,
  w: ArrayLike<number>,
  b: ArrayLike<number>,
): DenseParams {
  if (w.length !== fanIn * fanOut || b.length !== fanOut) {
    throw new Error(`dense weights do not match ${fanIn}x${fanOut}`);
  }
  return tf.tidy(() => ({
    w: tf.variable(tf.tensor2d(Float32Array.from(w), [fanIn, fanOut])),
    b: tf.variable(tf.tensor1d(Float32Array.from(b))),
  }));
}

/**
 * `[batch, fanIn]` -> `[batch, fanOut]`. `fused` uses `tf.fused.matMul` with the bias (one kernel
 * forward); its gradient always computes both the input and weight gradients, so layers whose
 * input gradient is never needed twice (the generator) gain, and the critic, whose penalty
 * differentiates with respect to its input only, keeps the plain form with lazy gradients.
 */
export function dense(x: tf.Tensor2D, p: DenseParams, fused: boolean): tf.Tensor2D {
  if (fused) return tf.fused.matMul({ a: x, b: p.w, bias: p.b }) as tf.Tensor2D;
  return tf.add(tf.matMul(x, p.w), p.b);
}

/** Saved batch-norm values (all of width `width`). */
export interface BatchNormValues {
  gamma: ArrayLike<number>;
  beta: ArrayLike<number>;
  runningMean: ArrayLike<number>;
  runningVar: ArrayLike<number>;
}

/**
 * Batch norm for `width` features, from saved values or PyTorch's start (gamma 1, beta 0,
 * running mean 0, running variance 1). The running statistics are not trainable.
 */
export function createBatchNorm(width: number, values?: BatchNormValues): BatchNormParams {
  const v = values ?? {
    gamma: new Float32Array(width).fill(1),
    beta: new Float32Array(width),
    runningMean: new Float32Array(width),
    runningVar: new Float32Array(width).fill(1),
  };
  const parts = [v.gamma, v.beta, v.runningMean, v.runningVar];
  if (parts.some((a) => a.length !== width)) {
    throw new Error(`batch-norm values do not match width ${width}`);
  }
  const vec = (a: ArrayLike<number>) => tf.tensor1d(Float32Array.from(a));
  return tf.tidy(() => ({
    gamma: tf.variable(vec(v.gamma)),
    beta: tf.variable(vec(v.beta)),
    runningMean: tf.variable(vec(v.runningMean), false),
    runningVar: tf.variable(vec(v.runningVar), false),
  }));
}

/**
 * Training-mode batch norm on `[batch, width]`: normalises with the batch mean and biased
 * variance, and moves the running statistics as PyTorch does (momentum 0.1, unbiased variance).
 */
export function batchNormTrain(x: tf.Tensor2D, p: BatchNormParams): tf.Tensor2D {
  const n = x.shape[0];
  const mean = tf.mean(x, 0);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), 0);
  const m = BATCH_NORM_MOMENTUM;
  p.runningMean.assign(tf.add(tf.mul(p.runningMean, 1 - m), tf.mul(mean, m)));
  const unbiased = n > 1 ? n / (n - 1) : 1;
  p.runningVar.assign(tf.add(tf.mul(p.runningVar, 1 - m), tf.mul(variance, m * unbiased)));
  const scale = tf.mul(p.gamma, tf.rsqrt(tf.add(variance, BATCH_NORM_EPS)));
  return tf.add(tf.mul(centered, scale), p.beta);
}

/** Inference-mode batch norm: the running statistics, so each row is independent of its batch. */
export function batchNormInference(x: tf.Tensor2D, p: BatchNormParams): tf.Tensor2D {
  const scale = tf.mul(p.gamma, tf.rsqrt(tf.add(p.runningVar, BATCH_NORM_EPS)));
  return tf.add(tf.mul(tf.sub(x, p.runningMean), scale), p.beta);
}

/** The trainable variables of a dense layer. */
export function denseVariables(p: DenseParams): tf.Variable[] {
  return [p.w, p.b];
}

/** Frees a layer's tensors. */
export function disposeParams(p: DenseParams | BatchNormParams): void {
  tf.dispose(Object.values(p) as tf.Variable[]);
}
