/**
 * Lets tfjs' threaded SIMD wasm binary start under Node.
 *
 * tfjs 4.22 never picks that binary in Node (its `WASM_HAS_MULTITHREAD_SUPPORT` flag answers
 * false there, tfjs issue 3830), because its loader hands Emscripten two Blob object URLs: the
 * pthread worker's script and the main script each worker imports. Node's `worker_threads`
 * load neither (a Worker wants a file path, and a worker reads scripts with `fs`). The
 * Emscripten build itself runs pthreads on `worker_threads`. So while the backend starts, the
 * Blobs tfjs makes are recorded, the two scripts are written to a temporary folder, and the
 * object URLs handed out are their paths. Nothing else about the backend changes: the same
 * kernels run, and XNNPACK splits matrix products over the thread pool.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';

/** The tfjs-backend-wasm release whose loader and bundle this file was written against. */
export const THREADED_WASM_VERSION = '4.22.0';

/**
 * Null when the installed tfjs-backend-wasm is the release this file knows; else why threads
 * stay off (another release may name its Blobs or bundle differently, and a worker that fails
 * to load takes the process down rather than failing the start).
 */
export function threadsUnavailable(): string | null {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  const { version } = JSON.parse(readFileSync(file, 'utf8')) as { version?: string };
  return version === THREADED_WASM_VERSION
    ? null
    : `tfjs-backend-wasm ${version ?? '?'} is installed; wasm threads in Node are set up for ${THREADED_WASM_VERSION}`;
}

/** The main script's own start: Emscripten's factory, as tfjs' loader writes it out. */
const MAIN_SCRIPT_START = 'var WasmBackendModuleThreadedSimd';

/**
 * Names the factory borrows from tfjs' Node bundle (Rollup's names for `fs`, `path`,
 * `perf_hooks` and `os`, and its global object); a worker evaluates the factory on its own,
 * so they are declared first.
 */
const MAIN_SCRIPT_PRELUDE =
  "var require$$0=require('fs'),require$$1=require('path'),require$$3=require('perf_hooks')," +
  "require$$4=require('os'),commonjsGlobal=globalThis;\n";

/** The worker asks for an object URL of the main script once; it gets the file instead. */
const workerPrelude = (mainPath: string) =>
  `URL.createObjectURL=()=>${JSON.stringify(mainPath)};URL.revokeObjectURL=()=>{};\n`;

interface Patched {
  restore(): void;
}

/** Records tfjs' script Blobs and answers their object URLs with files in `dir`. */
function patchScriptUrls(dir: string): Patched {
  const RealBlob = globalThis.Blob;
  const realCreate = URL.createObjectURL.bind(URL);
  const texts = new WeakMap<object, string>();
  const mainPath = join(dir, 'threaded-simd.js');
  class RecordingBlob extends RealBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const text = (parts ?? []).every((p) => typeof p === 'string') ? parts?.join('') : undefined;
      if (text === undefined) return;
      texts.set(this, text);
      if (text.startsWith(MAIN_SCRIPT_START)) writeFileSync(mainPath, MAIN_SCRIPT_PRELUDE + text);
    }
  }
  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (blob: Blob): string => {
    const text = texts.get(blob);
    if (text === undefined) return realCreate(blob);
    const path = join(dir, 'threaded-simd.worker.js');
    writeFileSync(path, workerPrelude(mainPath) + text);
    return path;
  };
  return {
    restore() {
      globalThis.Blob = RealBlob;
      URL.createObjectURL = realCreate;
    },
  };
}

/**
 * Emscripten reads the logical cores from `os.cpus()` and tfjs' C++ caps its pool at half of
 * them ("2 threads per core" on x86), so `threads` on a 2-core machine would give 1: the count
 * reads `2 * threads` while the backend starts.
 */
function patchLogicalCores(threads: number): Patched {
  const realCpus = os.cpus.bind(os);
  os.cpus = () => {
    const cpus = realCpus();
    return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length] as os.CpuInfo);
  };
  return {
    restore() {
      os.cpus = realCpus;
    },
  };
}

/**
 * Runs `start` (which starts tfjs' wasm backend with the threaded binary allowed and
 * `threads` asked for) with the script URLs and core count patched, then puts both back. The
 * temporary folder is removed once the backend has started: Emscripten loads its whole worker
 * pool (8 workers, MAX_NODE_THREADS less the main thread fits) while the module starts, so no
 * later thread reads the scripts again.
 */
export async function withNodeWasmThreads<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(os.tmpdir(), 'facsimile-wasm-'));
  const patches = [patchScriptUrls(dir), patchLogicalCores(threads)];
  try {
    return await start();
  } finally {
    for (const p of patches) p.restore();
    rmSync(dir, { recursive: true, force: true });
  }
}
