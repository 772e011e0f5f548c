/**
 * Starts a tfjs backend, trying them in order (WebGL, then wasm, then cpu by default) and
 * saying which one runs and why. `setBackend` returns false rather than throwing on failure,
 * so the result is always checked with `getBackend()`.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { installFastWasmKernels } from './common/wasm-kernels';

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

/** Bytes held by live tensors on the current backend (for leak checks and the benchmark). */
export function backendBytes(): number {
  return tf.memory().numBytes;
}

/** The little of a WebGL context the loss watch needs (core has no DOM typings). */
interface GlContext {
  canvas: unknown;
  isContextLost(): boolean;
  getExtension(name: string): unknown;
}

interface EventSource {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** The running WebGL backend's context, or null on another backend. */
function webglContext(): GlContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  const backend = tf.backend() as unknown as { gpgpu?: { gl?: GlContext } };
  return backend.gpgpu?.gl ?? null;
}

/**
 * Calls `listener` when the running WebGL backend loses its context (the GPU was reset, the
 * driver crashed, or the browser took the context back); returns the unsubscribe. A no-op on
 * wasm and cpu. After a loss every op on that backend fails or hangs (a read waits for a fence
 * that never passes), so the caller must stop using it.
 */
export function onWebglContextLost(listener: () => void): () => void {
  const gl = webglContext();
  const canvas = gl?.canvas as EventSource | undefined;
  if (!canvas || typeof canvas.addEventListener !== 'function') return () => undefined;
  canvas.addEventListener('webglcontextlost', listener);
  return () => canvas.removeEventListener('webglcontextlost', listener);
}

/** True when the running backend is WebGL and its context is lost. */
export function webglContextLost(): boolean {
  return webglContext()?.isContextLost() ?? false;
}

/**
 * Test-only, harmless: drops the WebGL context with `WEBGL_lose_context`, the way a GPU reset
 * would. Returns false when the running backend is not WebGL or the extension is missing.
 */
export function loseWebglContext(): boolean {
  const ext = webglContext()?.getExtension('WEBGL_lose_context') as
    { loseContext(): void } | null | undefined;
  if (!ext) return false;
  ext.loseContext();
  return true;
}

/**
 * After a context loss: stops the WebGL backend's fence polling (reads waiting on a lost
 * context would otherwise be retried on every task for ever) and frees what can be freed.
 * The backend stays registered but must not be chosen again in this worker.
 */
export function abandonWebgl(): void {
  const engine = tf.engine() as unknown as { registry: Record<string, unknown> };
  const webgl = engine.registry.webgl as { gpgpu?: { itemsToPoll?: unknown[] } } | undefined;
  if (webgl?.gpgpu && Array.isArray(webgl.gpgpu.itemsToPoll)) webgl.gpgpu.itemsToPoll = [];
}
