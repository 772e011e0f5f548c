/**
 * DP-SGD's gradient for ARGN (Abadi et al. 2016): every row's own gradient clipped to L2 norm
 * `clip`, the clipped gradients summed, Gaussian noise of deviation `noiseMultiplier · clip`
 * added to every coordinate the step can touch.
 *
 * Per-row gradients without a loop over rows. Every layer of the fused network is a masked
 * dense layer `Z = A · (W ⊙ M) + b` (the embedding too: A is the multi-hot row, M its block
 * mask), so a row's gradient for W is the masked outer product `(aᵢᵀ δᵢ) ⊙ M`, with aᵢ the
 * row's layer input and δᵢ = ∂Lᵢ/∂Zᵢ. With a 0/1 mask its squared norm is
 * `Σ_{d,h} aᵢd² M[d,h] δᵢh²`, that is the row sums of `(A² · M) ⊙ Δ²`: one matmul per layer for
 * the whole batch (Goodfellow 2015, "Efficient per-example gradient computations", with masks).
 * A bias adds `‖δᵢ‖²`. The δ's come from a hand-written backward pass (softmax per column
 * minus the one-hot row, then through the predictor, ReLUs and layers), which a unit test
 * holds against tfjs' own gradients row by row. Once each row's scale
 * `sᵢ = min(1, clip / ‖gᵢ‖)` is known, the summed clipped gradient of every layer is
 * `Aᵀ · (s ⊙ Δ) ⊙ M` and `Σᵢ sᵢ δᵢ`: the per-row gradients are never formed.
 *
 * No dropout under DP: the noise regularises, and the forward pass stays the one the
 * gradients are taken of.
 */
import * as tf from '@tensorflow/tfjs';
import type { ArgnConstants, ArgnParams } from './argn-net';
import { compactPredictor, densePredictor } from './argn-predictor';

/** The summed clipped gradients of one batch, and what it saw. */
export interface ClippedGradients {
  /** Per variable name, `Σᵢ sᵢ gᵢ` (no noise yet). */
  grads: tf.NamedTensorMap;
  /** Each row's gradient norm before clipping `[B]` (0 for padding rows). */
  norms: tf.Tensor1D;
  /** Summed cross-entropy of the real rows (nats). */
  lossSum: tf.Scalar;
}

/** One masked dense layer as the backward pass met it. */
interface Tap {
  input: tf.Tensor2D;
  mask: tf.Tensor2D;
  delta: tf.Tensor2D;
  weight: tf.Variable;
  bias: tf.Variable | null;
  /** The weight keeps only its mask's blocks, flat (the predictor): the gradient is compacted. */
  blocks?: ArgnConstants['predictorBlocks'];
}

/** The predictor's `[H, V]` masked dense weight, from its flat blocks. */
function predictorWeight(p: ArgnParams, c: ArgnConstants): tf.Tensor2D {
  return densePredictor(p.predictor.w, c.predictorMask.shape[1], c.predictorBlocks);
}

/** Each column's largest logit `[B, C]` (forward only: the shift cancels out of the loss). */
function columnMax(logits: tf.Tensor2D, c: ArgnConstants): tf.Tensor2D {
  const batch = logits.shape[0];
  const padded = tf.concat([logits, tf.fill([batch, 1], -1e9)], 1);
  const grouped = tf.reshape(tf.gather(padded, c.padIndex, 1), [batch, -1, c.kMax]);
  return tf.max(grouped, 2) as tf.Tensor2D;
}

/**
 * The forward pass of argn-net's `forward` (no dropout) keeping each layer's input and
 * pre-activation, then the per-row loss and its gradient for the logits, `softmax − x` per
 * column.
 */
function forwardTaps(p: ArgnParams, c: ArgnConstants, x: tf.Tensor2D, mask: tf.Tensor2D) {
  const inputs: tf.Tensor2D[] = [];
  const pre: tf.Tensor2D[] = [];
  const masks: tf.Tensor2D[] = [];
  let a: tf.Tensor2D = tf.matMul(x, tf.mul(p.embedding, c.embeddingMask));
  p.layers.forEach((layer, l) => {
    const m = l === 0 ? mask : (c.layerMasks[l - 1] as tf.Tensor2D);
    inputs.push(a);
    masks.push(m);
    const z = tf.add(tf.matMul(a, tf.mul(layer.w, m)), layer.b) as tf.Tensor2D;
    pre.push(z);
    a = tf.relu(z) as tf.Tensor2D;
  });
  const predictor = predictorWeight(p, c);
  const logits = tf.add(tf.matMul(a, predictor), p.predictor.b) as tf.Tensor2D;
  const top = columnMax(logits, c);
  const e = tf.exp(tf.sub(logits, tf.matMul(top, c.spread)));
  const z = tf.matMul(e, c.segments);
  const softmax = tf.div(e, tf.matMul(z, c.spread));
  const loss = tf.sub(tf.sum(tf.add(tf.log(z), top), 1), tf.sum(tf.mul(logits, x), 1));
  const dLogits = tf.sub(softmax, x) as tf.Tensor2D;
  return { inputs, pre, masks, last: a, predictor, dLogits, loss };
}

/** The backward pass: each masked dense layer's input, mask and output gradient Δ. */
function backwardTaps(p: ArgnParams, c: ArgnConstants, x: tf.Tensor2D, mask: tf.Tensor2D) {
  const f = forwardTaps(p, c, x, mask);
  const taps: Tap[] = [
    {
      input: f.last,
      mask: c.predictorMask,
      delta: f.dLogits,
      weight: p.predictor.w,
      bias: p.predictor.b,
      blocks: c.predictorBlocks,
    },
  ];
  let up: tf.Tensor2D = tf.matMul(f.dLogits, f.predictor, false, true);
  for (let l = p.layers.length - 1; l >= 0; l -= 1) {
    const layer = p.layers[l] as ArgnParams['layers'][number];
    const z = f.pre[l] as tf.Tensor2D;
    const delta = tf.mul(up, tf.cast(tf.greater(z, 0), 'float32')) as tf.Tensor2D;
    const m = f.masks[l] as tf.Tensor2D;
    taps.push({
      input: f.inputs[l] as tf.Tensor2D,
      mask: m,
      delta,
      weight: layer.w,
      bias: layer.b,
    });
    up = tf.matMul(delta, tf.mul(layer.w, m), false, true);
  }
  taps.push({ input: x, mask: c.embeddingMask, delta: up, weight: p.embedding, bias: null });
  return { taps, loss: f.loss };
}

/**
 * The summed per-row clipped gradients of a batch. `x` `[B, V]` multi-hot rows, `weights` `[B]`
 * 1 for a real row and 0 for padding (a padded row adds nothing), `mask` the first layer's
 * `[D, H₁]` mask for this step's column order. Call inside `tf.tidy`.
 */
export function clippedGradients(
  p: ArgnParams,
  c: ArgnConstants,
  x: tf.Tensor2D,
  weights: tf.Tensor1D,
  mask: tf.Tensor2D,
  clip: number,
): ClippedGradients {
  const { taps, loss } = backwardTaps(p, c, x, mask);
  let squared: tf.Tensor = tf.zeros([x.shape[0]]);
  for (const t of taps) {
    const d2 = tf.square(t.delta);
    squared = tf.add(squared, tf.sum(tf.mul(tf.matMul(tf.square(t.input), t.mask), d2), 1));
    if (t.bias) squared = tf.add(squared, tf.sum(d2, 1));
  }
  const norms = tf.mul(tf.sqrt(squared), weights) as tf.Tensor1D;
  const scale = tf.mul(weights, tf.minimum(1, tf.div(clip, tf.maximum(norms, 1e-12))));
  const column = tf.reshape(scale, [-1, 1]);
  const grads: tf.NamedTensorMap = {};
  for (const t of taps) {
    const scaled = tf.mul(t.delta, column);
    const g = tf.mul(tf.matMul(t.input, scaled, true, false), t.mask) as tf.Tensor2D;
    grads[t.weight.name] = t.blocks ? compactPredictor(g, t.blocks) : g;
    if (t.bias) grads[t.bias.name] = tf.sum(scaled, 0);
  }
  return { grads, norms, lossSum: tf.sum(tf.mul(loss, weights)) };
}

/**
 * The step's noisy mean gradient: each summed clipped gradient plus Gaussian noise of
 * deviation `noiseMultiplier · clip` on every coordinate the step can change (a weight outside
 * its layer's mask gets neither gradient nor noise), over the expected batch size (the Poisson
 * batch's own size would tell how many rows it drew). Call inside `tf.tidy`.
 */
export function noisyMean(
  summed: tf.NamedTensorMap,
  masks: ReadonlyMap<string, tf.Tensor>,
  std: number,
  expectedBatch: number,
  seed: () => number,
): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [name, g] of Object.entries(summed)) {
    let noise: tf.Tensor = tf.randomNormal(g.shape, 0, std, 'float32', seed());
    const m = masks.get(name);
    if (m) noise = tf.mul(noise, m);
    out[name] = tf.div(tf.add(g, noise), expectedBatch);
  }
  return out;
}

/**
 * Each weight's mask for this step, by variable name (biases have none, nor the predictor, which
 * keeps only the coordinates of its blocks).
 */
export function stepMasks(
  p: ArgnParams,
  c: ArgnConstants,
  mask: tf.Tensor2D,
): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>([[p.embedding.name, c.embeddingMask]]);
  p.layers.forEach((layer, l) =>
    out.set(layer.w.name, l === 0 ? mask : (c.layerMasks[l - 1] as tf.Tensor2D)),
  );
  return out;
}
