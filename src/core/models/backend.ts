/**
 * Starts a tfjs backend, trying them in order (WebGL, then wasm, then cpu by default) and
 * saying which one runs and why. `setBackend` returns false rather than throwing on failure,
 * so the result is always checked with `getBackend()`.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export interface BackendChoice {
  name: BackendName;
  /** Why this backend runs, in the user's words (e.g. "WebGL unavailable: ..."). */
  reason: string;
  failures: { name: BackendName; error: string }[];
}

export interface BackendOptions {
  /** Where the wasm binaries are served (browser: '/wasm/'; Node: a folder path ending in '/'). */
  wasmPath?: string;
}

let wasmPathSet = false;

/** Tries each backend in `order` until one starts. Throws only when none does. */
export async function initBackend(
  order: readonly BackendName[] = ['webgl', 'wasm', 'cpu'],
  options: BackendOptions = {},
): Promise<BackendChoice> {
  const failures: BackendChoice['failures'] = [];
  for (const name of order) {
    try {
      if (name === 'wasm' && options.wasmPath && !wasmPathSet) {
        setWasmPaths(options.wasmPath);
        wasmPathSet = true;
      }
      const ok = await tf.setBackend(name);
      await tf.ready();
      if (!ok || tf.getBackend() !== name) throw new Error('the backend did not start');
      if (name === 'wasm') patchWasmMatMul();
      if (name === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
        throw new Error('this GPU cannot render 32-bit floats');
      }
      const reason =
        failures.length === 0
          ? `${label(name)} is the first choice`
          : failures.map((f) => `${label(f.name)} unavailable (${f.error})`).join('; ');
      return { name, reason, failures };
    } catch (e) {
      failures.push({ name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(
    `No TensorFlow.js backend could start: ${failures.map((f) => `${f.name}: ${f.error}`).join('; ')}`,
  );
}

function label(name: BackendName): string {
  return name === 'webgl' ? 'WebGL' : name === 'wasm' ? 'WebAssembly' : 'CPU';
}

/** Live tensors on the current backend (for leak checks and the benchmark). */
export function countTensors(): number {
  return tf.memory().numTensors;
}

type KernelFunc = tf.KernelConfig['kernelFunc'];
type KernelArgs = Parameters<KernelFunc>[0];
type KernelResult = ReturnType<KernelFunc>;

let matMulPatched = false;

/**
 * On the wasm backend, tfjs 4.22 runs a matMul with `transposeA`/`transposeB` through a scalar
 * loop 11-15x slower than its XNNPACK path (../shared/research/tfjs-cpu-profile.md), and every
 * backward pass asks for transposed matMuls. This re-registers BatchMatMul and _FusedMatMul so
 * that a transposed operand is first transposed explicitly (0.1-1 ms), then the fast plain path
 * runs. The results are the same matMul; gradients are unchanged (they are defined on the op).
 */
export function patchWasmMatMul(): void {
  if (matMulPatched) return;
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) return;
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...original, kernelFunc: untransposed(original.kernelFunc, transpose.kernelFunc) });
  }
  matMulPatched = true;
}

function untransposed(run: KernelFunc, transpose: KernelFunc): KernelFunc {
  return (args: KernelArgs): KernelResult => {
    const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean } | undefined;
    if (!attrs?.transposeA && !attrs?.transposeB) return run(args);
    const inputs = { ...args.inputs } as Record<string, tf.TensorInfo>;
    const temporary: tf.TensorInfo[] = [];
    for (const [key, flag] of [
      ['a', attrs.transposeA],
      ['b', attrs.transposeB],
    ] as const) {
      const x = inputs[key];
      if (!flag || !x) continue;
      const rank = x.shape.length;
      const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
      const t = transpose({ inputs: { x }, backend: args.backend, attrs: { perm } }) as tf.TensorInfo;
      temporary.push(t);
      inputs[key] = t;
    }
    try {
      return run({ ...args, inputs, attrs: { ...attrs, transposeA: false, transposeB: false } });
    } finally {
      const backend = args.backend as { disposeData(dataId: object): void };
      for (const t of temporary) backend.disposeData(t.dataId);
    }
  };
}
