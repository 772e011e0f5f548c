/**
 * Starts tfjs in Node: SIMD wasm (fastest on CPU here), on one thread or on tfjs' threaded
 * binary (node-threads.ts), or the pure-JS cpu backend.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { initBackend } from '../core/models/backend';
import { threadsUnavailable, withNodeWasmThreads } from './node-threads';

export type NodeBackend = 'wasm' | 'cpu';

/** Folder of tfjs' wasm binaries, with a trailing slash, as tfjs wants it. */
export function nodeWasmPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

/**
 * Lets V8 compile relaxed-SIMD wasm (Node 20 keeps it behind a flag; Chromium 114+ and Node 22+
 * have it on), so the wasm backend's matrix product can use fused multiply-add
 * (core/models/common/wasm-gemm.ts). The flag only adds instructions to the wasm validator; it
 * must be set before the kernel module is compiled.
 */
export function enableRelaxedSimd(): void {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}

/**
 * Starts `name`; on wasm with `threads` above 1, tfjs' threaded binary with that many threads.
 * Returns the backend's name, with the threads when more than one runs ("wasm, 2 threads"), or
 * why they do not. The thread count is read once per process: the first wasm start fixes it.
 */
export async function startNodeBackend(name: NodeBackend, threads = 1): Promise<string> {
  enableRelaxedSimd();
  const unavailable = name === 'wasm' && threads > 1 ? threadsUnavailable() : null;
  const threaded = name === 'wasm' && threads > 1 && unavailable === null;
  const options = { wasmPath: nodeWasmPath(), wasmThreads: threaded ? threads : 1 };
  const choice = threaded
    ? await withNodeWasmThreads(threads, () =>
        initBackend([name], { ...options, nodeThreads: true }),
      )
    : await initBackend([name], options);
  if (unavailable) return `${choice.name}, 1 thread (${unavailable})`;
  const products = choice.products ? ` (${choice.products})` : '';
  return choice.threads !== undefined && choice.threads > 1
    ? `${choice.name}, ${choice.threads} threads${products}`
    : `${choice.name}${products}`;
}
