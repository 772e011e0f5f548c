/**
 * The TVAE's loss terms (Xu et al. 2019), read off the span layout: a Gaussian
 * likelihood with a learned per-dimension σ on the scalar (tanh) dimensions, cross-entropy on
 * every softmax span, and the KL divergence of the encoder's posterior from N(0, I).
 */
import * as tf from '@tensorflow/tfjs';
import type { Layout } from '../../data/spans';

/** What the loss needs from the layout, as plain data (build once per model). */
export interface LossPlan {
  dataDim: number;
  /** Number of scalar (tanh) dimensions. */
  scalarDims: number;
  /** Number of softmax spans. */
  softmaxSpans: number;
  /** 1 on scalar dimensions, 0 elsewhere; `[dataDim]`. */
  scalarMask: Float32Array;
  /** 1 on softmax dimensions, 0 elsewhere; `[dataDim]`. */
  softmaxMask: Float32Array;
  /** Row-major `[dataDim, scalarDims]`: picks the scalar dimensions out of a row. */
  scalarPick: Float32Array;
  /** Row-major `[dataDim, softmaxSpans]`: 1 where a dimension belongs to a softmax span. */
  spanIndicator: Float32Array;
  /** Widest softmax span. */
  maxWidth: number;
  /**
   * `[softmaxSpans * maxWidth]`: the dimension at each (span, slot), or `dataDim` (a padding
   * column of -1e9) where a span is narrower than `maxWidth`.
   */
  padIndex: Int32Array;
}

/** Reads the span list once into the arrays the loss uses. */
export function planLoss(layout: Layout): LossPlan {
  const dataDim = layout.dataDim;
  const scalar = layout.spans.filter((s) => s.activation === 'tanh');
  const softmax = layout.spans.filter((s) => s.activation === 'softmax');
  const scalarMask = new Float32Array(dataDim);
  const softmaxMask = new Float32Array(dataDim);
  const scalarPick = new Float32Array(dataDim * scalar.length);
  const spanIndicator = new Float32Array(dataDim * softmax.length);
  scalar.forEach((span, j) => {
    scalarMask[span.start] = 1;
    scalarPick[span.start * scalar.length + j] = 1;
  });
  softmax.forEach((span, j) => {
    softmaxMask.fill(1, span.start, span.end);
    for (let d = span.start; d < span.end; d += 1) spanIndicator[d * softmax.length + j] = 1;
  });
  const maxWidth = softmax.reduce((m, span) => Math.max(m, span.dim), 1);
  const padIndex = new Int32Array(softmax.length * maxWidth).fill(dataDim);
  softmax.forEach((span, j) => {
    for (let k = 0; k < span.dim; k += 1) padIndex[j * maxWidth + k] = span.start + k;
  });
  return {
    dataDim,
    scalarDims: scalar.length,
    softmaxSpans: softmax.length,
    scalarMask,
    softmaxMask,
    scalarPick,
    spanIndicator,
    maxWidth,
    padIndex,
  };
}

/** The plan on the backend (owned by the model, disposed with it). */
export interface LossMasks {
  /** 1 on scalar dimensions, `[dataDim]`. */
  scalar: tf.Tensor1D;
  /** 1 on softmax dimensions, `[dataDim]`. */
  softmax: tf.Tensor1D;
  /** 0 on softmax dimensions and −1e9 on scalar ones, `[dataDim]`: masks them out of a max. */
  softmaxShift: tf.Tensor1D;
  /** `[dataDim, scalarDims]`: a matMul with it keeps the scalar dimensions only. */
  scalarPick: tf.Tensor2D;
  /** `[dataDim, spans]`: sums each softmax span of a row. */
  gather: tf.Tensor2D;
  /** `[spans, dataDim]`: spreads a per-span value over its dimensions. */
  spread: tf.Tensor2D;
  /** See {@link LossPlan.padIndex} (used forward only: the gather has no wasm gradient). */
  padIndex: tf.Tensor1D;
  spans: number;
  maxWidth: number;
}

const MASKED_OUT = -1e9;
/** Floor on a span's sum of exponentials (see {@link softmaxCrossEntropy}). */

export function uploadMasks(plan: LossPlan): LossMasks {
  return tf.tidy(() => {
    // Layouts without scalars or without softmax spans get one all-zero column instead, so
    // every shape stays valid; the loss skips that term.
    const column = (values: Float32Array, n: number) =>
      n > 0 ? tf.tensor2d(values, [plan.dataDim, n]) : tf.zeros<tf.Rank.R2>([plan.dataDim, 1]);
    const gather = column(plan.spanIndicator, plan.softmaxSpans);
    return {
      scalar: tf.tensor1d(plan.scalarMask),
      softmax: tf.tensor1d(plan.softmaxMask),
      softmaxShift: tf.tensor1d(plan.scalarMask.map((m) => m * MASKED_OUT)),
      scalarPick: column(plan.scalarPick, plan.scalarDims),
      gather,
      spread: tf.transpose(gather),
      padIndex: tf.tensor1d(plan.padIndex, 'int32'),
      spans: plan.softmaxSpans,
      maxWidth: plan.maxWidth,
    };
  });
}

/**
 * Summed cross-entropy of every softmax span against its one-hot target, `[batch, dataDim]`
 * logits in, a scalar out (not yet divided by the batch). One custom-gradient op for all spans
 * (a per-span loop costs hundreds of small kernels per step).
 *
 * Each span's log-sum-exp is shifted by that span's OWN maximum (found by a forward-only gather
 * into `[batch, spans, maxWidth]`). A single shift per row, as an earlier version used, lets the
 * spans far below the row's largest logit underflow to exp(-88) = 0 once training sharpens the
 * logits; that corrupted the loss and its gradient, and long runs diverged.
 */
export function softmaxCrossEntropy(out: tf.Tensor2D, x: tf.Tensor2D, masks: LossMasks): tf.Scalar {
  const target = tf.mul(x, masks.softmax);
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [logits, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const batch = logits.shape[0];
    const padded = tf.concat([logits, tf.fill([batch, 1], MASKED_OUT)], 1);
    const grouped = tf.reshape(tf.gather(padded, masks.padIndex, 1), [
      batch,
      masks.spans,
      masks.maxWidth,
    ]);
    const spanMax = tf.max(grouped, 2);
    const shift = tf.matMul(spanMax, masks.spread);
    const e = tf.exp(tf.add(tf.sub(logits, shift), masks.softmaxShift));
    const sums = tf.matMul(e, masks.gather);
    const normalisers = tf.add(tf.sum(tf.log(sums)), tf.sum(spanMax));
    const value = tf.sub(normalisers, tf.sum(tf.mul(logits, target)));
    // The gradient runs after the forward scope is gone: everything it reads is saved.
    save([e, sums, target]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [se, ssums, st] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const denominators = tf.add(tf.matMul(ssums, masks.spread), masks.scalar);
      return tf.mul(tf.sub(tf.div(se, denominators), st), dy);
    };
    return { value, gradFunc };
  });
  return f(out) as tf.Scalar;
}

export function reconstructionLoss(
  out: tf.Tensor2D,
  x: tf.Tensor2D,
  sigma: tf.Tensor1D,
  plan: LossPlan,
  masks: LossMasks,
  lossFactor: number,
): tf.Scalar {
  const batch = out.shape[0];
  const terms: tf.Scalar[] = [];
  if (plan.scalarDims > 0) terms.push(gaussianTerm(out, x, sigma, masks));
  if (plan.softmaxSpans > 0) terms.push(softmaxCrossEntropy(out, x, masks));
  const total = tf.addN(terms) as tf.Scalar;
  return tf.mul(total, lossFactor / batch);
}

/**
 * `Σ (x − tanh(out))² / (2σ²)` over rows and scalar dimensions, plus `Σ log σ` over the scalar
 * dimensions. The scalar dimensions are picked out by a matMul first, so `tanh` and the
 * elementwise work run on `[batch, scalarDims]` only.
 */
function gaussianTerm(
  out: tf.Tensor2D,
  x: tf.Tensor2D,
  sigma: tf.Tensor1D,
  masks: LossMasks,
): tf.Scalar {
  const predicted = tf.tanh(tf.matMul(out, masks.scalarPick));
  const target = tf.matMul(x, masks.scalarPick);
  const scalarSigma = tf.matMul(tf.reshape(sigma, [1, -1]), masks.scalarPick);
  const squared = tf.sum(
    tf.div(tf.square(tf.sub(target, predicted)), tf.mul(tf.square(scalarSigma), 2)),
  );
  return tf.add(squared, tf.sum(tf.log(scalarSigma)));
}

/**
 * KL divergence of N(mu, exp(logvar)) from N(0, I), summed over latent dimensions and rows and
 * divided by the batch size: `−½ Σ (1 + logvar − mu² − exp(logvar)) / batch`.
 *
 * @param mu `[batch, latent]`
 * @param logvar `[batch, latent]`
 */
export function klLoss(mu: tf.Tensor2D, logvar: tf.Tensor2D): tf.Scalar {
  const terms = tf.sub(tf.sub(tf.add(logvar, 1), tf.square(mu)), tf.exp(logvar));
  return tf.mul(tf.sum(terms), -0.5 / mu.shape[0]);
}
