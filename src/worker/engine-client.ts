/**
 * The page's one handle on the engine worker. One message listener for the worker's lifetime;
 * each call is a promise matched to its answer by `runId`, and can be cancelled with an
 * AbortSignal. Stop is a message first; `dispose()` terminates the worker.
 */
import type { ColumnOverride } from '../core/types';
import type { SynthesisConfig } from '../core/pipeline';
import type { TrainReport } from '../core/train/train-loop';
import type { EvaluationReport } from '../core/eval/evaluate';
import type { Constraint } from '../core/rules/constraints';
import type { RulesSpec } from '../core/rules/rules-spec';
import {
  type ConstraintCheckResult,
  assertNever,
  type BackendName,
  type EpochLine,
  type LossPoint,
  type GenerateOptions,
  type ModelSummary,
  type TrainSnapshot,
  type TrainStart,
  type DatasetView,
  type EngineRequest,
  type EngineResponse,
  type ErrorCode,
  type InterruptedRun,
  type TrainFault,
  type EngineMemory,
  type FittedAnatomy,
  type RowExplanation,
} from './protocol';

export type {
  BackendName,
  ColumnAnatomy,
  ConstraintCheckResult,
  DatasetView,
  EngineMemory,
  EpochLine,
  FittedAnatomy,
  GenerateOptions,
  InterruptedRun,
  LossPoint,
  ModelAnatomy,
  ModelSummary,
  QualityHeadline,
  TrainFault,
  TrainSnapshot,
  TrainStart,
  RowExplanation,
} from './protocol';
export type { AssociationMatrix, AssociationMethod } from '../core/eval/associations';
export type { ColumnComparison } from '../core/eval/distribution-compare';
export type { TrainReport } from '../core/train/train-loop';
export type { EvaluationReport } from '../core/eval/evaluate';
export type { SynthesisConfig, ModelKind } from '../core/pipeline';

export interface TrainCallbacks {
  onBackend?: (name: BackendName, reason: string, threads?: number) => void;
  /** The latest report, with every loss point and finished epoch since the previous call. */
  onReport?: (report: TrainReport, losses: LossPoint[], epochs: EpochLine[]) => void;
  /** Once, as training starts: the model's anatomy and the real pair associations. */
  onStart?: (start: TrainStart) => void;
  /** Every few epochs: real against a sample of the model as it is now. */
  onSnapshot?: (snapshot: TrainSnapshot) => void;
  /** The run hit a fault (a NaN loss): what was kept and what to try instead. */
  onFault?: (fault: TrainFault) => void;
}

export interface Generated {
  csv: Blob;
  preview: string[][];
  names: string[];
  rows: number;
  seconds: number;
  /** True when fewer rows than asked for could be found (a condition too rare). */
  partial: boolean;
  /** Why the result is partial, in the user's words; null when complete. */
  message: string | null;
}

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
  /** Called with every intermediate message (progress, backend, step reports). */
  onUpdate?: (r: EngineResponse) => void;
}

export class EngineClient {
  private readonly worker: Worker;
  private nextRunId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly storageWarnings = new Set<(message: string) => void>();

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
    // Test hook, harmless: lets an end-to-end test drop the worker's WebGL context mid-run.
    (globalThis as { __facsimileDebug?: unknown }).__facsimileDebug = {
      loseContext: () => this.debugLoseContext(),
    };
  }

  /**
   * Test-only, harmless: the worker drops its WebGL context (`WEBGL_lose_context`), as a GPU
   * reset would; a run on WebGL then goes on on wasm from its last checkpoint.
   */
  async debugLoseContext(): Promise<void> {
    await this.call({ type: 'debug-lose-context', runId: this.id() });
  }

  private dispatch(message: EngineResponse): void {
    if (message.type === 'storage-warning') {
      for (const listener of this.storageWarnings) listener(message.message);
      return;
    }
    const p = this.pending.get(message.runId);
    if (!p) return;
    switch (message.type) {
      case 'progress':
      case 'backend':
      case 'train-progress':
      case 'train-start':
      case 'train-snapshot':
      case 'train-fault':
      case 'generate-progress':
      case 'evaluate-progress':
        p.onUpdate?.(message);
        return;
      case 'error':
        this.pending.delete(message.runId);
        p.reject(new EngineError(message.code, message.message));
        return;
      case 'loaded':
      case 'schema':
      case 'rows':
      case 'trained':
      case 'generated':
      case 'constraint-checks':
      case 'levels':
      case 'model-file':
      case 'evaluated':
      case 'ack':
      case 'interrupted':
      case 'forgotten':
      case 'model-explained':
      case 'row-explained':
        this.pending.delete(message.runId);
        p.resolve(message);
        return;
      default:
        assertNever(message);
    }
  }

  private call(
    request: EngineRequest,
    options: { signal?: AbortSignal; onUpdate?: (r: EngineResponse) => void } = {},
  ): Promise<EngineResponse> {
    return new Promise((resolve, reject) => {
      const { signal, onUpdate } = options;
      if (signal?.aborted) {
        reject(new EngineError('cancelled', 'Cancelled.'));
        return;
      }
      this.pending.set(request.runId, { resolve, reject, ...(onUpdate ? { onUpdate } : {}) });
      signal?.addEventListener(
        'abort',
        () => this.worker.postMessage({ type: 'cancel', runId: this.id(), target: request.runId }),
        { once: true },
      );
      this.worker.postMessage(request);
    });
  }

  /** Waits for the answers to a request sent under another id (see resumeRun). */
  private expect(runId: number, onUpdate?: (r: EngineResponse) => void): Promise<EngineResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(runId, { resolve, reject, ...(onUpdate ? { onUpdate } : {}) });
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
    const r = await this.call({ type: 'load-file', runId: this.id(), file }, loadOptions(options));
    return expectDataset(r);
  }

  async loadUrl(
    url: string,
    name: string,
    options: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void } = {},
  ): Promise<DatasetView> {
    const r = await this.call(
      { type: 'load-url', runId: this.id(), url, name },
      loadOptions(options),
    );
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

  /**
   * Trains a model on the loaded table. Resolves when training ends; `onReport` gets the step
   * reports (a few per second). Returns the run id for pause / resume / stop.
   */
  train(
    config: SynthesisConfig,
    backends: BackendName[],
    callbacks: TrainCallbacks = {},
    holdoutShare = 0,
    measure = false,
  ): { runId: number; done: Promise<ModelSummary> } {
    const runId = this.id();
    const done = this.call(
      { type: 'train', runId, config, backends, holdoutShare, measure },
      { onUpdate: trainUpdates(callbacks) },
    ).then(expectTrained);
    return { runId, done };
  }

  /** The run a reload or a crashed tab interrupted, kept in this browser; null when none. */
  async interruptedRun(): Promise<InterruptedRun | null> {
    const r = await this.call({ type: 'interrupted-run', runId: this.id() });
    if (r.type !== 'interrupted') throw new EngineError('internal', `Unexpected answer: ${r.type}`);
    return r.run;
  }

  /**
   * Resumes the interrupted run: `dataset` resolves when its table is read again (with the
   * schema choices it was trained with), `done` when training ends, as for {@link train}.
   */
  resumeRun(
    callbacks: TrainCallbacks = {},
    onProgress?: (p: LoadProgress) => void,
  ): { runId: number; dataset: Promise<DatasetView>; done: Promise<ModelSummary> } {
    const loadId = this.id();
    const runId = this.id();
    const dataset = this.expect(
      loadId,
      onProgress ? (m) => (m.type === 'progress' ? onProgress(m) : undefined) : undefined,
    ).then(expectDataset);
    const done = this.call(
      { type: 'resume-run', runId, loadId },
      { onUpdate: trainUpdates(callbacks) },
    ).then(expectTrained);
    return { runId, dataset, done };
  }

  /** Forgets the interrupted run, and stops keeping the one training now, if any. */
  async discardRun(): Promise<void> {
    await this.call({ type: 'discard-run', runId: this.id() });
  }

  /** Called when a run cannot be kept for resuming (storage refused); returns an unsubscribe. */
  onStorageWarning(listener: (message: string) => void): () => void {
    this.storageWarnings.add(listener);
    return () => this.storageWarnings.delete(listener);
  }

  async control(action: 'pause' | 'resume' | 'stop', target: number): Promise<void> {
    await this.call({ type: action, runId: this.id(), target });
  }

  async generate(
    rows: number,
    seed: number,
    options: GenerateOptions,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Generated> {
    const r = await this.call(
      { type: 'generate', runId: this.id(), rows, seed, options },
      {
        onUpdate: (m) =>
          m.type === 'generate-progress' ? onProgress?.(m.done, m.total) : undefined,
      },
    );
    return expectGenerated(r);
  }

  /** Checks constraints against the loaded table's real rows (nothing is trained). */
  async checkConstraints(constraints: Constraint[]): Promise<ConstraintCheckResult[]> {
    const r = await this.call({ type: 'check-constraints', runId: this.id(), constraints });
    if (r.type !== 'constraint-checks')
      throw new EngineError('internal', `Unexpected answer: ${r.type}`);
    return r.checks;
  }

  /** The values of the loaded table's category columns, most frequent first. */
  async levels(): Promise<Record<string, string[]>> {
    const r = await this.call({ type: 'get-levels', runId: this.id() });
    return r.type === 'levels' ? r.levels : {};
  }

  /** Rows from a rules spec alone: no data, no model. */
  async generateRules(
    spec: RulesSpec,
    rows: number,
    seed: number,
    neutraliseFormulas: boolean,
    onProgress?: (done: number, total: number) => void,
  ): Promise<Generated> {
    const r = await this.call(
      { type: 'generate-rules', runId: this.id(), spec, rows, seed, neutraliseFormulas },
      {
        onUpdate: (m) =>
          m.type === 'generate-progress' ? onProgress?.(m.done, m.total) : undefined,
      },
    );
    return expectGenerated(r);
  }

  /**
   * Scores the last generated rows (or a fresh sample) against the training and holdout rows:
   * quality, privacy, utility (with a target) and detection.
   */
  async evaluate(
    target: string | null,
    seed: number,
    onProgress?: (stage: string, share: number) => void,
  ): Promise<EvaluationReport> {
    const r = await this.call(
      { type: 'evaluate', runId: this.id(), target, seed },
      {
        onUpdate: (m) =>
          m.type === 'evaluate-progress' ? onProgress?.(m.stage, m.share) : undefined,
      },
    );
    if (r.type !== 'evaluated') throw new EngineError('internal', `Unexpected answer: ${r.type}`);
    return r.report;
  }

  /** Drops the table, the model and every tensor in the engine; says what is left. */
  async forget(): Promise<EngineMemory> {
    const r = await this.call({ type: 'forget', runId: this.id() });
    if (r.type !== 'forgotten') throw new EngineError('internal', `Unexpected answer: ${r.type}`);
    return r.memory;
  }

  /** The trained ARGN's tokens and widths, or the fitted trees; null for the other models. */
  async explainModel(): Promise<FittedAnatomy | null> {
    const r = await this.call({ type: 'explain-model', runId: this.id() });
    if (r.type !== 'model-explained')
      throw new EngineError('internal', `Unexpected answer: ${r.type}`);
    return r.anatomy;
  }

  /** One synthetic row written step by step by the trained ARGN or trees (same seed, same row). */
  async explainRow(seed: number): Promise<RowExplanation> {
    const r = await this.call({ type: 'explain-row', runId: this.id(), seed });
    if (r.type !== 'row-explained')
      throw new EngineError('internal', `Unexpected answer: ${r.type}`);
    return r.explanation;
  }

  async saveModel(): Promise<{ file: Blob; name: string }> {
    const r = await this.call({ type: 'save-model', runId: this.id() });
    if (r.type !== 'model-file') throw new EngineError('internal', `Unexpected answer: ${r.type}`);
    return { file: r.file, name: r.name };
  }

  async loadModel(
    file: Blob,
    backends: BackendName[],
    onBackend?: (name: BackendName, reason: string, threads?: number) => void,
  ): Promise<ModelSummary> {
    const r = await this.call(
      { type: 'load-model', runId: this.id(), file, backends },
      {
        onUpdate: (m) =>
          m.type === 'backend' ? onBackend?.(m.name, m.reason, m.threads) : undefined,
      },
    );
    if (r.type !== 'trained') throw new EngineError('internal', `Unexpected answer: ${r.type}`);
    return r.model;
  }

  dispose(): void {
    for (const [, p] of this.pending)
      p.reject(new EngineError('cancelled', 'The engine was stopped.'));
    this.pending.clear();
    this.worker.terminate();
  }
}

function loadOptions(options: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void }) {
  const { signal, onProgress } = options;
  return {
    ...(signal ? { signal } : {}),
    onUpdate: (m: EngineResponse) => (m.type === 'progress' ? onProgress?.(m) : undefined),
  };
}

function expectGenerated(r: EngineResponse): Generated {
  if (r.type !== 'generated') throw new EngineError('internal', `Unexpected answer: ${r.type}`);
  const { csv, preview, names, rows, seconds, partial, message } = r;
  return { csv, preview, names, rows, seconds, partial, message };
}

/** Routes a training run's intermediate messages to its callbacks. */
function trainUpdates(callbacks: TrainCallbacks): (m: EngineResponse) => void {
  return (m) => {
    if (m.type === 'backend') callbacks.onBackend?.(m.name, m.reason, m.threads);
    if (m.type === 'train-progress') callbacks.onReport?.(m.report, m.losses, m.epochs);
    if (m.type === 'train-start') callbacks.onStart?.(m.start);
    if (m.type === 'train-snapshot') callbacks.onSnapshot?.(m.snapshot);
    if (m.type === 'train-fault') callbacks.onFault?.(m.fault);
  };
}

function expectTrained(r: EngineResponse): ModelSummary {
  if (r.type !== 'trained') throw new EngineError('internal', `Unexpected answer: ${r.type}`);
  return r.model;
}

function expectDataset(r: EngineResponse): DatasetView {
  if (r.type === 'loaded' || r.type === 'schema') return r.dataset;
  throw new EngineError('internal', `Unexpected answer from the engine: ${r.type}`);
}
