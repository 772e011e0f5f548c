/**
 * Keeps the one training run in progress in this browser's IndexedDB (this page's origin only),
 * so a reload or a crashed tab can resume it: the table it trains on (the user's own file, or
 * the demo's address), the schema choices, the settings and the latest checkpoint. Nothing here
 * is sent anywhere. The engine worker writes it; "Forget everything" deletes it with every
 * other database of the page.
 *
 * Writes never hold training up: they are queued one after another off the training loop, a
 * checkpoint still waiting to be written is replaced by a newer one, and a refused write (a
 * full disk, a private window) is reported once while training goes on.
 */
import { del, get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import { isCheckpoint, type Checkpoint } from '../core/train/checkpoint';
import type { SynthesisConfig } from '../core/pipeline';
import type { ColumnOverride } from '../core/types';
import type { BackendName, InterruptedRun } from './protocol';

/** The database and object store; "Forget everything" removes every database of the page. */
export const RUN_DATABASE = 'facsimile-run';
const RUN_OBJECT_STORE = 'run';
const RECORD_KEY = 'record';
const CHECKPOINT_KEY = 'checkpoint';
/** Held by the tab whose worker trains, so another tab never takes a live run for a dead one. */
const RUN_LOCK = 'facsimile-training-run';

/** Where a run's table came from: the user's own file (kept as it is), or a bundled demo. */
export type RunSource =
  { kind: 'file'; name: string; file: Blob } | { kind: 'demo'; name: string; url: string };

/** Everything a run needs to start again, but the checkpoint (written apart, and often). */
export interface RunRecord {
  version: 1;
  /** Ties the checkpoints to this run. */
  id: string;
  source: RunSource;
  missingTokens: string[];
  overrides: Record<string, ColumnOverride>;
  config: SynthesisConfig;
  holdoutShare: number;
  backends: BackendName[];
  /** ISO time the run started. */
  startedAt: string;
}

/** A tensor as stored: its values in a typed array, which IndexedDB copies in one go. */
export interface PackedTensor {
  name: string;
  shape: number[];
  packed: Float32Array | Float64Array;
}

/** A checkpoint as stored: marked with the run it belongs to, its tensors packed. */
export interface StoredCheckpoint {
  run: string;
  checkpoint: Omit<Checkpoint, 'state'> & {
    state: Omit<Checkpoint['state'], 'weights'> & { weights: PackedTensor[] };
  };
}

/**
 * Packs a checkpoint for storage. A plain array of a million numbers takes IndexedDB seconds
 * to copy, number by number, and the worker trains on the same thread; a typed array is copied
 * at once. Float32 when every value is one (tensors are), else Float64: never a value changed.
 */
export function packCheckpoint(run: string, checkpoint: Checkpoint): StoredCheckpoint {
  const weights = checkpoint.state.weights.map((w) => {
    const f32 = Float32Array.from(w.values);
    const exact = w.values.every((v, i) => Object.is(f32[i], v));
    return { name: w.name, shape: w.shape, packed: exact ? f32 : Float64Array.from(w.values) };
  });
  return { run, checkpoint: { ...checkpoint, state: { ...checkpoint.state, weights } } };
}

/** The checkpoint of a stored one (null when it is not one), with plain arrays again. */
function unpackCheckpoint(saved: unknown): { run: unknown; checkpoint: unknown } | null {
  if (typeof saved !== 'object' || saved === null) return null;
  const s = saved as { run?: unknown; checkpoint?: { state?: { weights?: unknown } } };
  const weights = s.checkpoint?.state?.weights;
  if (!Array.isArray(weights)) return null;
  const plain = [];
  for (const w of weights as Partial<PackedTensor>[]) {
    if (!(w.packed instanceof Float32Array || w.packed instanceof Float64Array)) return null;
    plain.push({ name: w.name, shape: w.shape, values: Array.from(w.packed) });
  }
  const checkpoint = { ...s.checkpoint, state: { ...s.checkpoint?.state, weights: plain } };
  return { run: s.run, checkpoint };
}

/** What starting a run hands the store. */
export type RunStart = Omit<RunRecord, 'version' | 'id' | 'startedAt'>;

/** The few key-value operations the store needs (IndexedDB in the page, anything in tests). */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

const BACKENDS: readonly string[] = ['webgl', 'wasm', 'cpu'];

function isSource(x: unknown): x is RunSource {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  if (typeof s.name !== 'string') return false;
  if (s.kind === 'file') return typeof Blob !== 'undefined' && s.file instanceof Blob;
  return s.kind === 'demo' && typeof s.url === 'string';
}

/** True when `x` has the shape of a {@link RunRecord} (one read back from storage). */
export function isRunRecord(x: unknown): x is RunRecord {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  const config = r.config as Record<string, unknown> | null | undefined;
  return (
    r.version === 1 &&
    typeof r.id === 'string' &&
    isSource(r.source) &&
    Array.isArray(r.missingTokens) &&
    r.missingTokens.every((t) => typeof t === 'string') &&
    typeof r.overrides === 'object' &&
    r.overrides !== null &&
    typeof config === 'object' &&
    config !== null &&
    typeof config.model === 'string' &&
    Number.isInteger(config.epochs) &&
    typeof r.holdoutShare === 'number' &&
    r.holdoutShare >= 0 &&
    r.holdoutShare < 1 &&
    Array.isArray(r.backends) &&
    r.backends.length > 0 &&
    r.backends.every((b) => typeof b === 'string' && BACKENDS.includes(b)) &&
    typeof r.startedAt === 'string'
  );
}

/**
 * The run that can be resumed from what was stored, or null: a record and a checkpoint of that
 * same run, with epochs left to train.
 */
export function resumable(
  record: unknown,
  saved: unknown,
): { record: RunRecord; checkpoint: Checkpoint } | null {
  if (!isRunRecord(record)) return null;
  const s = unpackCheckpoint(saved);
  if (!s || s.run !== record.id || !isCheckpoint(s.checkpoint)) return null;
  const checkpoint = s.checkpoint;
  if (checkpoint.epoch < 1 || checkpoint.epoch >= checkpoint.epochs) return null;
  if (checkpoint.state.kind !== record.config.model) return null;
  return { record, checkpoint };
}

/** What the page is told about a resumable run (never the table itself). */
export function describeRun(record: RunRecord, checkpoint: Checkpoint): InterruptedRun {
  return {
    name: record.source.name,
    model: record.config.model,
    epoch: checkpoint.epoch,
    epochs: checkpoint.epochs,
    savedAt: checkpoint.savedAt,
    config: record.config,
    holdoutShare: record.holdoutShare,
    backends: [...record.backends],
    missingTokens: [...record.missingTokens],
    overrides: record.overrides,
  };
}

/** Why a write was refused, in the user's words. */
export function storageProblem(error: unknown): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  const why =
    name === 'QuotaExceededError'
      ? "this browser's storage for the page is full"
      : name === 'InvalidStateError' || name === 'SecurityError'
        ? 'this browser does not let the page store data (a private window, perhaps)'
        : `the browser refused to store it (${error instanceof Error ? error.message : String(error)})`;
  return (
    `This run cannot be kept for resuming after a reload: ${why}. ` +
    'Training goes on; only resuming after a reload or a crash is lost.'
  );
}

function newRunId(): string {
  return typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The one stored run. Writes go through a queue in order (start, checkpoints, clear), each
 * awaited in turn but never by the caller, so the training loop does not wait on the disk.
 */
export class RunStore {
  private tail: Promise<void> = Promise.resolve();
  /** The run being kept, or null when none is (or its first write failed). */
  private active: string | null = null;
  private waiting: Checkpoint | null = null;
  private warned = false;

  constructor(
    private readonly kv: KeyValue | null,
    private readonly onWarning: (message: string) => void,
  ) {}

  /** Keeps a new run, replacing any stored one; its checkpoints follow with {@link save}. */
  begin(start: RunStart, now = new Date()): void {
    if (!this.kv) return;
    const record: RunRecord = {
      version: 1,
      id: newRunId(),
      ...start,
      startedAt: now.toISOString(),
    };
    this.active = record.id;
    this.waiting = null;
    this.warned = false;
    this.enqueue(record.id, async (kv) => {
      await kv.del(CHECKPOINT_KEY);
      await kv.set(RECORD_KEY, record);
    });
  }

  /** Keeps on with a run read back from the store (a resumed run): nothing to write yet. */
  adopt(record: RunRecord): void {
    if (!this.kv) return;
    this.active = record.id;
    this.waiting = null;
    this.warned = false;
  }

  /** Stores `checkpoint` over the previous one; one still waiting to be written is dropped. */
  save(checkpoint: Checkpoint): void {
    const run = this.active;
    if (!this.kv || run === null) return;
    const queued = this.waiting !== null;
    this.waiting = checkpoint;
    if (queued) return;
    this.enqueue(run, async (kv) => {
      const latest = this.waiting;
      this.waiting = null;
      if (latest) await kv.set(CHECKPOINT_KEY, packCheckpoint(run, latest));
    });
  }

  /** Forgets the stored run (finished, stopped, failed or discarded); resolves when done. */
  clear(): Promise<void> {
    this.active = null;
    this.waiting = null;
    if (!this.kv) return Promise.resolve();
    const kv = this.kv;
    const done = this.tail.then(async () => {
      try {
        await kv.del(CHECKPOINT_KEY);
        await kv.del(RECORD_KEY);
      } catch (e) {
        // Nothing to resume from is left behind by a failed clear of a refused store.
        console.warn('The stored training run could not be removed.', e);
      }
    });
    this.tail = done;
    return done;
  }

  /** The stored run with its latest checkpoint, when it can be resumed. */
  async read(): Promise<{ record: RunRecord; checkpoint: Checkpoint } | null> {
    if (!this.kv) return null;
    const kv = this.kv;
    await this.tail;
    try {
      return resumable(await kv.get(RECORD_KEY), await kv.get(CHECKPOINT_KEY));
    } catch (e) {
      console.warn('The stored training run could not be read.', e);
      return null;
    }
  }

  /** True when a run record is stored, resumable or not. */
  async holdsRecord(): Promise<boolean> {
    if (!this.kv) return false;
    const kv = this.kv;
    await this.tail;
    try {
      return (await kv.get(RECORD_KEY)) !== undefined;
    } catch {
      return false;
    }
  }

  /** Resolves once every queued write has been tried. */
  settled(): Promise<void> {
    return this.tail;
  }

  private enqueue(run: string, write: (kv: KeyValue) => Promise<void>): void {
    const kv = this.kv;
    if (!kv) return;
    this.tail = this.tail.then(async () => {
      if (this.active !== run) return; // cleared or replaced meanwhile
      try {
        await write(kv);
      } catch (e) {
        this.active = null; // a run without its record cannot be resumed: stop writing
        this.waiting = null;
        if (!this.warned) {
          this.warned = true;
          this.onWarning(storageProblem(e));
        }
      }
    });
  }
}

/**
 * idb-keyval over a connection opened for each operation and closed after it, so that
 * "Forget everything" can delete the database at once instead of waiting for this worker.
 */
function closingStore(dbName: string, storeName: string): UseStore {
  const open = async (version?: number): Promise<IDBDatabase> => {
    const request =
      version === undefined ? indexedDB.open(dbName) : indexedDB.open(dbName, version);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(storeName)) {
        request.result.createObjectStore(storeName);
      }
    };
    const db = await promisifyRequest(request);
    if (db.objectStoreNames.contains(storeName)) return db;
    // The database exists without the store (opened empty by someone else): add it.
    const next = db.version + 1;
    db.close();
    return open(next);
  };
  return async (txMode, callback) => {
    const db = await open();
    try {
      return await callback(db.transaction(storeName, txMode).objectStore(storeName));
    } finally {
      db.close(); // waits for the transaction to finish
    }
  };
}

/** The page origin's IndexedDB behind {@link KeyValue}, or null where there is none. */
export function openRunDatabase(): KeyValue | null {
  if (typeof indexedDB === 'undefined') return null;
  const store = closingStore(RUN_DATABASE, RUN_OBJECT_STORE);
  // Reading or deleting never creates the database: a page with no run keeps nothing.
  const exists = async () =>
    typeof indexedDB.databases !== 'function' ||
    (await indexedDB.databases()).some((d) => d.name === RUN_DATABASE);
  return {
    get: async (key) => ((await exists()) ? get(key, store) : undefined),
    set: (key, value) => set(key, value, store),
    del: async (key) => {
      if (await exists()) await del(key, store);
    },
  };
}

function locks(): LockManager | null {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : null;
}

/** Holds the run lock while `run` goes on, so other tabs see that the stored run is alive. */
export async function whileHoldingRun<T>(run: () => Promise<T>): Promise<T> {
  const manager = locks();
  if (!manager) return run();
  return manager.request(RUN_LOCK, run);
}

/**
 * True unless another tab holds the run lock (trains the stored run now). Waits a little, for
 * a page that is going away on a reload to let go.
 */
export async function runIsOrphaned(waitMs = 1500): Promise<boolean> {
  const manager = locks();
  if (!manager) return true;
  const signal = AbortSignal.timeout(waitMs);
  try {
    return await manager.request(RUN_LOCK, { signal }, () => true);
  } catch {
    return false;
  }
}
