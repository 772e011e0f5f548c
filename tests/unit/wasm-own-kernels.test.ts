import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/cli/node-backend';
import { Adam } from '../../src/core/models/common/adam';
import { wasmKernelsActive } from '../../src/core/models/common/wasm-heap';
import { installFastWasmKernels } from '../../src/core/models/common/wasm-kernels';

/** Runs `f` on `backend` and returns its values. */
async function on(backend: 'wasm' | 'cpu', f: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  await tf.setBackend(backend);
  const out = tf.tidy(() => {
    const r = f();
    return Array.isArray(r) ? r : [r];
  });
  const values = out.map((t) => Array.from(t.dataSync()));
  tf.dispose(out);
  return values;
}

const grid = (shape: number[], seed = 0) =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(seed + i)),
    shape,
  );

describe("Facsimile's wasm kernels against tfjs' cpu backend", () => {
  beforeAll(async () => {
    await startNodeBackend('wasm');
    installFastWasmKernels();
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('run on the wasm backend in the CLI', async () => {
    await tf.setBackend('wasm');
    expect(wasmKernelsActive()).toBe(true);
    await tf.setBackend('cpu');
    expect(wasmKernelsActive()).toBe(false);
  });

  const cases: [string, () => tf.Tensor | tf.Tensor[]][] = [
    ['sums over the first axis', () => tf.sum(grid([6, 9]), 0)],
    ['sums over two leading axes, keeping them', () => tf.sum(grid([2, 5, 7]), [1, 0], true)],
    ['averages over the leading axis', () => tf.mean(grid([500, 13]), 0)],
    ['sums over the last axis (stock kernel)', () => tf.sum(grid([4, 7]), 1)],
    ['sums everything (stock kernel)', () => tf.sum(grid([4, 7]))],
    ['concatenates along a middle axis', () => tf.concat([grid([2, 5, 7]), grid([2, 3, 7], 1)], 1)],
    [
      'concatenates 21 narrow pieces and an empty one along the last axis',
      () =>
        tf.concat(
          [...Array.from({ length: 21 }, (_, i) => grid([50, 1 + (i % 4)], i)), tf.zeros([50, 0])],
          1,
        ),
    ],
    ['concatenates flat vectors', () => tf.concat([grid([5]), grid([3], 2)])],
    [
      'concatenates int32 and bool',
      () => [
        tf.concat([tf.tensor2d([[1, 2]], [1, 2], 'int32'), tf.tensor2d([[3]], [1, 1], 'int32')], 1),
        tf.concat([tf.tensor1d([true, false], 'bool'), tf.tensor1d([true], 'bool')]),
      ],
    ],
  ];
  for (const [name, f] of cases) {
    it(name, async () => {
      const got = await on('wasm', f);
      const want = await on('cpu', f);
      expect(got.map((v) => v.length)).toEqual(want.map((v) => v.length));
      got.forEach((values, t) =>
        values.forEach((v, i) => expect(v).toBeCloseTo(want[t]?.[i] as number, 5)),
      );
    });
  }

  it('takes the same Adam steps as the tfjs ops, to the bit, with and without weight decay', async () => {
    for (const [weightDecay, decoupled] of [
      [0, false],
      [0.01, false],
      [0.01, true],
    ] as const) {
      const run = (backend: 'wasm' | 'cpu') =>
        on(backend, () => {
          const vars = [tf.variable(grid([7, 3], 1)), tf.variable(grid([5], 2))];
          const opt = new Adam(vars, {
            learningRate: 0.01,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            weightDecay,
            decoupled,
          });
          for (let s = 0; s < 3; s += 1) {
            tf.tidy(() =>
              opt.apply({
                [vars[0]?.name as string]: grid([7, 3], 10 + s),
                [vars[1]?.name as string]: grid([5], 20 + s),
              }),
            );
          }
          const out = [...vars, ...opt.moments].map((v) => tf.clone(v));
          opt.dispose();
          tf.dispose(vars);
          return out;
        });
      const got = await run('wasm');
      const want = await run('cpu');
      expect(got).toEqual(want);
      expect(got[0]).not.toEqual(Array.from(grid([7, 3], 1).dataSync()));
    }
  });
});
