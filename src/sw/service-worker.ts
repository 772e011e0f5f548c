/**
 * Facsimile's service worker: after the first visit the app works with the network off.
 *
 * At build time vite.config.ts prepends `FACSIMILE_PRECACHE`: every file the app needs (the app
 * shell, the JS/CSS chunks, the WebAssembly binaries, the demo tables) and a version made of
 * their content hashes, so a new build is a new cache. Files are served from that cache first;
 * nothing else is cached and no request goes to another origin (the page's
 * Content-Security-Policy forbids it, and this worker never makes one).
 *
 * It imports nothing, so the build emits it as one classic script (sw.js).
 */

interface PrecacheManifest {
  /** Hash of every file's content hash: changes whenever any file does. */
  version: string;
  /** Paths relative to the app's base URL, e.g. `assets/index-abc.js`, `demo/penguins.csv`. */
  files: string[];
}

declare const FACSIMILE_PRECACHE: PrecacheManifest;

/** The service worker globals this file uses (the page's DOM typings are in force here). */
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEventLike) => void): void;
}

const sw = self as unknown as ServiceWorkerScope;

/** Caches of this app are named with this prefix, so old versions can be told apart. */
const CACHE_PREFIX = 'facsimile-app-';
const cacheName = `${CACHE_PREFIX}${FACSIMILE_PRECACHE.version}`;
const scope = new URL(sw.registration.scope);
const precached = new Set(FACSIMILE_PRECACHE.files.map((f) => new URL(f, scope).href));
const appShell = new URL('index.html', scope).href;

/**
 * Puts every file of the manifest that is not in the cache yet into it. Run at install, and
 * on each page load so that a cache the user cleared ("Forget everything") fills again.
 */
async function precache(): Promise<void> {
  const cache = await caches.open(cacheName);
  const have = new Set((await cache.keys()).map((r) => r.url));
  const missing = [...precached].filter((url) => !have.has(url));
  await Promise.all(
    missing.map(async (url) => {
      // 'reload' skips the HTTP cache, so the stored copy is the one this build shipped.
      const response = await fetch(url, { cache: 'reload' });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      await cache.put(url, response);
    }),
  );
}

async function dropOldCaches(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(
    names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== cacheName).map((n) => caches.delete(n)),
  );
}

/**
 * The response with the cross-origin isolation headers (COOP same-origin, COEP require-corp)
 * added, so a statically hosted copy of the app runs tfjs' WebAssembly on several threads
 * from the second load on (the first page load happens before this worker controls the page).
 * The same two headers as vite.config.ts' ISOLATION_HEADERS; this file imports nothing.
 */
function isolated(response: Response): Response {
  // Opaque and error responses cannot be rebuilt; they carry no page or script of ours.
  if (response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

async function cachedOrNetwork(key: string, request: Request): Promise<Response> {
  const cached = await caches.match(key, { cacheName });
  return isolated(cached ?? (await fetch(request)));
}

sw.addEventListener('install', (event) => event.waitUntil(precache()));

sw.addEventListener('activate', (event) => {
  // Take the open page at once on the first visit; a new version waits until the app's tabs
  // are closed, so a running page never loses the chunks it was built with.
  event.waitUntil(dropOldCaches().then(() => sw.clients.claim()));
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return;
  // Page loads of the app itself get the cached shell; a file opened in a tab is a file.
  if (
    request.mode === 'navigate' &&
    !/\.[a-z0-9]+$/i.test(url.pathname.replace(/index\.html$/, ''))
  ) {
    event.respondWith(cachedOrNetwork(appShell, request));
    event.waitUntil(precache().catch(() => undefined));
    return;
  }
  url.hash = '';
  if (!precached.has(url.href)) return;
  event.respondWith(cachedOrNetwork(url.href, request));
});
