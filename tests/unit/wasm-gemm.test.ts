import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeBackend } from '../../src/cli/node-backend';
import { kernelModuleBytes } from '../../src/core/models/common/wasm-gemm';
import { installFastWasmKernels } from '../../src/core/models/common/wasm-kernels';
import { wasmKernelsActive } from '../../src/core/models/common/wasm-heap';

/** `relu?(op(a)·op(b) + bias)` in float64, from row-major values. */
function reference(
  a: Float32Array,
  b: Float32Array,
  [m, k, n]: [number, number, number],
  transposeA: boolean,
  transposeB: boolean,
  bias: Float32Array | null,
  relu: boolean,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i += 1) {
    for (let j = 0; j < n; j += 1) {
      let s = bias ? (bias[j] as number) : 0;
      for (let p = 0; p < k; p += 1) {
        const x = a[transposeA ? p * m + i : i * k + p] as number;
        const y = b[transposeB ? j * k + p : p * n + j] as number;
        s += x * y;
      }
      out[i * n + j] = relu ? Math.max(0, s) : s;
    }
  }
  return out;
}

const values = (count: number, seed: number) =>
  Float32Array.from({ length: count }, (_, i) => Math.sin(seed + i * 0.731) * 2 - 0.3);

describe('the FMA matrix product on the wasm backend', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await startNodeBackend('wasm');
    installFastWasmKernels();
  });

  it('is built as a valid relaxed-SIMD module and replaces the stock product in the CLI', () => {
    expect(WebAssembly.validate(kernelModuleBytes(false))).toBe(true);
    expect(WebAssembly.validate(kernelModuleBytes(true))).toBe(true);
    expect(wasmKernelsActive()).toBe(true);
  });

  // Shapes cover 4-row tiles and leftover rows, 8-column panels and a partial last panel, K
  // across chunk borders (128) and empty, and more rows than one block (256).
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 8, 8],
    [5, 129, 9],
    [9, 0, 17],
    [37, 300, 40],
    [261, 131, 23],
    [50, 270, 256],
  ];
  for (const [m, k, n] of shapes) {
    it(`multiplies ${m}x${k} by ${k}x${n} in every transpose, with bias and ReLU`, () => {
      let worst = 0;
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          for (const fused of [false, true]) {
            const av = values(m * k, 1);
            const bv = values(k * n, 2);
            const biasV = values(n, 3);
            const want = reference(
              av,
              bv,
              [m, k, n],
              transposeA,
              transposeB,
              fused ? biasV : null,
              fused,
            );
            const got = tf.tidy(() => {
              const a = tf.tensor2d(av, transposeA ? [k, m] : [m, k]);
              const b = tf.tensor2d(bv, transposeB ? [n, k] : [k, n]);
              const y = fused
                ? tf.fused.matMul({
                    a,
                    b,
                    transposeA,
                    transposeB,
                    bias: tf.tensor1d(biasV),
                    activation: 'relu',
                  })
                : tf.matMul(a, b, transposeA, transposeB);
              expect(y.shape).toEqual([m, n]);
              return y.dataSync();
            });
            for (let i = 0; i < m * n; i += 1) {
              const scale = 1 + Math.abs(want[i] as number);
              worst = Math.max(worst, Math.abs((got[i] as number) - (want[i] as number)) / scale);
            }
          }
        }
      }
      expect(worst).toBeLessThan(1e-5);
    });
  }

  it('leaves batched products and other activations to the stock kernels, with the same result', () => {
    const got = tf.tidy(() => {
      const a = tf.tensor3d(values(2 * 3 * 4, 4), [2, 3, 4]);
      const b = tf.tensor3d(values(2 * 4 * 5, 5), [2, 4, 5]);
      return tf.matMul(a, b).dataSync();
    });
    const a = values(2 * 3 * 4, 4);
    const b = values(2 * 4 * 5, 5);
    for (let t = 0; t < 2; t += 1) {
      const want = reference(
        a.subarray(t * 12, t * 12 + 12),
        b.subarray(t * 20, t * 20 + 20),
        [3, 4, 5],
        false,
        false,
        null,
        false,
      );
      for (let i = 0; i < 15; i += 1) expect(got[t * 15 + i]).toBeCloseTo(want[i] as number, 5);
    }
    const leaky = tf.tidy(() =>
      tf.fused
        .matMul({
          a: tf.tensor2d([[1, -2]]),
          b: tf.tensor2d([[1], [1]]),
          activation: 'leakyrelu',
          leakyreluAlpha: 0.5,
        })
        .dataSync(),
    );
    expect(Array.from(leaky)).toEqual([-0.5]);
  });
});
