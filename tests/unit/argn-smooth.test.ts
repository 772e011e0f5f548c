import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createParams, paramVariables } from '../../src/core/models/argn/argn-net';
import { Rng } from '../../src/core/rng';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the ordinal start of number embeddings', () => {
  it('starts neighbouring tokens of a number close and distant ones apart, categories at random', () => {
    // column 0: a number of 40 tokens in order; column 1: a category of 40 levels
    const shape = { cards: [40, 40], embWidths: [12, 12], units: [[8, 8]] };
    const place = (i: number) => 3 * ((2 * i) / 39 - 1);
    const ordinal = Float32Array.from({ length: 80 }, (_, v) => (v < 40 ? place(v) : NaN));
    const params = createParams(shape, new Float32Array(80), new Rng(3), ordinal);
    const emb = params.embedding.arraySync();
    const row = (v: number, from: number) => (emb[v] as number[]).slice(from, from + 12);
    const dist = (a: number[], b: number[]) => Math.hypot(...a.map((x, i) => x - (b[i] as number)));
    let near = 0;
    let far = 0;
    let catNear = 0;
    for (let v = 0; v < 30; v += 1) {
      near += dist(row(v, 0), row(v + 1, 0));
      far += dist(row(v, 0), row(v + 10, 0));
      catNear += dist(row(40 + v, 12), row(41 + v, 12));
    }
    expect(near * 3).toBeLessThan(far);
    expect(near * 3).toBeLessThan(catNear);
    tf.dispose(paramVariables(params));
  });
});
