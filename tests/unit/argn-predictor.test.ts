import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockMask } from '../../src/core/models/argn/argn-net';
import {
  blockPredict,
  compactPredictor,
  compactPredictorValues,
  densePredictor,
  densePredictorValues,
  predictorBlocks,
  predictorSize,
} from '../../src/core/models/argn/argn-predictor';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const units = [3, 2, 4];
const cards = [2, 5, 3];
const H = 9;
const V = 10;

function random(n: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal());
}

describe('the block predictor', () => {
  it('gives the masked dense product and its gradients, on the blocks alone', () => {
    const rng = new Rng(4);
    const h = tf.tensor2d(random(6 * H, rng), [6, H]);
    const w = tf.tensor2d(random(H * V, rng), [H, V]);
    const b = tf.tensor1d(random(V, rng));
    const mask = tf.tensor2d(blockMask(units, cards), [H, V]);
    const up = tf.tensor2d(random(6 * V, rng), [6, V]);
    const blocks = predictorBlocks(units, cards);
    const loss = (f: (h: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D) =>
      tf.grads((hh: tf.Tensor, ww: tf.Tensor) =>
        tf.sum(tf.mul(f(hh as tf.Tensor2D, ww as tf.Tensor2D), up)),
      );
    const dense = (hh: tf.Tensor2D, ww: tf.Tensor2D): tf.Tensor2D =>
      tf.add(tf.matMul(hh, tf.mul(ww, mask)), b);
    const blocked = (hh: tf.Tensor2D, ww: tf.Tensor2D) =>
      blockPredict(hh, compactPredictor(ww, blocks), b, blocks);
    const close = (a: tf.Tensor, e: tf.Tensor) => {
      const got = a.arraySync() as number[][];
      const want = e.arraySync() as number[][];
      got.forEach((row, i) =>
        row.forEach((x, j) => expect(x).toBeCloseTo(want[i]?.[j] as number, 4)),
      );
    };
    close(blocked(h, w), dense(h, w));
    const [dhDense, dwDense] = loss(dense)([h, w]) as [tf.Tensor, tf.Tensor];
    const [dhBlock, dwBlock] = loss(blocked)([h, w]) as [tf.Tensor, tf.Tensor];
    close(dhBlock, dhDense);
    close(dwBlock, dwDense);
    // the flat weight's own gradient is the dense gradient's blocks, in the same order
    const flat = tf.variable(compactPredictor(w, blocks));
    const dFlat = tf.grad((ww: tf.Tensor) =>
      tf.sum(tf.mul(blockPredict(h, ww as tf.Tensor1D, b, blocks), up)),
    )(flat);
    expect(dFlat.shape).toEqual([predictorSize(blocks)]);
    const want = compactPredictor(dwDense as tf.Tensor2D, blocks).arraySync();
    (dFlat.arraySync() as number[]).forEach((x, i) => expect(x).toBeCloseTo(want[i] as number, 4));
    tf.dispose([h, w, b, mask, up, dhDense, dwDense, dhBlock, dwBlock, flat, dFlat]);
  });

  it('keeps the blocks alone, and gives them back as the masked [H, V] weight', () => {
    const rng = new Rng(5);
    const blocks = predictorBlocks(units, cards);
    expect(predictorSize(blocks)).toBe(3 * 2 + 2 * 5 + 4 * 3);
    const dense = random(H * V, rng);
    const flat = compactPredictorValues(dense, V, blocks);
    expect(flat.length).toBe(28);
    // column 1's block starts at unit 3, token 2: its first weight is dense[3 * V + 2]
    expect(flat[6]).toBe(dense[3 * V + 2]);
    const back = densePredictorValues(flat, V, blocks);
    const mask = blockMask(units, cards);
    back.forEach((x, i) => expect(x).toBe(mask[i] === 1 ? dense[i] : 0));
    const onBackend = densePredictor(tf.tensor1d(flat), V, blocks);
    expect(Array.from(onBackend.dataSync())).toEqual(Array.from(back));
    onBackend.dispose();
  });
});
