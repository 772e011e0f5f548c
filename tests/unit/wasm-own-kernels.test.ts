import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/cli/node-backend';
import { Adam } from '../../src/core/models/common/adam';
import { randomNormal, randomUniform } from '../../src/core/models/common/noise';
import {
  ownProductsOn,
  setOwnProducts,
  wasmKernelsActive,
} from '../../src/core/models/common/wasm-heap';
import { chooseProducts, productsFor } from '../../src/core/models/common/wasm-products';
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

  /** The distance in float32 steps between two finite floats of the same sign. */
  const ulps = (a: number, b: number) => {
    const bits = new Int32Array(new Float32Array([a, b]).buffer);
    return Math.abs((bits[0] as number) - (bits[1] as number));
  };

  it('takes e^x within one float32 ulp of Math.exp; 0 below 2^-126, +∞ on overflow, NaN kept', async () => {
    await tf.setBackend('wasm');
    const n = 400_003; // not a multiple of 4: the last values go through Math.exp
    const xs = Float32Array.from({ length: n }, (_, i) => -110 + (200 * i) / n);
    const special = [0, -0, 1, -1, 88.72, 88.73, -87.33, -87.34, -100, -1e9, 1e9];
    xs.set([...special, Infinity, -Infinity, NaN]);
    const got = tf.tidy(() => tf.exp(tf.tensor1d(xs)).dataSync());
    let worst = 0;
    for (let i = 0; i < n; i += 1) {
      const want = Math.fround(Math.exp(xs[i] as number));
      const g = got[i] as number;
      if (Number.isNaN(want)) expect(g).toBeNaN();
      else if (!Number.isFinite(want) || want < 2 ** -126)
        expect(g).toBe(Number.isFinite(want) ? 0 : want);
      else worst = Math.max(worst, ulps(g, want));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(got[special.indexOf(-87.33)]).toBeGreaterThan(0);
    expect(got[special.length]).toBe(Infinity);
    expect(got[special.length + 1]).toBe(0);
  });

  it('takes ln x within one float32 ulp of Math.log, subnormals included; −∞, NaN and +∞ as logf', async () => {
    await tf.setBackend('wasm');
    const n = 400_001;
    const xs = Float32Array.from({ length: n }, (_, i) => Math.exp(-102 + (190 * i) / n));
    const special = [
      0,
      -0,
      -1,
      1,
      2 ** -149,
      2 ** -130,
      3.4e38,
      Math.SQRT2,
      Infinity,
      -Infinity,
      NaN,
    ];
    xs.set(special);
    const got = tf.tidy(() => tf.log(tf.tensor1d(xs)).dataSync());
    let worst = 0;
    for (let i = 0; i < n; i += 1) {
      const want = Math.fround(Math.log(xs[i] as number));
      if (Number.isFinite(want)) worst = Math.max(worst, ulps(got[i] as number, want));
      else
        expect(Object.is(got[i], want) || (Number.isNaN(want) && Number.isNaN(got[i]))).toBe(true);
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(Array.from(got.slice(0, 3))).toEqual([-Infinity, -Infinity, NaN]);
    expect(got[special.indexOf(2 ** -149)]).toBeCloseTo(-149 * Math.LN2, 4);
  });

  it('draws seeded normal and uniform noise with the right moments, the same for the same seed', async () => {
    await tf.setBackend('wasm');
    const moments = (v: Float32Array) => {
      let m = 0;
      for (const x of v) m += x;
      m /= v.length;
      let m2 = 0;
      let m4 = 0;
      for (const x of v) {
        m2 += (x - m) ** 2;
        m4 += (x - m) ** 4;
      }
      m2 /= v.length;
      return { mean: m, std: Math.sqrt(m2), kurtosis: m4 / v.length / m2 ** 2 };
    };
    const normal = randomNormal([1001, 999], 0.5, 2, 7).dataSync() as Float32Array;
    const n = moments(normal);
    expect(n.mean).toBeCloseTo(0.5, 2);
    expect(n.std).toBeCloseTo(2, 2);
    expect(n.kurtosis).toBeCloseTo(3, 1);
    // Within 1% of the normal's share inside one standard deviation (68.27%).
    const inside = normal.filter((x) => Math.abs(x - 0.5) < 2).length / normal.length;
    expect(Math.abs(inside - 0.6827)).toBeLessThan(0.01);
    const uniform = randomUniform([1001, 999], -1, 3, 7).dataSync() as Float32Array;
    const u = moments(uniform);
    expect(u.mean).toBeCloseTo(1, 2);
    expect(u.std).toBeCloseTo(4 / Math.sqrt(12), 2);
    expect(Math.min(...uniform.subarray(0, 100_000))).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...uniform.subarray(0, 100_000))).toBeLessThan(3);
    expect(randomNormal([1001, 999], 0.5, 2, 7).dataSync()).toEqual(normal);
    expect(randomNormal([1001, 999], 0.5, 2, 8).dataSync()).not.toEqual(normal);
    // Sizes that are not whole groups of lanes
    expect(randomNormal([3, 5], 0, 1, 1).dataSync().every(Number.isFinite)).toBe(true);
    expect(
      randomUniform([7], 0, 1, 1)
        .dataSync()
        .every((x) => x >= 0 && x < 1),
    ).toBe(true);
  });

  it('chooses the pool for products only when a timed trial finds it 1.5x faster, and says so', async () => {
    await tf.setBackend('wasm');
    // A clock that makes each product take `own` or `pool` ms, by the kernel switched on.
    const clockFor = (own: number, pool: number) => {
      let t = 0;
      let start = true;
      return () => {
        if (!start) t += ownProductsOn() ? own : pool;
        start = !start;
        return t;
      };
    };
    try {
      const fast = chooseProducts(4, clockFor(5, 2));
      expect(fast).toMatchObject({ own: false, ownMs: 5, poolMs: 2 });
      expect(fast.reason).toBe(
        'matrix products on the 4-thread pool: 2.5x faster than the 1-thread FMA kernel in a product trial',
      );
      expect(ownProductsOn()).toBe(false);
      const product = await on('wasm', () => tf.matMul(grid([3, 4]), grid([4, 9], 1)));
      const want = await on('cpu', () => tf.matMul(grid([3, 4]), grid([4, 9], 1)));
      product[0]?.forEach((v, i) => expect(v).toBeCloseTo(want[0]?.[i] as number, 5));
      await tf.setBackend('wasm');
      const close = chooseProducts(4, clockFor(5, 3.5));
      expect(close.own).toBe(true);
      expect(close.reason).toBe(
        'matrix products on the FMA kernel (1 thread): 1.4x slower than the 4-thread pool in a product trial',
      );
      expect(ownProductsOn()).toBe(true);
      expect(chooseProducts(1).reason).toBe('matrix products on the FMA kernel');
      // Chosen once per backend: a later start keeps the first choice (and a seed's rows).
      setOwnProducts(false);
      const first = productsFor(1);
      expect(first.own).toBe(true);
      expect(ownProductsOn()).toBe(true);
      expect(productsFor(1)).toBe(first);
    } finally {
      setOwnProducts(true);
    }
  });

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
