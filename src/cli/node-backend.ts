/** Starts tfjs in Node: single-thread SIMD wasm (fastest on CPU here) or the pure-JS cpu backend. */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { initBackend } from '../core/models/backend';

export type NodeBackend = 'wasm' | 'cpu';

/** Folder of tfjs' wasm binaries, with a trailing slash, as tfjs wants it. */
export function nodeWasmPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
}

export async function startNodeBackend(name: NodeBackend): Promise<string> {
  const choice = await initBackend([name], { wasmPath: nodeWasmPath() });
  return choice.name;
}
