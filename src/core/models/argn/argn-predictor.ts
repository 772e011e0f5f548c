/**
 * ARGN's predictors as what they are: one small dense block per column, `[h_j, k_j]`, inside the
 * stored `[H, V]` weight (the layout model files and the DP step keep). The masked dense product
 * `h · (W ⊙ Mₚ)` spends about nine of every ten multiply-adds on zeros of the mask (adult: 380 k
 * per row against 31 k in the blocks), forward and in both backward products, and it was most of
 * a training step. Here the forward is one product per block, and the gradient is assembled from
 * the blocks: the same values as the masked product, zero outside the blocks as before.
 */
import * as tf from '@tensorflow/tfjs';

/** Where column j's block sits: its units `[h0, h0 + h)` and tokens `[k0, k0 + k)`. */
export interface PredictorBlock {
  h0: number;
  h: number;
  k0: number;
  k: number;
}

/** The blocks of a last regressor layer of `units` per column over `cards` tokens per column. */
export function predictorBlocks(
  units: readonly number[],
  cards: readonly number[],
): PredictorBlock[] {
  let h0 = 0;
  let k0 = 0;
  return units.map((h, j) => {
    const k = cards[j] as number;
    const block = { h0, h, k0, k };
    h0 += h;
    k0 += k;
    return block;
  });
}

/**
 * Logits `[B, V]` = `h · (W ⊙ Mₚ) + b` for last-layer activations `h` `[B, H]`, weights `w`
 * `[H, V]` and biases `b` `[V]`, computed block by block.
 */
export function blockPredict(
  h: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  blocks: readonly PredictorBlock[],
): tf.Tensor2D {
  const V = w.shape[1];
  const ofH = (t: tf.Tensor2D, bl: PredictorBlock) => tf.slice(t, [0, bl.h0], [-1, bl.h]);
  const ofW = (t: tf.Tensor2D, bl: PredictorBlock) => tf.slice(t, [bl.h0, bl.k0], [bl.h, bl.k]);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const hIn = args[0] as tf.Tensor2D;
    const wIn = args[1] as tf.Tensor2D;
    const save = args[2] as tf.GradSaveFunc;
    save([hIn, wIn]);
    const value = tf.concat(
      blocks.map((bl) => tf.matMul(ofH(hIn, bl), ofW(wIn, bl))),
      1,
    ) as tf.Tensor2D;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [hS, wS] = saved as [tf.Tensor2D, tf.Tensor2D];
      const dys = blocks.map((bl) => tf.slice(dy as tf.Tensor2D, [0, bl.k0], [-1, bl.k]));
      const dh = tf.concat(
        blocks.map((bl, j) => tf.matMul(dys[j] as tf.Tensor2D, ofW(wS, bl), false, true)),
        1,
      );
      const rows = blocks.map((bl, j) => {
        const g: tf.Tensor2D = tf.matMul(ofH(hS, bl), dys[j] as tf.Tensor2D, true, false);
        const parts: tf.Tensor2D[] = [];
        if (bl.k0 > 0) parts.push(tf.zeros<tf.Rank.R2>([bl.h, bl.k0]));
        parts.push(g);
        if (V - bl.k0 - bl.k > 0) parts.push(tf.zeros<tf.Rank.R2>([bl.h, V - bl.k0 - bl.k]));
        return parts.length === 1 ? g : tf.concat(parts, 1);
      });
      return [dh, rows.length === 1 ? (rows[0] as tf.Tensor2D) : tf.concat(rows, 0)];
    };
    return { value, gradFunc };
  });
  return tf.add(op(h, w) as tf.Tensor2D, b);
}
