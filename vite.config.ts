/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * What the built page may load: its own origin only. WebAssembly compiling needs
 * 'wasm-unsafe-eval' (tfjs' wasm backend); `data:`/`blob:` images cover charts and downloads.
 * Multi-threaded WebAssembly starts its threads as workers from `blob:` URLs the engine worker
 * makes itself (tfjs builds them from its bundled code), so `blob:` is allowed for workers and
 * scripts: a blob can only be made by code already running on this origin, and it loads nothing
 * from anywhere else.
 * React's style props go through the CSSOM, which style-src does not govern, so no inline
 * styles are allowed. Nothing may connect, load or submit anywhere else.
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
];
/** In a <meta> tag (frame-ancestors is ignored there, so it is only in the header). */
export const META_CSP = CSP_DIRECTIVES.join('; ');
/** As a response header (vite preview; copy it to your web server's config). */
export const HEADER_CSP = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/**
 * Cross-origin isolation (SharedArrayBuffer, so tfjs' wasm backend can run threads): the page
 * opens no other origin's windows and embeds nothing that does not opt in. The service worker
 * (src/sw/service-worker.ts) adds the same two headers to what it serves, for static hosting.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Public files the app uses at run time, cached for offline use (not the README screenshot). */
const OFFLINE_PUBLIC_FILES = /^(demo\/.+\.csv|wasm\/.+\.wasm|favicon\.svg)$/;

/** The production page carries the policy in a <meta> tag, first in <head>. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'facsimile-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CSP },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * The page reads the model registry (names, defaults, help) but never loads a model: each entry's
 * `load()` (a dynamic import of the model's adapter, and through it tfjs) runs in the engine
 * worker. In the page's build those imports resolve to a module that refuses, so no tfjs chunk
 * is emitted for the page (nor precached for it). The worker's build is not touched.
 */
function modelsStayInTheWorker(): Plugin {
  const refusal = '\0facsimile-model-in-page';
  return {
    name: 'facsimile-models-stay-in-the-worker',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (
        source === './adapter' &&
        importer &&
        /[\\/]core[\\/]models[\\/][^\\/]+[\\/]entry\.ts$/.test(importer)
      )
        return refusal;
      return null;
    },
    load(id) {
      if (id !== refusal) return null;
      return "throw new Error('Models are trained and sampled in the engine worker, not in the page.');";
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const hashOf = (data: string | Uint8Array) =>
  createHash('sha256').update(data).digest('hex').slice(0, 16);

/**
 * Builds src/sw/service-worker.ts as `sw.js` at the root of the build and prepends its
 * precache manifest: every emitted file (index.html, chunks, CSS) and the public files the
 * app fetches, with a version hashed from all their contents.
 */
function serviceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'facsimile-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const worker = Object.values(bundle).find((f) => f.fileName === 'sw.js');
      if (!worker || worker.type !== 'chunk') return;
      if (worker.imports.length > 0 || worker.dynamicImports.length > 0) {
        this.error('sw.js must not import anything: it is registered as a classic script.');
      }
      const entries: [string, string][] = [];
      for (const file of Object.values(bundle)) {
        if (file === worker || file.fileName.endsWith('.map')) continue;
        entries.push([file.fileName, hashOf(file.type === 'chunk' ? file.code : file.source)]);
      }
      if (publicDir) {
        for (const path of filesUnder(publicDir)) {
          const name = relative(publicDir, path).split(sep).join('/');
          if (OFFLINE_PUBLIC_FILES.test(name)) entries.push([name, hashOf(readFileSync(path))]);
        }
      }
      entries.sort(([a], [b]) => (a < b ? -1 : 1));
      const manifest = {
        version: hashOf(entries.map(([f, h]) => `${f} ${h}`).join('\n')),
        files: entries.map(([f]) => f),
      };
      worker.code = `const FACSIMILE_PRECACHE = ${JSON.stringify(manifest)};\n${worker.code}`;
    },
  };
}

// One config for the app, its workers and the unit tests (Vitest reads the `test` field).
export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), serviceWorker(), modelsStayInTheWorker()],
  worker: {
    format: 'es',
    // tfjs starts its wasm threads from the source text of its bundled threaded-wasm factory
    // (Function.toString into a blob: worker). Mangling renames a variable that factory reads
    // from its closure (`_scriptDir`) and compressing drops the `typeof` guard around it, so
    // the thread workers die with "e is not defined". The engine worker keeps its names.
    rolldownOptions: {
      output: { minify: { mangle: false, compress: false } },
    },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: { index: 'index.html', sw: 'src/sw/service-worker.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, headers: ISOLATION_HEADERS },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    strictPort: true,
    headers: { 'Content-Security-Policy': HEADER_CSP, ...ISOLATION_HEADERS },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
