/**
 * Installs faster replacements for tfjs wasm kernels (4.22). Facsimile's own relaxed-SIMD
 * kernels (wasm-own-kernels.ts: matrix products, leading-axis Sum/Mean, Concat, Exp, Log,
 * Adam, noise) come first where the browser or Node has relaxed SIMD; the replacements below
 * stand in for the stock kernels otherwise, and for what the own kernels leave out. Same results
 * up to float rounding; other backends are untouched.
 *
 * - `BatchMatMul` / `_FusedMatMul`: every backward pass of a dense layer sets a transpose flag
 *   (`dX = dY·Wᵀ`, `dW = Xᵀ·dY`) and the wasm C++ leaves its fast XNNPACK path for those
 *   (research/tfjs-cpu-profile.md, sections 1-2). Measured in a CTGAN step here: `dY·Wᵀ` with
 *   the critic's 2740x256 first layer takes 15-17 ms against 3 ms untransposed, and the
 *   matMuls of a step drop from 190-680 ms to 70-170 ms with this kernel. A transposed operand
 *   is first transposed by the (fast) Transpose kernel.
 * - `Slice` / `SplitV`: the stock kernels copy the WHOLE input out of the wasm heap
 *   (`readSync`) for every piece, so splitting `[500, 170]` into its 21 column spans copies it
 *   21 times (and `concat`'s gradient is a split). Here each piece is copied straight from the
 *   heap, one contiguous run at a time.
 * - `GatherV2`: the stock kernel took 6 ms to pick 500 rows of a `[26049, 169]` table in a TVAE
 *   step here (and as long for the loss's `[500, 170]` → `[500, 882]` column gather); copying
 *   each picked run straight on the heap takes a small fraction of that.
 * - `Identity` / same-type `Cast`: the engine clones every tensor it saves for a gradient (84
 *   clones in a TVAE step) and the stock kernels copy the data each time. Tensors are never
 *   written in place, so the clone shares the data and counts a reference, as `Reshape` does.
 */
import * as tf from '@tensorflow/tfjs';
import {
  ADAM_KERNEL,
  NOISE_KERNEL,
  swapPays,
  type MatMulAttrs,
  type WasmBackend,
} from './wasm-heap';
import {
  adamKernel,
  fastConcat,
  fastUnary,
  fmaMatMul,
  leadingReduce,
  noiseKernel,
} from './wasm-own-kernels';

let installed = false;

function withoutTransposes(original: tf.KernelConfig, transpose: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = (attrs ?? {}) as MatMulAttrs;
    if (!transposeA && !transposeB) return original.kernelFunc(args);
    const temporaries: tf.TensorInfo[] = [];
    /** The transpose of x's last two axes; freed after the call unless it is the result. */
    const swapLastTwo = (x: tf.TensorInfo, result = false): tf.TensorInfo => {
      const perm = x.shape.map((_, i) => i);
      const rank = perm.length;
      [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
      const out = transpose({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
      if (!result) temporaries.push(out);
      return out;
    };
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
    const plain = !('bias' in inputs) && !transposeA && transposeB;
    try {
      if (plain && swapPays(a.shape, b.shape)) {
        // a·bᵀ = (b·aᵀ)ᵀ: transposes the small a and the result instead of the big b.
        const swapped = original.kernelFunc({
          inputs: { a: b, b: swapLastTwo(a) },
          backend,
          attrs: { ...attrs, transposeA: false, transposeB: false },
        }) as tf.TensorInfo;
        temporaries.push(swapped);
        return swapLastTwo(swapped, true);
      }
      return original.kernelFunc({
        inputs: {
          ...inputs,
          a: transposeA ? swapLastTwo(a) : a,
          b: transposeB ? swapLastTwo(b) : b,
        },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temporaries) (backend as unknown as WasmBackend).disposeData(t.dataId);
    }
  };
}

/** Copies `x[begin : begin + size]` into a new heap tensor, one last-axis run at a time. */
function sliceFromHeap(
  backend: WasmBackend,
  x: tf.TensorInfo,
  begin: number[],
  size: number[],
): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  const count = size.reduce((a, b) => a * b, 1);
  if (count === 0) return out;
  // Views are taken after makeOutput: growing the heap detaches older views.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const heap = new (src.constructor as Int32ArrayConstructor)(src.buffer);
  const srcBase = src.byteOffset / src.BYTES_PER_ELEMENT;
  const dstBase = dst.byteOffset / dst.BYTES_PER_ELEMENT;
  const rank = x.shape.length;
  if (rank === 0) {
    heap.copyWithin(dstBase, srcBase, srcBase + 1);
    return out;
  }
  const strides = tf.util.computeStrides(x.shape);
  const run = size[rank - 1] as number;
  const index = new Array<number>(rank - 1).fill(0);
  for (let k = 0; k < count / run; k += 1) {
    let offset = srcBase + (begin[rank - 1] as number);
    for (let d = 0; d < rank - 1; d += 1) {
      offset += ((begin[d] as number) + (index[d] as number)) * (strides[d] as number);
    }
    heap.copyWithin(dstBase + k * run, offset, offset + run);
    for (let d = rank - 2; d >= 0; d -= 1) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (size[d] as number)) break;
      index[d] = 0;
    }
  }
  return out;
}

function fastSlice(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return original.kernelFunc(args);
    const { begin, size } = args.attrs as { begin: number | number[]; size?: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
    return sliceFromHeap(args.backend as WasmBackend, x, b, s);
  };
}

function fastSplit(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return original.kernelFunc(args);
    const attrs = args.attrs as { numOrSizeSplits: number | number[]; axis: number | number[] };
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0] as number;
    const sizes = tf.backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const piece = sliceFromHeap(args.backend as WasmBackend, x, [...begin], size);
      begin[axis] = (begin[axis] as number) + s;
      return piece;
    });
  };
}

/** `x` gathered along `axis` at `indices` (batchDims 0), copied on the heap run by run. */
function fastGather(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
    const attrs = args.attrs as { axis: number; batchDims?: number };
    if (x.dtype === 'string' || (attrs.batchDims ?? 0) !== 0 || indices.dtype !== 'int32')
      return original.kernelFunc(args);
    const backend = args.backend as WasmBackend;
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0] as number;
    const axisDim = x.shape[axis] as number;
    const outer = tf.util.sizeFromShape(x.shape.slice(0, axis));
    const inner = tf.util.sizeFromShape(x.shape.slice(axis + 1));
    const picks = Int32Array.from(backend.typedArrayFromHeap(indices));
    for (const p of picks) {
      if (!(p >= 0 && p < axisDim))
        throw new Error(`GatherV2: the index value ${p} is not in [0, ${axisDim - 1}]`);
    }
    const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
    const out = backend.makeOutput(shape, x.dtype);
    if (tf.util.sizeFromShape(shape) === 0) return out;
    // Views are taken after makeOutput: growing the heap detaches older views.
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    const heap = new (src.constructor as Int32ArrayConstructor)(src.buffer);
    const srcBase = src.byteOffset / src.BYTES_PER_ELEMENT;
    let at = dst.byteOffset / dst.BYTES_PER_ELEMENT;
    const n = picks.length;
    for (let o = 0; o < outer; o += 1) {
      const rowBase = srcBase + o * axisDim * inner;
      if (inner === 1) {
        for (let j = 0; j < n; j += 1)
          heap[at + j] = heap[rowBase + (picks[j] as number)] as number;
        at += n;
        continue;
      }
      for (let j = 0; j < n; j += 1) {
        const from = rowBase + (picks[j] as number) * inner;
        heap.copyWithin(at, from, from + inner);
        at += inner;
      }
    }
    return out;
  };
}

/** A same-type copy that shares the data (one more reference) instead of copying it. */
function sharedCopy(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const x = args.inputs.x as tf.TensorInfo;
    const dtype = (args.attrs as { dtype?: tf.DataType } | undefined)?.dtype ?? x.dtype;
    if (x.dtype === 'string' || dtype !== x.dtype) return original.kernelFunc(args);
    (args.backend as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype };
  };
}

function replace(name: string, make: (original: tf.KernelConfig) => tf.KernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...original, kernelFunc: make(original) });
}

/**
 * Installs the faster wasm kernels once (idempotent). Returns whether they are in place; false
 * when the wasm backend's kernels are not registered (the wasm package was not imported).
 */
export function installFastWasmKernels(): boolean {
  if (installed) return true;
  const names = [tf.BatchMatMul, tf._FusedMatMul, tf.Slice, tf.SplitV, tf.Transpose, tf.GatherV2];
  names.push(tf.Sum, tf.Mean, tf.Concat, tf.Exp, tf.Log);
  if (!tf.getKernel(tf.Identity, 'wasm') || !tf.getKernel(tf.Cast, 'wasm')) return false;
  if (names.some((name) => !tf.getKernel(name, 'wasm'))) return false;
  const transpose = tf.getKernel(tf.Transpose, 'wasm').kernelFunc;
  replace(tf.BatchMatMul, (k) => fmaMatMul(withoutTransposes(k, transpose), transpose));
  replace(tf._FusedMatMul, (k) => fmaMatMul(withoutTransposes(k, transpose), transpose));
  replace(tf.Slice, fastSlice);
  replace(tf.SplitV, fastSplit);
  replace(tf.GatherV2, fastGather);
  replace(tf.Identity, sharedCopy);
  replace(tf.Cast, sharedCopy);
  replace(tf.Sum, (k) => leadingReduce(k, false));
  replace(tf.Mean, (k) => leadingReduce(k, true));
  replace(tf.Concat, fastConcat);
  replace(tf.Exp, (k) => fastUnary(k, 'exp'));
  replace(tf.Log, (k) => fastUnary(k, 'log'));
  tf.registerKernel({
    kernelName: NOISE_KERNEL,
    backendName: 'wasm',
    kernelFunc: noiseKernel as unknown as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: ADAM_KERNEL,
    backendName: 'wasm',
    kernelFunc: adamKernel as unknown as tf.KernelFunc,
  });
  installed = true;
  return true;
}
