/**
 * The page's one handle on the engine worker. One message listener for the worker's lifetime;
 * each call is a promise matched to its answer by `runId`, and can be cancelled with an
 * AbortSignal. Stop is a message first; `dispose()` terminates the worker.
 */
import type { ColumnOverride } from '../core/types';
import {
  assertNever,
  type DatasetView,
  type EngineRequest,
  type EngineResponse,
  type ErrorCode,
} from './protocol';

export type { DatasetView } from './protocol';

/** A failure the engine reported, in the user's words. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface LoadProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

interface Pending {
  resolve: (r: EngineResponse) => void;
  reject: (e: EngineError) => void;
  onProgress?: (p: LoadProgress) => void;
}

export class EngineClient {
  private readonly worker: Worker;
  private nextRunId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(worker?: Worker) {
    this.worker =
      worker ?? new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (e: MessageEvent<EngineResponse>) =>
      this.dispatch(e.data),
    );
    this.worker.addEventListener('error', (e) => {
      for (const [, p] of this.pending) p.reject(new EngineError('internal', e.message));
      this.pending.clear();
    });
  }

  private dispatch(message: EngineResponse): void {
    const p = this.pending.get(message.runId);
    if (!p) return;
    switch (message.type) {
      case 'progress':
        p.onProgress?.(message);
        return;
      case 'error':
        this.pending.delete(message.runId);
        p.reject(new EngineError(message.code, message.message));
        return;
      case 'loaded':
      case 'schema':
      case 'rows':
        this.pending.delete(message.runId);
        p.resolve(message);
        return;
      default:
        assertNever(message);
    }
  }

  private call(
    request: EngineRequest,
    options: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void } = {},
  ): Promise<EngineResponse> {
    return new Promise((resolve, reject) => {
      const { signal, onProgress } = options;
      if (signal?.aborted) {
        reject(new EngineError('cancelled', 'Cancelled.'));
        return;
      }
      this.pending.set(request.runId, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
      signal?.addEventListener(
        'abort',
        () => this.worker.postMessage({ type: 'cancel', runId: this.id(), target: request.runId }),
        { once: true },
      );
      this.worker.postMessage(request);
    });
  }

  private id(): number {
    const id = this.nextRunId;
    this.nextRunId += 1;
    return id;
  }

  async loadFile(
    file: File,
    options: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void } = {},
  ): Promise<DatasetView> {
    const r = await this.call({ type: 'load-file', runId: this.id(), file }, options);
    return expectDataset(r);
  }

  async loadUrl(
    url: string,
    name: string,
    options: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void } = {},
  ): Promise<DatasetView> {
    const r = await this.call({ type: 'load-url', runId: this.id(), url, name }, options);
    return expectDataset(r);
  }

  async updateSchema(
    missingTokens: string[],
    overrides: Record<string, ColumnOverride>,
  ): Promise<DatasetView> {
    const r = await this.call({
      type: 'update-schema',
      runId: this.id(),
      missingTokens,
      overrides,
    });
    return expectDataset(r);
  }

  async getRows(start: number, count: number): Promise<string[][]> {
    const r = await this.call({ type: 'get-rows', runId: this.id(), start, count });
    return r.type === 'rows' ? r.rows : [];
  }

  dispose(): void {
    for (const [, p] of this.pending)
      p.reject(new EngineError('cancelled', 'The engine was stopped.'));
    this.pending.clear();
    this.worker.terminate();
  }
}

function expectDataset(r: EngineResponse): DatasetView {
  if (r.type === 'loaded' || r.type === 'schema') return r.dataset;
  throw new EngineError('internal', `Unexpected answer from the engine: ${r.type}`);
}
