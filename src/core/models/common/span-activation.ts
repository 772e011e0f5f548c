/**
 * The generator's output activations, span by span as the Layout describes them: tanh on scalar
 * spans, Gumbel-softmax on softmax spans (Jang et al. 2017; CTGAN uses temperature 0.2), and the
 * conditional cross-entropy of the discrete columns' spans. Offsets come from the Layout only.
 *
 * The whole-width work (noise, temperature) is done on `[batch, dataDim]` at once and the spans
 * are cut with one split, so the op count grows by one or two per span, not a dozen.
 */
import * as tf from '@tensorflow/tfjs';
import type { Layout } from '../../data/spans';
import { randomUniform } from './noise';

/**
 * int32 one-hots of int32 `indices` along a new last axis; an index of -1 gives a zero row.
 * tf.oneHot refuses depth 1 (a one-level column, a one-mode span, a one-token vocabulary), so
 * there the one-hot is `index === 0`.
 */
export function oneHotAny<R extends tf.Rank>(indices: tf.Tensor, depth: number): tf.Tensor<R> {
  if (depth === 1) return tf.expandDims(tf.cast(tf.equal(indices, 0), 'int32'), -1) as tf.Tensor<R>;
  return tf.oneHot(indices, depth, 1, 0, 'int32') as tf.Tensor<R>;
}

/**
 * `[n, depth]` float32 one-hots of int32 `indices`. Built as int32 and cast: tfjs-wasm 4.22's
 * OneHot kernel ignores a float32 dtype and writes integer bits (1 reads as 1.4e-45).
 */
export function oneHotFloat(indices: tf.Tensor1D, depth: number): tf.Tensor2D {
  return tf.cast(oneHotAny<tf.Rank.R2>(indices, depth), 'float32');
}

/** Smallest and largest uniform draws for Gumbel noise: keeps -log(-log(u)) finite in float32. */
const U_MIN = 1e-20;
const U_MAX = 1 - 1e-7;

export class SpanActivation {
  /** `[1, dataDim]`: 1 on softmax dimensions, 0 on tanh dimensions. */
  private readonly softmaxMask: tf.Tensor2D;
  /** `[1, dataDim]`: 1/temperature on softmax dimensions, 1 on tanh dimensions. */
  private readonly inverseTemperature: tf.Tensor2D;
  private readonly dims: number[];

  constructor(
    private readonly layout: Layout,
    temperature: number,
  ) {
    if (!(temperature > 0)) throw new Error('the Gumbel-softmax temperature must be positive');
    const mask = new Float32Array(layout.dataDim);
    const inv = new Float32Array(layout.dataDim).fill(1);
    for (const span of layout.spans) {
      if (span.activation !== 'softmax') continue;
      mask.fill(1, span.start, span.end);
      inv.fill(1 / temperature, span.start, span.end);
    }
    this.softmaxMask = tf.tensor2d(mask, [1, layout.dataDim]);
    this.inverseTemperature = tf.tensor2d(inv, [1, layout.dataDim]);
    this.dims = layout.spans.map((s) => s.dim);
  }

  /** Standard Gumbel noise on softmax dimensions, 0 on tanh dimensions: `[rows, dataDim]`. */
  private gumbel(rows: number, seed: number): tf.Tensor2D {
    const u = randomUniform([rows, this.layout.dataDim], U_MIN, U_MAX, seed);
    return tf.mul(tf.neg(tf.log(tf.neg(tf.log(u)))), this.softmaxMask);
  }

  /** Cuts `[batch, dataDim]` into its spans, in layout order. */
  private spans(x: tf.Tensor2D): tf.Tensor2D[] {
    return this.dims.length === 1 ? [x] : tf.split(x, this.dims, 1);
  }

  /**
   * Training output `[batch, dataDim]` from the generator's raw output: tanh on scalar spans,
   * `softmax((logits + Gumbel) / temperature)` on softmax spans (soft, differentiable).
   */
  soft(raw: tf.Tensor2D, seed: number): tf.Tensor2D {
    const z: tf.Tensor2D = tf.mul(
      tf.add(raw, this.gumbel(raw.shape[0], seed)),
      this.inverseTemperature,
    );
    const parts = this.spans(z).map((part, i) =>
      this.layout.spans[i]?.activation === 'tanh' ? tf.tanh(part) : tf.softmax(part),
    );
    return parts.length === 1 ? (parts[0] as tf.Tensor2D) : tf.concat(parts, 1);
  }

  /**
   * Sampling output `[batch, dataDim]`: tanh on scalar spans, and on each softmax span the one-hot
   * of `argmax(logits + Gumbel)`, i.e. a draw from the span's categorical (the argmax of the
   * Gumbel-softmax at any temperature).
   */
  hard(raw: tf.Tensor2D, seed: number): tf.Tensor2D {
    const z: tf.Tensor2D = tf.add(raw, this.gumbel(raw.shape[0], seed));
    const parts = this.spans(z).map((part, i) => {
      const span = this.layout.spans[i];
      if (span?.activation === 'tanh') return tf.tanh(part);
      return oneHotFloat(tf.argMax<tf.Tensor1D>(part, 1), part.shape[1]);
    });
    return parts.length === 1 ? (parts[0] as tf.Tensor2D) : tf.concat(parts, 1);
  }

  /**
   * The conditional loss: cross-entropy between the raw logits of each discrete column's span
   * and the level `cond` `[batch, condDim]` asks for, kept only for the span it conditions on,
   * summed over spans and averaged over the batch. 0 without discrete columns.
   */
  conditionalLoss(raw: tf.Tensor2D, cond: tf.Tensor2D): tf.Scalar {
    const spans = this.layout.condSpans;
    if (spans.length === 0) return tf.scalar(0);
    const logProbs = spans.map((s) => tf.logSoftmax(tf.slice(raw, [0, s.start], [-1, s.dim])));
    const all = logProbs.length === 1 ? (logProbs[0] as tf.Tensor2D) : tf.concat(logProbs, 1);
    return tf.div(tf.neg(tf.sum(tf.mul(all, cond))), raw.shape[0]);
  }

  dispose(): void {
    this.softmaxMask.dispose();
    this.inverseTemperature.dispose();
  }
}
