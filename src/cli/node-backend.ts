/**
 * Starts tfjs in Node: SIMD wasm (fastest on CPU here), on one thread or on tfjs' threaded
 * binary (node-threads.ts), or the pure-JS cpu backend.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { initBackend } from '../core/models/backend';
import { threadsUnavailable, withNodeWasmThreads } from './node-threads';

export type NodeBackend = 'wasm' | 'cpu';

/** Folder of tfjs' wasm binaries, with a trailing slash, as tfjs wants it. */
export function nodeWasmPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

/**
 * Starts `name`; on wasm with `threads` above 1, tfjs' threaded binary with that many threads.
 * Returns the backend's name, with the threads when more than one runs ("wasm, 2 threads"), or
 * why they do not. The thread count is read once per process: the first wasm start fixes it.
 */
export async function startNodeBackend(name: NodeBackend, threads = 1): Promise<string> {
  const unavailable = name === 'wasm' && threads > 1 ? threadsUnavailable() : null;
  const threaded = name === 'wasm' && threads > 1 && unavailable === null;
  const options = { wasmPath: nodeWasmPath(), wasmThreads: threaded ? threads : 1 };
  const choice = threaded
    ? await withNodeWasmThreads(threads, () =>
        initBackend([name], { ...options, nodeThreads: true }),
      )
    : await initBackend([name], options);
  if (unavailable) return `${choice.name}, 1 thread (${unavailable})`;
  return choice.threads !== undefined && choice.threads > 1
    ? `${choice.name}, ${choice.threads} threads`
    : choice.name;
}
