/**
 * Starts a tfjs backend, trying them in order (WebGL, then wasm, then cpu by default) and
 * saying which one runs and why. `setBackend` returns false rather than throwing on failure,
 * so the result is always checked with `getBackend()`.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { installFastWasmKernels } from './wasm-kernels';

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
      if (name === 'wasm') installFastWasmKernels();
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
