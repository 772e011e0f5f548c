import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockMask } from '../../src/core/models/argn/argn-net';
import { blockPredict, predictorBlocks } from '../../src/core/models/argn/argn-predictor';
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
  it('gives the masked dense product and its gradients, zero outside the blocks', () => {
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
    const blocked = (hh: tf.Tensor2D, ww: tf.Tensor2D) => blockPredict(hh, ww, b, blocks);
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
    // outside column 1's block (units 3-4, tokens 2-6) its rows carry no gradient
    const dw = dwBlock.arraySync() as number[][];
    expect(dw[3]?.slice(0, 2)).toEqual([0, 0]);
    expect(dw[3]?.slice(7)).toEqual([0, 0, 0]);
    expect(dw[3]?.[2]).not.toBe(0);
    tf.dispose([h, w, b, mask, up, dhDense, dwDense, dhBlock, dwBlock]);
  });
});
