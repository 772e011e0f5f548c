/**
 * Starts a tfjs backend, trying them in order (WebGL, then wasm, then cpu by default) and
 * saying which one runs and why. `setBackend` returns false rather than throwing on failure,
 * so the result is always checked with `getBackend()`.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { installFastWasmKernels } from './common/wasm-kernels';
import { productsFor } from './common/wasm-products';

import type { BackendName } from './backend-measure';

export type { BackendName };

export interface BackendChoice {
  name: BackendName;
  /** Why this backend runs, in the user's words (e.g. "WebGL unavailable: ..."). */
  reason: string;
  failures: { name: BackendName; error: string }[];
  /** WebAssembly only: the threads its kernels run on (1 unless the page is cross-origin isolated). */
  threads?: number;
  /** WebAssembly only: which kernel multiplies matrices, and why (wasm-products.ts). */
  products?: string;
}

export interface BackendOptions {
  /** Where the wasm binaries are served (browser: '/wasm/'; Node: a folder path ending in '/'). */
  wasmPath?: string;
  /** Threads to ask of the wasm backend (default: `wasmThreadsFor(hardwareConcurrency)`). */
  wasmThreads?: number;
  /**
   * Node only: allow tfjs' threaded wasm binary, which tfjs turns off in Node. The caller must
   * make its worker scripts loadable there (src/cli/node-threads.ts does).
   */
  nodeThreads?: boolean;
}

let wasmPathSet = false;
let wasmThreadsSet = false;

/** More threads than this rarely pay off for networks this small, and each holds a worker. */
export const MAX_WASM_THREADS = 8;

/**
 * The threads to give tfjs' wasm backend on a machine with `cores` logical cores: all of them
 * up to MAX_WASM_THREADS (1 when unknown). It only uses them when the page is cross-origin
 * isolated (SharedArrayBuffer); otherwise it runs its single-threaded SIMD build.
 */
export function wasmThreadsFor(cores: number | undefined): number {
  if (cores === undefined || !Number.isFinite(cores) || cores < 1) return 1;
  return Math.min(MAX_WASM_THREADS, Math.floor(cores));
}

let requestedThreads = 1;

/**
 * Runs `start` while `navigator.hardwareConcurrency` reads `cores`. tfjs' threaded wasm binary
 * (4.22) caps its thread pool at half the logical cores it reads once as it starts ("2 threads
 * per core" on x86), so a 2-core machine would get 1 thread whatever `setThreadsCount` asks;
 * it is told twice the threads wanted while it starts, and the real value comes back after.
 * No-op where there is no navigator (Node, whose tfjs runs wasm on one thread anyway).
 */
async function withLogicalCores<T>(cores: number, start: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (!nav) return start();
  const own = Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency');
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => cores });
  try {
    return await start();
  } finally {
    if (own) Object.defineProperty(nav, 'hardwareConcurrency', own);
    else delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Logical cores as the runtime reports them (navigator in browsers and Node 21+). */
function logicalCores(): number | undefined {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return nav?.hardwareConcurrency;
}

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
      if (name === 'wasm' && !wasmThreadsSet) {
        // Read once, when the backend first starts; later calls cannot change it.
        requestedThreads = options.wasmThreads ?? wasmThreadsFor(logicalCores());
        setThreadsCount(requestedThreads);
        wasmThreadsSet = true;
        if (options.nodeThreads && requestedThreads > 1) {
          tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
        }
      }
      const ok =
        name === 'wasm'
          ? await withLogicalCores(2 * requestedThreads, () => tf.setBackend(name))
          : await tf.setBackend(name);
      await tf.ready();
      if (!ok || tf.getBackend() !== name) throw new Error('the backend did not start');
      if (name === 'wasm') installFastWasmKernels();
      if (name === 'wasm' && options.nodeThreads) unrefPoolThreads();
      if (name === 'webgl' && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
        throw new Error('this GPU cannot render 32-bit floats');
      }
      const reason =
        failures.length === 0
          ? `${label(name)} is the first choice`
          : failures.map((f) => `${label(f.name)} unavailable (${f.error})`).join('; ');
      if (name !== 'wasm') return { name, reason, failures };
      const threads = getThreadsCount();
      return { name, reason, failures, threads, products: productsFor(threads).reason };
    } catch (e) {
      failures.push({ name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new Error(
    `No TensorFlow.js backend could start: ${failures.map((f) => `${f.name}: ${f.error}`).join('; ')}`,
  );
}

/**
 * Node: the wasm thread pool's workers wait for work for ever, and a referenced worker keeps
 * the process alive after its last task. The main thread drives all work synchronously, so
 * they are unreferenced (Emscripten references a worker again only when it starts a thread).
 */
function unrefPoolThreads(): void {
  type NodeWorker = { unref?: () => void };
  const backend = tf.backend() as unknown as {
    wasm?: { PThread?: { runningWorkers?: NodeWorker[]; unusedWorkers?: NodeWorker[] } };
  };
  const pool = backend.wasm?.PThread;
  for (const w of [...(pool?.runningWorkers ?? []), ...(pool?.unusedWorkers ?? [])]) w.unref?.();
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
