/**
 * "Forget everything": removes what Facsimile keeps in this browser between visits, so that a
 * shared or borrowed computer holds nothing of the user's work. What lives only in memory (the
 * table, the model, generated rows in the engine worker) goes when the page reloads, which the
 * Privacy panel does straight after.
 */

/**
 * IndexedDB databases Facsimile opens (idb-keyval's default store, the schema choices, the
 * training run kept for resuming: worker/run-store's RUN_DATABASE).
 */
const KNOWN_DATABASES = ['facsimile', 'keyval-store', 'facsimile-run', 'facsimile-compute'];
/** Set just before the reload so the reloaded page can say that forgetting worked. */
export const FORGOTTEN_FLAG = 'facsimile-forgotten';

export interface ForgetResult {
  /** IndexedDB databases emptied (and deleted, unless an open connection held the delete). */
  databases: string[];
  /** Cache Storage caches deleted (the offline copy of the app). */
  caches: string[];
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Empties every object store of a database; works even while another connection is open. */
async function emptyDatabase(name: string): Promise<void> {
  const db = await request(indexedDB.open(name));
  try {
    const stores = [...db.objectStoreNames];
    if (stores.length === 0) return;
    const tx = db.transaction(stores, 'readwrite');
    await Promise.all(stores.map((s) => request(tx.objectStore(s).clear())));
  } finally {
    db.close();
  }
}

/** Deletes a database; resolves when deleted, or when an open connection blocks the delete. */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = () => resolve();
    r.onerror = () => resolve();
    // The emptied database goes once this page's own connection closes (on the reload).
    r.onblocked = () => resolve();
  });
}

async function databaseNames(): Promise<string[]> {
  if (typeof indexedDB === 'undefined') return [];
  if (typeof indexedDB.databases === 'function') {
    const listed = await indexedDB.databases();
    return listed.map((d) => d.name).filter((n): n is string => typeof n === 'string');
  }
  // No way to list them: try the ones Facsimile is known to open.
  return KNOWN_DATABASES;
}

/**
 * Empties and deletes every IndexedDB database of this origin, deletes every Cache Storage
 * cache and clears local and session storage. Does not unregister the service worker: the next
 * page load while online fills its cache again, and offline use returns after that.
 */
export async function forgetEverything(): Promise<ForgetResult> {
  const databases = await databaseNames();
  for (const name of databases) {
    await emptyDatabase(name);
    await deleteDatabase(name);
  }
  const cacheNames = typeof caches === 'undefined' ? [] : await caches.keys();
  await Promise.all(cacheNames.map((n) => caches.delete(n)));
  localStorage.clear();
  sessionStorage.clear();
  return { databases, caches: cacheNames };
}
