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
 * The bias (and the ReLU, outside a gradient) is fused into the matMul kernel.
 */
export function mlp(x: tf.Tensor2D, layers: readonly DenseParams[]): tf.Tensor2D {
  let h = x;
  layers.forEach((p, i) => {
    const relu = i < layers.length - 1;
    h = tf.fused.matMul({
      a: h,
      b: p.w,
      bias: p.b,
      activation: relu ? 'relu' : 'linear',
    }) as tf.Tensor2D;
  });
  return h;
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
