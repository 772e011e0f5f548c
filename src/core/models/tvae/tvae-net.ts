/**
 * The TVAE's two stacks of linear layers (dense.ts layers, PyTorch initialisation from the seeded
 * {@link Rng}), and the save/restore form of their weights.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../rng';
import {
  createDense,
  denseFromValues,
  denseVariables,
  disposeParams,
  type DenseParams,
} from '../common/dense';
import type { SavedTensor } from '../common/neural';

/**
 * Layers of widths `dims[0]` → `dims[1]` → … → `dims[n]`, initialised in order (each layer's
 * weight, then its bias) as PyTorch's `nn.Linear`: U(−1/√fanIn, 1/√fanIn).
 */
export function createLayers(dims: readonly number[], rng: Rng): DenseParams[] {
  return dims.slice(1).map((fanOut, i) => createDense(dims[i] as number, fanOut, rng));
}

/**
 * Runs `layers` in order, ReLU after each but the last: `[batch, dims[0]]` → `[batch, dims[n]]`.
 * Outside a gradient each layer is one fused kernel (matMul, bias, ReLU). Inside one, each layer
 * is one custom-gradient op ({@link denseOp}) so its forward pass stays fused as well.
 *
 * @param inputIsData the input is a constant (the data), so the first layer skips `dX`
 */
export function mlp(
  x: tf.Tensor2D,
  layers: readonly DenseParams[],
  inputIsData = false,
): tf.Tensor2D {
  let h = x;
  layers.forEach((p, i) => {
    h = denseOp(h, p, i < layers.length - 1, !(inputIsData && i === 0));
  });
  return h;
}

/** `relu?(a·w + b)` as one `_FusedMatMul` kernel, fused even while a gradient is recorded. */
function fusedForward(a: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, relu: boolean): tf.Tensor2D {
  const [rows, fanIn] = a.shape;
  const fanOut = w.shape[1];
  const y = tf.engine().runKernel(
    tf._FusedMatMul,
    {
      a: tf.reshape(a, [1, rows, fanIn]),
      b: tf.reshape(w, [1, fanIn, fanOut]),
      bias: b,
    },
    { transposeA: false, transposeB: false, activation: relu ? 'relu' : 'linear' },
  ) as tf.Tensor;
  return tf.reshape(y, [rows, fanOut]);
}

/**
 * One dense layer as one custom-gradient op. tfjs falls back to separate matMul, add and ReLU
 * kernels (and their gradients) whenever a gradient is recorded; here the forward pass is one
 * kernel and the backward pass is `g = dy·[y > 0]`, `dX = g·wᵀ`, `dW = aᵀ·g`, `db = Σ_rows g`.
 * With `inputGrad` false the input is data: its gradient is never used, so `dX` is not computed.
 */
function denseOp(a: tf.Tensor2D, p: DenseParams, relu: boolean, inputGrad: boolean): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const y = fusedForward(x, w, b, relu);
    save(relu ? [x, w, y] : [x, w]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw, sy] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D | undefined];
      const g = sy ? tf.mul(dy, tf.step(sy)) : dy;
      const dx = inputGrad ? tf.matMul(g, sw, false, true) : tf.zerosLike(sx);
      return [dx, tf.matMul(sx, g, true, false), tf.sum(g, 0)];
    };
    return { value: y, gradFunc };
  });
  return f(a, p.w, p.b) as tf.Tensor2D;
}

/** The trainable variables of `layers`, weight then bias per layer. */
export function layerVariables(layers: readonly DenseParams[]): tf.Variable[] {
  return layers.flatMap(denseVariables);
}

export function disposeLayers(layers: readonly DenseParams[]): void {
  layers.forEach(disposeParams);
}

/** Reads layer weights back as named plain arrays: `<prefix>.<i>.w` `[fanIn, fanOut]`, `.b`. */
export async function saveLayers(
  prefix: string,
  layers: readonly DenseParams[],
): Promise<SavedTensor[]> {
  const out: SavedTensor[] = [];
  for (const [i, p] of layers.entries()) {
    for (const part of ['w', 'b'] as const) {
      const v = p[part];
      out.push({
        name: `${prefix}.${i}.${part}`,
        shape: [...v.shape],
        values: Array.from(await v.data()),
      });
    }
  }
  return out;
}

/**
 * Rebuilds layers of widths `dims` from saved weights, checking every name and shape. Throws a
 * readable error when the file does not fit.
 */
export function restoreLayers(
  prefix: string,
  dims: readonly number[],
  saved: readonly SavedTensor[],
): DenseParams[] {
  const byName = new Map(saved.map((s) => [s.name, s]));
  const take = (name: string, shape: number[]) => {
    const s = byName.get(name);
    if (!s) throw new Error(`The model file has no weight ${name}.`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (s.shape.join('x') !== shape.join('x') || s.values.length !== size) {
      throw new Error(
        `Weight ${name} has shape [${s.shape.join(', ')}], expected [${shape.join(', ')}].`,
      );
    }
    return s.values;
  };
  return dims.slice(1).map((fanOut, i) => {
    const fanIn = dims[i] as number;
    const w = take(`${prefix}.${i}.w`, [fanIn, fanOut]);
    return denseFromValues(fanIn, fanOut, w, take(`${prefix}.${i}.b`, [fanOut]));
  });
}
