/**
 * Seeded training noise: on the wasm backend, Facsimile's SIMD generators (wasm-math.ts: four
 * xoshiro128** streams, Box-Muller normals); elsewhere tfjs' own seeded ops. A seed gives the
 * same tensor every time on a given backend; the two sources give different (equally
 * distributed) numbers for the same seed.
 */
import * as tf from '@tensorflow/tfjs';
import { wasmKernelsActive } from './wasm-heap';
import { wasmNoise } from './wasm-own-kernels';

/** Normal noise `mean + std·z` of `shape` from `seed`. */
export function randomNormal(shape: number[], mean: number, std: number, seed: number): tf.Tensor {
  if (wasmKernelsActive()) return wasmNoise({ kind: 'normal', shape, a: mean, b: std, seed });
  return tf.randomNormal(shape, mean, std, 'float32', seed);
}

/** Uniform noise in `[low, high)` of `shape` from `seed`. */
export function randomUniform(shape: number[], low: number, high: number, seed: number): tf.Tensor {
  if (wasmKernelsActive()) return wasmNoise({ kind: 'uniform', shape, a: low, b: high, seed });
  return tf.randomUniform(shape, low, high, 'float32', seed);
}
