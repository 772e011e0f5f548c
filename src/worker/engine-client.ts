/**
 * The page's one handle on the engine worker. One message listener for the worker's lifetime;
 * each call is a promise matched to its answer by `runId`, and can be cancelled with an
 * AbortSignal. Stop is a message first; `dispose()` terminates the worker.
 */
import type { ColumnOverride } from '../core/types';
import type { SynthesisConfig } from '../core/pipeline';
import type { EvaluationReport } from '../core/eval/evaluate';
import type { AttackSettings, PrivacyAttacksReport } from '../core/eval/attacks/privacy-attacks';
import type { Constraint } from '../core/rules/constraints';
import type { RulesSpec } from '../core/rules/rules-spec';
import {
  type AnsweredRequest,
  type Answer,
  type ConstraintCheckResult,
  assertNever,
  isAnswer,
  type BackendName,
  type GenerateOptions,
  type ModelSummary,
  type DatasetView,
  type EngineResponse,
  type EngineUpdate,
  type InterruptedRun,
  type EngineMemory,
  type FittedAnatomy,
  type RowExplanation,
} from './protocol';
import {
  EngineError,
  generated,
  generateUpdates,
  loadOptions,
  trainOptions,
  type CallOptions,
  type Generated,
  type LoadProgress,
  type TrainCallbacks,
} from './engine-calls';

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
export {
  EngineError,
  type Generated,
  type LoadProgress,
  type TrainCallbacks,
} from './engine-calls';
import { SequenceClient } from './sequence-client';
export type { AssociationMatrix, AssociationMethod } from '../core/eval/associations';
export type { ColumnComparison } from '../core/eval/distribution-compare';
export type { TrainReport } from '../core/train/train-loop';
export type { EvaluationReport } from '../core/eval/evaluate';
export type { AttackSettings, PrivacyAttacksReport } from '../core/eval/attacks/privacy-attacks';
export type { SynthesisConfig, ModelKind } from '../core/pipeline';

interface Pending {
  /** Resolves with the answer (checked against the request's type). */
  settle: (r: EngineResponse) => void;
  reject: (e: EngineError) => void;
  /** Called with every intermediate message (progress, backend, step reports). */
  onUpdate?: (r: EngineUpdate) => void;
}

export class EngineClient {
  private readonly worker: Worker;
  private nextRunId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly storageWarnings = new Set<(message: string) => void>();
  /** Entities with events: loading, training, generating, evaluating, model files. */
  readonly sequences = new SequenceClient(this.call.bind(this), this.id.bind(this));

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
      case 'attack-progress':
      case 'seq-train-progress':
        p.onUpdate?.(message);
        return;
      case 'error':
        this.pending.delete(message.runId);
        p.reject(new EngineError(message.code, message.message));
        return;
      case 'cancelled':
        this.pending.delete(message.runId);
        p.reject(new EngineError('cancelled', message.message));
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
      case 'attacked':
      case 'ack':
      case 'interrupted':
      case 'forgotten':
      case 'model-explained':
      case 'row-explained':
      case 'seq-loaded':
      case 'seq-entities':
      case 'seq-trained':
      case 'seq-generated':
      case 'seq-traced':
      case 'seq-evaluated':
        this.pending.delete(message.runId);
        p.settle(message);
        return;
      default:
        assertNever(message);
    }
  }

  /**
   * Sends `request` and resolves with its answer, whose type the request's type determines
   * (see protocol's ANSWER). Rejects with an {@link EngineError}: the engine's error, or
   * 'cancelled' when `signal` aborts (the worker is told to stop, by a 'cancel' message).
   */
  private call<R extends AnsweredRequest>(
    request: R,
    options: CallOptions = {},
  ): Promise<Answer<R['type']>> {
    return this.await<R['type']>(request.type, request.runId, options, () =>
      this.worker.postMessage(request),
    );
  }

  /** Waits for the answer of type ANSWER[type] under `runId`; `send` sends the request, if any. */
  private await<T extends AnsweredRequest['type']>(
    type: T,
    runId: number,
    options: CallOptions,
    send?: () => void,
  ): Promise<Answer<T>> {
    return new Promise((resolve, reject) => {
      const { signal, onUpdate } = options;
      if (signal?.aborted) {
        reject(new EngineError('cancelled', 'Cancelled.'));
        return;
      }
      const cancel = () =>
        this.worker.postMessage({ type: 'cancel', runId: this.id(), target: runId });
      const done = () => signal?.removeEventListener('abort', cancel);
      signal?.addEventListener('abort', cancel, { once: true });
      this.pending.set(runId, {
        settle: (r) => {
          done();
          if (isAnswer(type, r)) resolve(r);
          else
            reject(new EngineError('internal', `The engine answered '${type}' with '${r.type}'.`));
        },
        reject: (e) => {
          done();
          reject(e);
        },
        ...(onUpdate ? { onUpdate } : {}),
      });
      send?.();
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
    return r.dataset;
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
    return r.dataset;
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
    return r.dataset;
  }

  async getRows(start: number, count: number): Promise<string[][]> {
    const r = await this.call({ type: 'get-rows', runId: this.id(), start, count });
    return r.rows;
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
      trainOptions(callbacks),
    ).then((r) => r.model);
    return { runId, done };
  }

  /** The run a reload or a crashed tab interrupted, kept in this browser; null when none. */
  async interruptedRun(): Promise<InterruptedRun | null> {
    const r = await this.call({ type: 'interrupted-run', runId: this.id() });
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
    // the table is read again under loadId: its answer is the one a 'load-file' gets
    const dataset = this.await(
      'load-file',
      loadId,
      loadOptions({ ...(onProgress ? { onProgress } : {}) }),
    ).then((r) => r.dataset);
    const done = this.call({ type: 'resume-run', runId, loadId }, trainOptions(callbacks)).then(
      (r) => r.model,
    );
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

  /**
   * Generates rows in chunks; `signal` cancels (the worker stops between two chunks and the
   * promise rejects with a 'cancelled' EngineError).
   */
  async generate(
    rows: number,
    seed: number,
    options: GenerateOptions,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<Generated> {
    const r = await this.call(
      { type: 'generate', runId: this.id(), rows, seed, options },
      { ...(signal ? { signal } : {}), onUpdate: generateUpdates(onProgress) },
    );
    return generated(r);
  }

  /** Checks constraints against the loaded table's real rows (nothing is trained). */
  async checkConstraints(constraints: Constraint[]): Promise<ConstraintCheckResult[]> {
    const r = await this.call({ type: 'check-constraints', runId: this.id(), constraints });
    return r.checks;
  }

  /** The values of the loaded table's category columns, most frequent first. */
  async levels(): Promise<Record<string, string[]>> {
    const r = await this.call({ type: 'get-levels', runId: this.id() });
    return r.levels;
  }

  /** Rows from a rules spec alone: no data, no model. */
  async generateRules(
    spec: RulesSpec,
    rows: number,
    seed: number,
    neutraliseFormulas: boolean,
    onProgress?: (done: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<Generated> {
    const r = await this.call(
      { type: 'generate-rules', runId: this.id(), spec, rows, seed, neutraliseFormulas },
      { ...(signal ? { signal } : {}), onUpdate: generateUpdates(onProgress) },
    );
    return generated(r);
  }

  /**
   * Scores the last generated rows (or a fresh sample) against the training and holdout rows:
   * quality, privacy, utility (with a target) and detection. `signal` cancels: the scoring
   * stops at once and the promise rejects with a 'cancelled' EngineError.
   */
  async evaluate(
    target: string | null,
    seed: number,
    onProgress?: (stage: string, share: number) => void,
    signal?: AbortSignal,
  ): Promise<EvaluationReport> {
    const r = await this.call(
      { type: 'evaluate', runId: this.id(), target, seed },
      {
        ...(signal ? { signal } : {}),
        onUpdate: (m) =>
          m.type === 'evaluate-progress' ? onProgress?.(m.stage, m.share) : undefined,
      },
    );
    return r.report;
  }

  /**
   * Runs the singling-out, linkability and inference attacks on the rows evaluate() scores;
   * `signal` cancels them (the engine stops at once).
   * Settings the attacks cannot run with come back as `error`, in the user's words.
   */
  async attack(
    settings: AttackSettings,
    target: string | null,
    seed: number,
    onProgress?: (share: number) => void,
    signal?: AbortSignal,
  ): Promise<{ report: PrivacyAttacksReport | null; error: string | null }> {
    const r = await this.call(
      { type: 'attack', runId: this.id(), settings, target, seed },
      {
        ...(signal ? { signal } : {}),
        onUpdate: (m) => (m.type === 'attack-progress' ? onProgress?.(m.share) : undefined),
      },
    );
    return { report: r.report, error: r.error };
  }

  /** Drops the table, the model and every tensor in the engine; says what is left. */
  async forget(): Promise<EngineMemory> {
    const r = await this.call({ type: 'forget', runId: this.id() });
    return r.memory;
  }

  /** The trained ARGN's tokens and widths, or the fitted trees; null for the other models. */
  async explainModel(): Promise<FittedAnatomy | null> {
    const r = await this.call({ type: 'explain-model', runId: this.id() });
    return r.anatomy;
  }

  /** One synthetic row written step by step by the trained ARGN or trees (same seed, same row). */
  async explainRow(seed: number): Promise<RowExplanation> {
    const r = await this.call({ type: 'explain-row', runId: this.id(), seed });
    return r.explanation;
  }

  async saveModel(): Promise<{ file: Blob; name: string }> {
    const r = await this.call({ type: 'save-model', runId: this.id() });
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
    return r.model;
  }

  dispose(): void {
    for (const [, p] of this.pending)
      p.reject(new EngineError('cancelled', 'The engine was stopped.'));
    this.pending.clear();
    this.worker.terminate();
  }
}
