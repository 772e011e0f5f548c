import { useCallback, useEffect, useRef, useState } from 'react';
import { formatBytes } from '../../ui/format';
import './privacy.css';
import type { EngineMemory } from '../../worker/engine-client';
import { FORGOTTEN_FLAG, forgetEverything } from './forget';
import {
  blockedRequests,
  engineRequests,
  pageRequests,
  watchRequests,
  type BlockedRecord,
  type EngineRequestEntry,
  type RequestRecord,
} from './request-log';

type OfflineState = 'ready' | 'preparing' | 'unavailable' | 'development';

function offlineState(): OfflineState {
  if (!import.meta.env.PROD) return 'development';
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return 'unavailable';
  return navigator.serviceWorker.controller ? 'ready' : 'preparing';
}

const OFFLINE_TEXT: Record<OfflineState, string> = {
  ready: 'Offline use: ready. The app and the demo tables are stored in this browser.',
  preparing: 'Offline use: being prepared. It is ready from the next time this page loads.',
  unavailable: 'Offline use: this browser does not offer it (no service workers).',
  development: 'Offline use: only in the built app, not in the development server.',
};

function pathOf(r: RequestRecord): string {
  if (!r.sameOrigin) return r.url;
  const u = new URL(r.url);
  return `${u.pathname}${u.search}`;
}

/**
 * Set once, on the page load right after "Forget everything": what the engine said it still
 * held after dropping everything (null when it could not say), or false on any other load.
 */
function justForgotten(): EngineMemory | null | false {
  try {
    const flag = sessionStorage.getItem(FORGOTTEN_FLAG);
    sessionStorage.removeItem(FORGOTTEN_FLAG);
    if (flag === null) return false;
    const memory = JSON.parse(flag) as EngineMemory | null;
    return memory && typeof memory.tensors === 'number' ? memory : null;
  } catch {
    return false;
  }
}

function memoryLeft(m: EngineMemory): string {
  const nothing = m.tensors === 0 && m.bytes === 0 && m.tableRows === 0 && !m.model;
  return (
    `Before the reload the engine dropped the table and the model: ${m.tensors} tensors ` +
    `(${formatBytes(m.bytes)}) and ${m.tableRows} table rows were left${nothing ? '.' : ' (this should be nothing: please report it).'}`
  );
}

/**
 * Shows what the page sent over the network (its request log: every request, to which origin)
 * and offers "Forget everything". `listEngineRequests`, when given, adds the engine worker's own
 * requests (demo tables, WebAssembly binaries), which the page cannot see by itself.
 */
export function PrivacyPanel(props: {
  listEngineRequests?: () => Promise<readonly EngineRequestEntry[]>;
  /** Makes the engine drop its table, model and tensors, and say what is left. */
  forgetEngine?: () => Promise<EngineMemory>;
}) {
  // Held in a ref: a new function on every render of the parent must not restart the log.
  const listEngine = useRef(props.listEngineRequests);
  useEffect(() => {
    listEngine.current = props.listEngineRequests;
  });
  const [requests, setRequests] = useState<RequestRecord[]>(() => pageRequests());
  const [blocked, setBlocked] = useState<BlockedRecord[]>(() => blockedRequests());
  const [engineSeen, setEngineSeen] = useState(false);
  const [forgotten] = useState(justForgotten);
  const [offline, setOffline] = useState<OfflineState>(offlineState);

  const refresh = useCallback(async () => {
    let engine: RequestRecord[] = [];
    const list = listEngine.current;
    if (list) {
      try {
        engine = engineRequests(await list());
        setEngineSeen(true);
      } catch {
        setEngineSeen(false);
      }
    }
    setRequests([...pageRequests(), ...engine]);
    setBlocked(blockedRequests());
    setOffline(offlineState());
  }, []);

  useEffect(() => {
    // The engine's list arrives by message; ask for it once the panel is on screen.
    const first = window.setTimeout(() => void refresh(), 0);
    const stop = watchRequests(() => void refresh());
    const sw = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
    const onController = () => setOffline(offlineState());
    sw?.addEventListener('controllerchange', onController);
    return () => {
      window.clearTimeout(first);
      stop();
      sw?.removeEventListener('controllerchange', onController);
    };
  }, [refresh]);

  const elsewhere = requests.filter((r) => !r.sameOrigin);
  const here = typeof location !== 'undefined' ? location.origin : '';
  return (
    <section className="privacy-panel" aria-labelledby="privacy-title">
      <h2 id="privacy-title">Privacy</h2>
      {forgotten !== false && (
        <p className="privacy-ok" aria-live="polite" data-testid="forgotten">
          Everything this page kept was forgotten: stored choices, a training run kept for resuming
          (with its table), the offline copy and anything in memory.
          {forgotten && <> {memoryLeft(forgotten)}</>}
        </p>
      )}
      <p data-testid="privacy-summary" className={elsewhere.length > 0 ? 'privacy-bad' : ''}>
        {elsewhere.length === 0
          ? `0 requests left for another site. All ${requests.length} requests this page made went to its own origin (${here}), to fetch the app's own files.`
          : `${elsewhere.length} of ${requests.length} requests went to another origin: ${[...new Set(elsewhere.map((r) => r.origin))].join(', ')}.`}{' '}
        {blocked.length === 0
          ? 'The security policy blocked no attempt to reach anywhere else.'
          : `The security policy blocked attempts to reach ${blocked.length} other address${blocked.length === 1 ? '' : 'es'}: ${blocked.map((b) => b.url).join(', ')}.`}
      </p>
      <p className="hint">
        The page's Content-Security-Policy lets it connect to {here || 'its own origin'} only, so
        the browser itself refuses any other address.{' '}
        {engineSeen
          ? 'The list includes the engine worker, which reads the demo tables and the WebAssembly files.'
          : 'The engine worker (which reads the demo tables and the WebAssembly files from this same origin) keeps its own list, which the page cannot read; the same policy applies to it.'}{' '}
        Files you load are read from your disk and are not requests.
      </p>
      <RequestLog requests={requests} onRefresh={() => void refresh()} />
      <p data-testid="offline-status">{OFFLINE_TEXT[offline]}</p>
      <ForgetEverything forgetEngine={props.forgetEngine} />
    </section>
  );
}

/** Every request the page and the engine made, with where it went and its size. */
function RequestLog(props: { requests: RequestRecord[]; onRefresh: () => void }) {
  const { requests } = props;
  return (
    <details className="request-log">
      <summary>Request log ({requests.length})</summary>
      <button type="button" className="button" onClick={props.onRefresh}>
        Refresh request log
      </button>
      <div className="table-scroll">
        <table className="schema-table" aria-label="Requests made by this page">
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Kind</th>
              <th scope="col">By</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r, i) => (
              <tr key={`${r.by}:${i}`} className={r.sameOrigin ? '' : 'privacy-bad'}>
                <td>{pathOf(r)}</td>
                <td>{r.initiator}</td>
                <td>{r.by === 'page' ? 'page' : 'engine'}</td>
                <td>{r.bytes > 0 ? formatBytes(r.bytes) : 'cached'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** "Forget everything", asked twice: clears what this browser keeps, then reloads. */
function ForgetEverything(props: { forgetEngine?: () => Promise<EngineMemory> }) {
  const [confirming, setConfirming] = useState(false);
  const [forgetting, setForgetting] = useState(false);
  const [forgetError, setForgetError] = useState<string | null>(null);
  const forget = async () => {
    setForgetting(true);
    setForgetError(null);
    try {
      // The engine first (it stops a run and clears the run it keeps), then this page's storage.
      const memory = props.forgetEngine ? await props.forgetEngine().catch(() => null) : null;
      await forgetEverything();
      sessionStorage.setItem(FORGOTTEN_FLAG, JSON.stringify(memory));
      // A reload ends the engine worker, so the table and the model in memory go with it.
      location.reload();
    } catch (e) {
      setForgetting(false);
      setForgetError(
        `Some stored data could not be removed: ${e instanceof Error ? e.message : String(e)}. ` +
          'Use your browser\'s "Clear site data" for this page instead.',
      );
    }
  };

  return (
    <>
      {!confirming ? (
        <button
          type="button"
          className="button"
          onClick={() => setConfirming(true)}
          disabled={forgetting}
        >
          Forget everything
        </button>
      ) : (
        <div className="forget-confirm" role="group" aria-label="Confirm forgetting">
          <p>
            This removes what Facsimile keeps in this browser (your column choices, a training run
            kept for resuming after a reload with its table, the offline copy of the app), stops any
            training and reloads the page, which drops the loaded table, the model and generated
            rows from memory. Downloaded files on your disk are not touched. Offline use comes back
            after the next page load while online.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void forget()}
              disabled={forgetting}
            >
              Yes, forget everything
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {forgetError && (
        <p className="privacy-bad" role="alert">
          {forgetError}
        </p>
      )}
    </>
  );
}
