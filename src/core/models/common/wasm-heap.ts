/**
 * What Facsimile's wasm kernels see of tfjs' wasm backend (4.22): its Emscripten module and heap,
 * and the kernel module (wasm-gemm.ts) instantiated on that heap, once per backend.
 */
import * as tf from '@tensorflow/tfjs';
import { instantiateKernels, wasmApi, type WasmKernels, type WasmMemory } from './wasm-gemm';

export interface MatMulAttrs {
  transposeA?: boolean;
  transposeB?: boolean;
}

/** The parts of tfjs' Emscripten module the matrix product uses. */
export interface WasmModule {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  HEAPU8: Uint8Array;
  asm?: { memory?: WasmMemory };
  wasmMemory?: WasmMemory;
}

/** The parts of the wasm backend object these kernels use. */
export interface WasmBackend {
  wasm: WasmModule;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): unknown;
  incRef(dataId: object): void;
}

/**
 * Whether `a·bᵀ` (a `[M, K]`, b `[N, K]`) is cheaper as `(b·aᵀ)ᵀ`: that copies a and the result
 * (M·K + M·N) and packs aᵀ, where the direct way copies and packs b (N·K twice). It pays for a
 * few rows against a wide weight: CTGAN's critic gradient `[50, 256]·[2740, 256]ᵀ` took 8 ms.
 */
export function swapPays(aShape: readonly number[], bShape: readonly number[]): boolean {
  const m = aShape[aShape.length - 2] as number;
  const k = aShape[aShape.length - 1] as number;
  const n = bShape[bShape.length - 2] as number;
  const batch = (shape: readonly number[]) => tf.util.sizeFromShape(shape.slice(0, -2));
  if (batch(aShape) !== 1 || batch(bShape) !== 1) return false;
  return 2 * m * k + m * n < 2 * n * k;
}

/** The custom kernels behind wasm-own-kernels.ts' `wasmAdamStep` and `wasmNoise`. */
export const ADAM_KERNEL = 'FacsimileAdam';
export const NOISE_KERNEL = 'FacsimileNoise';

const kernelSets = new WeakMap<object, WasmKernels | null>();

/** Facsimile's kernels on this backend's heap, or null (no relaxed SIMD, or no memory to import). */
export function kernelsFor(backend: WasmBackend): WasmKernels | null {
  if (kernelSets.has(backend)) return kernelSets.get(backend) ?? null;
  const wasm = backend.wasm;
  const memory = wasm.asm?.memory ?? wasm.wasmMemory;
  let kernels: WasmKernels | null = null;
  const api = wasmApi();
  if (api && memory instanceof api.Memory && memory.buffer === wasm.HEAPU8.buffer) {
    const shared =
      typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    kernels = instantiateKernels(memory, shared);
  }
  kernelSets.set(backend, kernels);
  return kernels;
}

/**
 * Whether Facsimile's own wasm kernels (the FMA matrix product, Adam, leading-axis sums,
 * Concat) run on the active backend: wasm with relaxed SIMD. False on other backends.
 */
export function wasmKernelsActive(): boolean {
  if (tf.getBackend() !== 'wasm' || !tf.getKernel(ADAM_KERNEL, 'wasm')) return false;
  return kernelsFor(tf.backend() as unknown as WasmBackend) !== null;
}

let ownProducts = true;

/**
 * Whether matrix products run on Facsimile's FMA kernel (one thread) rather than tfjs' XNNPACK
 * pool (all its threads); wasm-products.ts chooses by measurement when the pool has several.
 */
export function ownProductsOn(): boolean {
  return ownProducts;
}

export function setOwnProducts(on: boolean): void {
  ownProducts = on;
}

/** The heap address of a tensor's data. */
export function address(backend: WasmBackend, t: tf.TensorInfo): number {
  return backend.typedArrayFromHeap(t).byteOffset;
}
