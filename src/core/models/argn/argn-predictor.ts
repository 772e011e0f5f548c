/**
 * ARGN's predictors as what they are: one small dense block per column, `[h_j, k_j]`. The
 * trained weight holds only the blocks, one after another in one flat vector (block j row-major
 * at `w0`); model files keep the `[H, V]` layout with zeros outside the blocks
 * (`densePredictorValues`), as the masked dense product `h · (W ⊙ Mₚ)` it equals.
 *
 * That product spent about nine of every ten multiply-adds on zeros of the mask (adult: 380 k per
 * row against 31 k in the blocks), forward and in both backward products; and a dense `[H, V]`
 * weight made the optimiser update 350 k weights (of 563 k on adult) that never receive a
 * gradient. Here the forward is one product per block, and the gradient is the blocks' own.
 */
import * as tf from '@tensorflow/tfjs';

/** Where column j's block sits: its units `[h0, h0 + h)`, tokens `[k0, k0 + k)`, weights at w0. */
export interface PredictorBlock {
  h0: number;
  h: number;
  k0: number;
  k: number;
  /** Offset of the block's `h · k` weights (row-major) in the flat predictor weight. */
  w0: number;
}

/** The blocks of a last regressor layer of `units` per column over `cards` tokens per column. */
export function predictorBlocks(
  units: readonly number[],
  cards: readonly number[],
): PredictorBlock[] {
  let h0 = 0;
  let k0 = 0;
  let w0 = 0;
  return units.map((h, j) => {
    const k = cards[j] as number;
    const block = { h0, h, k0, k, w0 };
    h0 += h;
    k0 += k;
    w0 += h * k;
    return block;
  });
}

/** Weights in the flat predictor: the sum of the blocks' sizes. */
export function predictorSize(blocks: readonly PredictorBlock[]): number {
  return blocks.reduce((s, bl) => s + bl.h * bl.k, 0);
}

/** Calls `visit(flat, dense)` for every weight of the blocks: its flat and `[H, V]` indices. */
function forEachBlockWeight(
  vocabulary: number,
  blocks: readonly PredictorBlock[],
  visit: (flat: number, dense: number) => void,
): void {
  for (const bl of blocks)
    for (let r = 0; r < bl.h; r += 1)
      for (let t = 0; t < bl.k; t += 1)
        visit(bl.w0 + r * bl.k + t, (bl.h0 + r) * vocabulary + bl.k0 + t);
}

/** The blocks of a row-major `[H, V]` weight, flat (what lies outside them is dropped). */
export function compactPredictorValues(
  dense: ArrayLike<number>,
  vocabulary: number,
  blocks: readonly PredictorBlock[],
): Float32Array {
  const out = new Float32Array(predictorSize(blocks));
  forEachBlockWeight(vocabulary, blocks, (f, d) => (out[f] = dense[d] as number));
  return out;
}

/** The row-major `[H, V]` weight of flat blocks, zeros outside them (the model file's layout). */
export function densePredictorValues(
  flat: ArrayLike<number>,
  vocabulary: number,
  blocks: readonly PredictorBlock[],
): Float32Array {
  const units = blocks.reduce((s, bl) => s + bl.h, 0);
  const out = new Float32Array(units * vocabulary);
  forEachBlockWeight(vocabulary, blocks, (f, d) => (out[d] = flat[f] as number));
  return out;
}

/** Column j's block `[h_j, k_j]` of the flat weight `w`. */
export function blockWeight(w: tf.Tensor1D, bl: PredictorBlock): tf.Tensor2D {
  return tf.reshape(tf.slice(w, [bl.w0], [bl.h * bl.k]), [bl.h, bl.k]);
}

/** The flat weight's `[H, V]` masked dense form, on the backend (the DP step's per-row norms). */
export function densePredictor(
  w: tf.Tensor1D,
  vocabulary: number,
  blocks: readonly PredictorBlock[],
): tf.Tensor2D {
  const rows = blocks.map((bl) => {
    const parts: tf.Tensor2D[] = [];
    if (bl.k0 > 0) parts.push(tf.zeros<tf.Rank.R2>([bl.h, bl.k0]));
    parts.push(blockWeight(w, bl));
    if (vocabulary - bl.k0 - bl.k > 0)
      parts.push(tf.zeros<tf.Rank.R2>([bl.h, vocabulary - bl.k0 - bl.k]));
    return parts.length === 1 ? (parts[0] as tf.Tensor2D) : tf.concat(parts, 1);
  });
  return (rows.length === 1 ? rows[0] : tf.concat(rows, 0)) as tf.Tensor2D;
}

/** The blocks of a `[H, V]` tensor (a dense gradient), flat in the predictor's order. */
export function compactPredictor(
  dense: tf.Tensor2D,
  blocks: readonly PredictorBlock[],
): tf.Tensor1D {
  const parts = blocks.map((bl) => tf.reshape(tf.slice(dense, [bl.h0, bl.k0], [bl.h, bl.k]), [-1]));
  return (parts.length === 1 ? parts[0] : tf.concat(parts)) as tf.Tensor1D;
}

/**
 * Logits `[B, V]` = `h · (W ⊙ Mₚ) + b` for last-layer activations `h` `[B, H]`, flat block
 * weights `w` and biases `b` `[V]`, computed block by block.
 */
export function blockPredict(
  h: tf.Tensor2D,
  w: tf.Tensor1D,
  b: tf.Tensor1D,
  blocks: readonly PredictorBlock[],
): tf.Tensor2D {
  const ofH = (t: tf.Tensor2D, bl: PredictorBlock) => tf.slice(t, [0, bl.h0], [-1, bl.h]);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const hIn = args[0] as tf.Tensor2D;
    const wIn = args[1] as tf.Tensor1D;
    const save = args[2] as tf.GradSaveFunc;
    save([hIn, wIn]);
    const value = tf.concat(
      blocks.map((bl) => tf.matMul(ofH(hIn, bl), blockWeight(wIn, bl))),
      1,
    ) as tf.Tensor2D;
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [hS, wS] = saved as [tf.Tensor2D, tf.Tensor1D];
      const dys = blocks.map((bl) => tf.slice(dy as tf.Tensor2D, [0, bl.k0], [-1, bl.k]));
      const dh = tf.concat(
        blocks.map((bl, j) => tf.matMul(dys[j] as tf.Tensor2D, blockWeight(wS, bl), false, true)),
        1,
      );
      const dw = blocks.map((bl, j) =>
        tf.reshape(tf.matMul(ofH(hS, bl), dys[j] as tf.Tensor2D, true, false), [-1]),
      );
      return [dh, dw.length === 1 ? (dw[0] as tf.Tensor1D) : tf.concat(dw)];
    };
    return { value, gradFunc };
  });
  return tf.add(op(h, w) as tf.Tensor2D, b);
}
