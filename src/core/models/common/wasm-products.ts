/**
 * Which kernel multiplies matrices on a threaded wasm backend, by measurement. Facsimile's FMA
 * kernel (wasm-gemm.ts) runs on one thread at about twice XNNPACK's speed per thread; tfjs'
 * XNNPACK pool splits a product over all its threads. Which wins depends on the machine: on the
 * project's 2-vCPU machine the FMA kernel did; with many free cores the pool may. So both time
 * one product of the size that dominates CTGAN and TVAE steps (500 x 256 by 256 x 256), and the
 * pool runs the training only when it is {@link POOL_MARGIN} times faster.
 */
import * as tf from '@tensorflow/tfjs';
import { setOwnProducts, wasmKernelsActive } from './wasm-heap';

export interface ProductChoice {
  /** True: the FMA kernel; false: tfjs' XNNPACK pool. */
  own: boolean;
  /** Milliseconds per timed product, when both were timed. */
  ownMs?: number;
  poolMs?: number;
  /** The choice in the user's words, for the badge and the CLI. */
  reason: string;
}

const SHAPE: [number, number, number] = [500, 256, 256];
/**
 * The pool must be this much faster to be chosen. The two kernels round differently, so the
 * choice decides a seed's exact rows; a clear margin keeps it from flipping between runs on one
 * machine with the load of the moment (on 2 cores the pool never came near it).
 */
export const POOL_MARGIN = 1.5;
const WARM_UPS = 2;
const TIMED = 9;

/** Milliseconds of one product `a·b` read back. */
function timeOnce(a: tf.Tensor2D, b: tf.Tensor2D, clock: () => number): number {
  const start = clock();
  const c = tf.matMul(a, b);
  c.dataSync();
  c.dispose();
  return clock() - start;
}

/**
 * The fastest of TIMED products on each kernel, the two taken in turn (FMA, pool, FMA, …) after
 * warm-ups, so that a burst of other work on the machine falls on both; the fastest run is what
 * each kernel can do when it has its cores.
 */
function timeBoth(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  clock: () => number,
): { ownMs: number; poolMs: number } {
  let ownMs = Infinity;
  let poolMs = Infinity;
  for (let i = 0; i < WARM_UPS + TIMED; i += 1) {
    for (const own of [true, false]) {
      setOwnProducts(own);
      const ms = timeOnce(a, b, clock);
      if (i < WARM_UPS) continue;
      if (own) ownMs = Math.min(ownMs, ms);
      else poolMs = Math.min(poolMs, ms);
    }
  }
  return { ownMs, poolMs };
}

/**
 * Chooses (and sets) the product kernel for the wasm backend now running on `threads` threads.
 * Without relaxed SIMD only the pool exists; on one thread the FMA kernel needs no trial.
 */
export function chooseProducts(
  threads: number,
  clock: () => number = () => performance.now(),
): ProductChoice {
  if (!wasmKernelsActive()) {
    setOwnProducts(false);
    return { own: false, reason: "matrix products on tfjs' kernels (no relaxed SIMD here)" };
  }
  if (threads <= 1) {
    setOwnProducts(true);
    return { own: true, reason: 'matrix products on the FMA kernel' };
  }
  const [m, k, n] = SHAPE;
  const a = tf.tidy(() => tf.randomUniform([m, k], -1, 1, 'float32', 1) as tf.Tensor2D);
  const b = tf.tidy(() => tf.randomUniform([k, n], -1, 1, 'float32', 2) as tf.Tensor2D);
  try {
    const { ownMs, poolMs } = timeBoth(a, b, clock);
    const own = ownMs <= poolMs * POOL_MARGIN;
    setOwnProducts(own);
    const speed = (ratio: number) =>
      ratio >= 1 ? `${ratio.toFixed(1)}x faster than` : `${(1 / ratio).toFixed(1)}x slower than`;
    const reason = own
      ? `matrix products on the FMA kernel (1 thread): ${speed(poolMs / ownMs)} the ${threads}-thread pool in a product trial`
      : `matrix products on the ${threads}-thread pool: ${speed(ownMs / poolMs)} the 1-thread FMA kernel in a product trial`;
    return { own, ownMs, poolMs, reason };
  } finally {
    a.dispose();
    b.dispose();
  }
}

const chosen = new WeakMap<object, ProductChoice>();

/**
 * The product kernel for the running wasm backend, chosen once per backend (the trial runs the
 * first time; later starts of the same backend, such as each run's backend choice in the engine
 * worker, keep that choice and so the same rows for a seed).
 */
export function productsFor(threads: number): ProductChoice {
  const backend = tf.backend();
  const known = chosen.get(backend);
  if (known) {
    setOwnProducts(known.own);
    return known;
  }
  const choice = chooseProducts(threads);
  chosen.set(backend, choice);
  return choice;
}
