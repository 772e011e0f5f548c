/**
 * Facsimile's own kernels on tfjs' wasm heap (wasm-gemm.ts, wasm-vector.ts), installed by
 * wasm-kernels.ts where relaxed SIMD is available:
 *
 * - `BatchMatMul` / `_FusedMatMul`: the FMA product (about 48 GFLOP/s on one core here against
 *   25-33 for tfjs' XNNPACK build, which has no fused multiply-add in plain wasm SIMD).
 * - `Sum` / `Mean` over leading axes: one pass over the rows instead of a transpose first.
 * - `Concat`: one `memory.copy` per row and input.
 * - `Exp`, `Log`: four lanes at a time (wasm-math.ts).
 * - `FacsimileNoise`: seeded normal and uniform noise (wasm-math.ts), for noise.ts.
 * - `FacsimileAdam`: adam.ts's update in one pass, the same to the bit.
 *
 * Anything they do not cover (batched products, other activations, other dtypes) goes to the
 * stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import type { WasmKernels } from './wasm-gemm';
import {
  address,
  ADAM_KERNEL,
  kernelsFor,
  NOISE_KERNEL,
  ownProductsOn,
  swapPays,
  type MatMulAttrs,
  type WasmBackend,
  type WasmModule,
} from './wasm-heap';

/** Rows of A per block (A's block stays in L2) and K per chunk (B's panel chunk stays in L1). */
const ROW_BLOCK = 256;
const K_CHUNK = 128;

/**
 * `out[M, N] = relu?(A·B + bias)` with the FMA kernel: A at byte address `a` with byte strides
 * `(saI, saK)`, one of them 4 (row-major or transposed), B row-major `[K, N]` at `b`, `bias` a
 * `[N]` address or 0. Rows in blocks, K in chunks (the accumulators carry over; bias and ReLU on
 * the last chunk), and the last `N mod 8` columns through an 8-wide scratch panel.
 */
function gemmInto(
  kernels: WasmKernels,
  wasm: WasmModule,
  a: { at: number; saI: number; saK: number },
  b: number,
  out: number,
  [m, k, n]: [number, number, number],
  bias: number,
  relu: boolean,
): void {
  const panels = Math.floor(n / 8);
  const rem = n - panels * 8;
  const gemm = a.saK === 4 ? kernels.gemmN : kernels.gemmT;
  const run = (bAt: number, ldb: number, cAt: number, ldc: number, count: number, bAdd: number) => {
    for (let m0 = 0; m0 < m; m0 += ROW_BLOCK) {
      const rows = Math.min(ROW_BLOCK, m - m0);
      let k0 = 0;
      do {
        const kc = Math.min(K_CHUNK, k - k0);
        const last = k0 + kc >= k;
        gemm(
          a.at + m0 * a.saI + k0 * a.saK,
          a.saI,
          a.saK,
          bAt + k0 * ldb,
          ldb,
          cAt + m0 * ldc,
          ldc,
          rows,
          kc,
          count,
          last ? bAdd : 0,
          last && relu ? 1 : 0,
          k0 > 0 ? 1 : 0,
        );
        k0 += kc;
      } while (k0 < k);
    }
  };
  if (panels > 0) run(b, n * 4, out, n * 4, panels, bias);
  if (rem === 0) return;
  // The last columns, zero-padded to one panel: B's [K, 8], C's [M, 8] and the bias's 8.
  const scratch = wasm._malloc((k * 8 + m * 8 + 8) * 4);
  try {
    const heap = new Float32Array(wasm.HEAPU8.buffer);
    const bt = scratch / 4;
    const ct = bt + k * 8;
    const biasT = ct + m * 8;
    const col = b / 4 + panels * 8;
    for (let kk = 0; kk < k; kk += 1) {
      for (let l = 0; l < 8; l += 1)
        heap[bt + kk * 8 + l] = l < rem ? (heap[col + kk * n + l] as number) : 0;
    }
    for (let l = 0; l < 8; l += 1)
      heap[biasT + l] = bias && l < rem ? (heap[bias / 4 + panels * 8 + l] as number) : 0;
    run(bt * 4, 32, ct * 4, 32, 1, bias ? biasT * 4 : 0);
    const c0 = out / 4 + panels * 8;
    for (let i = 0; i < m; i += 1) {
      for (let l = 0; l < rem; l += 1) heap[c0 + i * n + l] = heap[ct + i * 8 + l] as number;
    }
  } finally {
    wasm._free(scratch);
  }
}

/**
 * `BatchMatMul` / `_FusedMatMul` on the FMA kernel for one product (no batch) of float32 with
 * an optional `[N]` bias and linear or ReLU activation; anything else goes to `fallback`.
 */
export function fmaMatMul(fallback: tf.KernelFunc, transpose: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const backend = args.backend as unknown as WasmBackend;
    const kernels = kernelsFor(backend);
    const { transposeA, transposeB, activation } = (attrs ?? {}) as MatMulAttrs & {
      activation?: string;
    };
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
    const bias = inputs.bias as tf.TensorInfo | undefined;
    const batch = (shape: readonly number[]) => tf.util.sizeFromShape(shape.slice(0, -2));
    if (
      !kernels ||
      !ownProductsOn() ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32' ||
      a.shape.length < 2 ||
      b.shape.length < 2 ||
      batch(a.shape) !== 1 ||
      batch(b.shape) !== 1 ||
      inputs.preluActivationWeights !== undefined ||
      (activation !== undefined && activation !== 'linear' && activation !== 'relu')
    ) {
      return fallback(args);
    }
    const [ra, ca] = a.shape.slice(-2) as [number, number];
    const [rb, cb] = b.shape.slice(-2) as [number, number];
    const [m, k] = transposeA ? [ca, ra] : [ra, ca];
    const [kb, n] = transposeB ? [cb, rb] : [rb, cb];
    const n1 = bias ? tf.util.sizeFromShape(bias.shape) : n;
    if (k !== kb || (bias && (bias.dtype !== 'float32' || n1 !== n || bias.shape.length > 2))) {
      return fallback(args);
    }
    const rank = Math.max(a.shape.length, b.shape.length);
    const outShape = [...new Array<number>(rank - 2).fill(1), m, n];
    const temporaries: tf.TensorInfo[] = [];
    const at = (t: tf.TensorInfo) => address(backend, t);
    const swapLastTwo = (x: tf.TensorInfo, shape: [number, number]): tf.TensorInfo => {
      const flat = { ...x, shape };
      const t = transpose({ inputs: { x: flat }, backend: args.backend, attrs: { perm: [1, 0] } });
      temporaries.push(t as tf.TensorInfo);
      return t as tf.TensorInfo;
    };
    try {
      if (m * n === 0) return backend.makeOutput(outShape, 'float32');
      if (!bias && !transposeA && transposeB && swapPays([m, k], [n, k])) {
        // a·bᵀ = (b·aᵀ)ᵀ: transposes the small a and the result instead of the big b.
        const aT = swapLastTwo(a, [m, k]);
        const swapped = backend.makeOutput([n, m], 'float32');
        temporaries.push(swapped);
        gemmInto(
          kernels,
          backend.wasm,
          { at: at(b), saI: k * 4, saK: 4 },
          at(aT),
          at(swapped),
          [n, k, m],
          0,
          activation === 'relu',
        );
        const result = transpose({
          inputs: { x: swapped },
          backend: args.backend,
          attrs: { perm: [1, 0] },
        }) as tf.TensorInfo;
        return { ...result, shape: outShape };
      }
      const bRowMajor = transposeB ? swapLastTwo(b, [n, k]) : b;
      const out = backend.makeOutput(outShape, 'float32');
      gemmInto(
        kernels,
        backend.wasm,
        { at: at(a), saI: transposeA ? 4 : k * 4, saK: transposeA ? m * 4 : 4 },
        at(bRowMajor),
        at(out),
        [m, k, n],
        bias ? at(bias) : 0,
        activation === 'relu',
      );
      return out;
    } finally {
      for (const t of temporaries) backend.disposeData(t.dataId);
    }
  };
}

/**
 * `Sum` / `Mean` over leading axes (a bias gradient, batch norm's statistics) as one pass over
 * the rows; other reductions go to the stock kernel.
 */
export function leadingReduce(original: tf.KernelConfig, mean: boolean): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const backend = args.backend as unknown as WasmBackend;
    const kernels = kernelsFor(backend);
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims?: boolean };
    if (!kernels || x.dtype !== 'float32') return original.kernelFunc(args);
    const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((a, b) => a - b);
    const lead = axes.length;
    if (lead === 0 || axes.some((a, i) => a !== i)) return original.kernelFunc(args);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, lead));
    const cols = tf.util.sizeFromShape(x.shape.slice(lead));
    if (rows === 0 || cols < 4) return original.kernelFunc(args);
    const shape = keepDims ? x.shape.map((d, i) => (i < lead ? 1 : d)) : x.shape.slice(lead);
    const out = backend.makeOutput(shape, 'float32');
    kernels.colsum(address(backend, x), address(backend, out), rows, cols, rows, mean ? 1 : 0);
    return out;
  };
}

/**
 * `Exp` / `Log` of float32 on the SIMD kernels (wasm-math.ts); the last `size mod 4` values
 * through `Math.exp` / `Math.log`.
 */
export function fastUnary(original: tf.KernelConfig, fn: 'exp' | 'log'): tf.KernelFunc {
  const scalar = fn === 'exp' ? Math.exp : Math.log;
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const backend = args.backend as unknown as WasmBackend;
    const kernels = kernelsFor(backend);
    if (!kernels || x.dtype !== 'float32') return original.kernelFunc(args);
    const out = backend.makeOutput(x.shape, 'float32');
    const size = tf.util.sizeFromShape(x.shape);
    const lanes = size - (size % 4);
    const [from, to] = [address(backend, x), address(backend, out)];
    if (lanes > 0) kernels[fn](from, to, lanes);
    if (lanes < size) {
      const heap = new Float32Array(backend.wasm.HEAPU8.buffer);
      for (let i = lanes; i < size; i += 1) heap[to / 4 + i] = scalar(heap[from / 4 + i] as number);
    }
    return out;
  };
}

export interface NoiseAttrs {
  kind: 'normal' | 'uniform';
  shape: number[];
  /** mean and standard deviation, or low and high */
  a: number;
  b: number;
  seed: number;
}

/** Four xoshiro128** states (16 words, none all zero), seeded through the project's Rng. */
function noiseState(seed: number): Uint32Array {
  const rng = new Rng(seed);
  const words = Uint32Array.from({ length: 16 }, () => rng.nextUint32());
  for (let lane = 0; lane < 4; lane += 1) {
    if ([0, 1, 2, 3].every((w) => words[4 * w + lane] === 0)) words[lane] = 1;
  }
  return words;
}

export function noiseKernel(args: { backend: object; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as unknown as WasmBackend;
  const kernels = kernelsFor(backend);
  if (!kernels) throw new Error('FacsimileNoise needs the relaxed-SIMD kernels');
  const { kind, shape, a, b, seed } = args.attrs as unknown as NoiseAttrs;
  const out = backend.makeOutput(shape, 'float32');
  const size = tf.util.sizeFromShape(shape);
  const group = kind === 'normal' ? 8 : 4;
  const whole = size - (size % group);
  // The state (64 bytes), then room for one last partial group.
  const scratch = backend.wasm._malloc(64 + 4 * group);
  try {
    new Uint32Array(backend.wasm.HEAPU8.buffer, scratch, 16).set(noiseState(seed));
    const to = address(backend, out);
    if (whole > 0) kernels[kind](scratch, to, whole, a, b);
    if (whole < size) {
      kernels[kind](scratch, scratch + 64, group, a, b);
      backend.wasm.HEAPU8.copyWithin(
        to + 4 * whole,
        scratch + 64,
        scratch + 64 + 4 * (size - whole),
      );
    }
  } finally {
    backend.wasm._free(scratch);
  }
  return out;
}

/**
 * Seeded float32 noise of `shape` on the wasm kernels (`normal`: mean a, std b; `uniform`: in
 * [a, b)); only while `wasmKernelsActive()`.
 */
export function wasmNoise(attrs: NoiseAttrs): tf.Tensor {
  return tf.engine().runKernel(NOISE_KERNEL, {}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

const ELEMENT_BYTES: Partial<Record<tf.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

/** `Concat` as one run copy per input row (`memory.copy`) instead of a JS copy per piece. */
export function fastConcat(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    const backend = args.backend as unknown as WasmBackend;
    const kernels = kernelsFor(backend);
    const first = inputs[0];
    const bytes = first ? ELEMENT_BYTES[first.dtype] : undefined;
    if (!kernels || !first || !bytes || inputs.some((t) => t.dtype !== first.dtype)) {
      return original.kernelFunc(args);
    }
    const axis = tf.util.parseAxisParam((args.attrs as { axis: number }).axis, first.shape)[0];
    const shapes = inputs.map((t) => t.shape);
    tf.backend_util.assertParamsConsistent(shapes, axis as number);
    const shape = tf.backend_util.computeOutShape(shapes, axis as number);
    const out = backend.makeOutput(shape, first.dtype);
    const outer = tf.util.sizeFromShape(shape.slice(0, axis));
    const width = tf.util.sizeFromShape(shape.slice(axis)) * bytes;
    if (outer * width === 0) return out;
    const to = address(backend, out);
    let at = 0;
    for (const t of inputs) {
      const run = tf.util.sizeFromShape(t.shape.slice(axis)) * bytes;
      if (run === 0) continue;
      kernels.copyRows(address(backend, t), run, to + at, width, outer, run);
      at += run;
    }
    return out;
  };
}

/** Adam's constants for one step, as adam.ts computes them. */
export interface AdamStepAttrs {
  beta1: number;
  beta2: number;
  /** `1 / √(1 − β₂ᵗ)` */
  c2: number;
  epsilon: number;
  /** `lr / (1 − β₁ᵗ)` */
  lrc: number;
  /** PyTorch's L2 weight decay added to the gradient, or null. */
  l2: number | null;
  /** AdamW's shrink factor `1 − lr·decay`, or null. */
  decay: number | null;
}

export function adamKernel(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: object;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo[] {
  const backend = args.backend as unknown as WasmBackend;
  const kernels = kernelsFor(backend);
  if (!kernels) throw new Error('FacsimileAdam needs the relaxed-SIMD kernels');
  const { p, g, m, v } = args.inputs as Record<'p' | 'g' | 'm' | 'v', tf.TensorInfo>;
  const a = args.attrs as unknown as AdamStepAttrs;
  const n = tf.util.sizeFromShape(p.shape);
  const outs = [p, m, v].map(() => backend.makeOutput([n], 'float32'));
  const [outP, outM, outV] = outs.map((t) => address(backend, t)) as [number, number, number];
  kernels.adam(
    ...[p, g, m, v].map((t) => address(backend, t)),
    outP,
    outM,
    outV,
    n,
    a.beta1,
    1 - a.beta1,
    a.beta2,
    1 - a.beta2,
    a.c2,
    a.epsilon,
    a.lrc,
    a.l2 ?? 0,
    a.decay ?? 1,
    a.l2 === null ? 0 : 1,
    a.decay === null ? 0 : 1,
  );
  return outs;
}

/**
 * One Adam step over flat float32 vectors on the wasm kernels: `[p, m, v]` updated. Only while
 * {@link wasmKernelsActive}.
 */
export function wasmAdamStep(
  inputs: Record<'p' | 'g' | 'm' | 'v', tf.Tensor1D>,
  attrs: AdamStepAttrs,
): [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D] {
  return tf
    .engine()
    .runKernel(ADAM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as unknown as [
    tf.Tensor1D,
    tf.Tensor1D,
    tf.Tensor1D,
  ];
}
