/**
 * What the page can show of its own network use: the Resource Timing entries the browser keeps
 * for this document (the page load, scripts, styles, icons), and Content-Security-Policy
 * violations (requests the browser refused to make). The engine worker keeps its own timeline,
 * which the page cannot read; it can be added through {@link EngineRequestEntry} lists.
 */

/** One request, as the Privacy panel lists it. */
export interface RequestRecord {
  url: string;
  origin: string;
  /** Whether it went to the page's own origin (the only one the policy allows). */
  sameOrigin: boolean;
  /** What asked for it: 'navigation', 'script', 'link', 'fetch', 'img', 'other' ... */
  initiator: string;
  /** Bytes over the network; 0 when served from a cache or not reported. */
  bytes: number;
  /** Milliseconds since the page started loading (engine entries: since the worker started). */
  at: number;
  by: 'page' | 'engine';
}

/** A resource entry as the engine worker would post it (plain data, structured-clonable). */
export interface EngineRequestEntry {
  name: string;
  initiatorType: string;
  transferSize: number;
  startTime: number;
}

/** A request the Content-Security-Policy stopped. */
export interface BlockedRecord {
  url: string;
  directive: string;
}

const blocked: BlockedRecord[] = [];
let listening = false;

/**
 * Starts recording. Resource entries are buffered by the browser from the page's start, so a
 * late call misses none of them (the buffer is raised from its default 250 entries); CSP
 * violations are events, so this runs when the module is first imported.
 */
export function startRequestLog(): void {
  if (listening || typeof document === 'undefined') return;
  listening = true;
  performance.setResourceTimingBufferSize(10_000);
  document.addEventListener('securitypolicyviolation', (e) => {
    blocked.push({ url: e.blockedURI, directive: e.effectiveDirective });
  });
}
startRequestLog();

function record(
  url: string,
  initiator: string,
  bytes: number,
  at: number,
  by: RequestRecord['by'],
): RequestRecord {
  let origin: string;
  try {
    origin = new URL(url, location.href).origin;
  } catch {
    origin = url;
  }
  return { url, origin, sameOrigin: origin === location.origin, initiator, bytes, at, by };
}

/** Every request this document made so far, page load first. */
export function pageRequests(): RequestRecord[] {
  const navigation = performance
    .getEntriesByType('navigation')
    .map((e) =>
      record(e.name, 'navigation', (e as PerformanceNavigationTiming).transferSize, 0, 'page'),
    );
  const resources = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
    (e) => record(e.name, e.initiatorType, e.transferSize, e.startTime, 'page'),
  );
  return [...navigation, ...resources];
}

/** The engine worker's entries in the same shape. */
export function engineRequests(entries: readonly EngineRequestEntry[]): RequestRecord[] {
  return entries.map((e) => record(e.name, e.initiatorType, e.transferSize, e.startTime, 'engine'));
}

/**
 * Addresses the policy refused so far, each once (a browser may report one refused request
 * more than once, e.g. for connect-src and again for the fetch that used it).
 */
export function blockedRequests(): BlockedRecord[] {
  const byUrl = new Map(blocked.map((b) => [b.url, b]));
  return [...byUrl.values()];
}

/** Calls `onChange` whenever the page makes another request; returns the unsubscribe. */
export function watchRequests(onChange: () => void): () => void {
  if (typeof PerformanceObserver === 'undefined') return () => undefined;
  const observer = new PerformanceObserver(onChange);
  observer.observe({ type: 'resource' });
  document.addEventListener('securitypolicyviolation', onChange);
  return () => {
    observer.disconnect();
    document.removeEventListener('securitypolicyviolation', onChange);
  };
}
