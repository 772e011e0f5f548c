/**
 * The page's calls for entities with events, on the engine client's one worker and listener
 * (EngineClient.sequences). Each call is a promise of its answer; an AbortSignal cancels it.
 */
import type { SequenceReport } from '../core/eval/sequence/sequence-report';
import type { SequenceEpoch, SequenceModelKind } from '../core/models/sequence-contract';
import type { Condition } from '../core/rules/conditions';
import type { SequenceReadOptions } from '../core/sequence/read-options';
import type { EntityTrace } from '../core/sequence/entity-trace';
import type { CallOptions, LoadProgress } from './engine-calls';
import type { AnsweredRequest, Answer, BackendName } from './protocol';
import type {
  SequenceFilesView,
  SequenceGenerated,
  SequenceModelSummary,
  SequenceReadView,
} from './sequence-protocol';

export type {
  SequenceFileOut,
  SequenceFilesView,
  SequenceGenerated,
  SequenceModelSummary,
  SequenceReadView,
} from './sequence-protocol';
export type { SequenceEpoch, SequenceModelKind } from '../core/models/sequence-contract';
export type { SequenceReport } from '../core/eval/sequence/sequence-report';
export type { SequenceProblem } from '../core/sequence/entity-table';
export type { SequenceReadOptions } from '../core/sequence/read-options';
export type { KeyProposal } from '../core/sequence/propose';
export type { LengthSummary } from '../core/sequence/lengths';
export type { EntityTrace } from '../core/sequence/entity-trace';
export type { SequenceViewsData } from '../core/eval/sequence/sequence-views';
export type { SequenceOutline } from '../core/sequence/outline';

type Call = <R extends AnsweredRequest>(
  request: R,
  options?: CallOptions,
) => Promise<Answer<R['type']>>;

export interface SequenceTrainOptions {
  model: SequenceModelKind;
  epochs: number | null;
  seed: number;
  holdoutShare: number;
  backends: BackendName[];
  signal?: AbortSignal;
  onEpoch?: (e: SequenceEpoch) => void;
  onBackend?: (name: BackendName, reason: string) => void;
}

export class SequenceClient {
  constructor(
    private readonly call: Call,
    private readonly id: () => number,
  ) {}

  /** Reads the event table (or one long table) and, optionally, the subject table. */
  async load(
    events: File,
    subjects: File | null,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<{ files: SequenceFilesView; read: SequenceReadView }> {
    const r = await this.call(
      {
        type: 'seq-load',
        runId: this.id(),
        events,
        eventsName: events.name,
        subjects,
        subjectsName: subjects?.name ?? null,
      },
      { onUpdate: (m) => (m.type === 'progress' ? onProgress?.(m) : undefined) },
    );
    return { files: r.files, read: r.read };
  }

  /** Reads the entities again with the user's choices (key, order, what to set aside). */
  async read(options: SequenceReadOptions): Promise<SequenceReadView> {
    return (await this.call({ type: 'seq-read', runId: this.id(), options })).read;
  }

  /** Trains; `onEpoch` gets every epoch's loss. The run id is for nothing but cancelling. */
  async train(o: SequenceTrainOptions): Promise<SequenceModelSummary> {
    const r = await this.call(
      {
        type: 'seq-train',
        runId: this.id(),
        model: o.model,
        epochs: o.epochs,
        seed: o.seed,
        holdoutShare: o.holdoutShare,
        backends: o.backends,
      },
      {
        ...(o.signal ? { signal: o.signal } : {}),
        onUpdate: (m) => {
          if (m.type === 'seq-train-progress') o.onEpoch?.(m.epoch);
          if (m.type === 'backend') o.onBackend?.(m.name, m.reason);
        },
      },
    );
    return r.model;
  }

  async generate(
    entities: number,
    seed: number,
    conditions: Condition[] = [],
  ): Promise<SequenceGenerated> {
    return (await this.call({ type: 'seq-generate', runId: this.id(), entities, seed, conditions }))
      .result;
  }

  async evaluate(seed: number): Promise<{ report: SequenceReport; json: string; html: string }> {
    const r = await this.call({ type: 'seq-evaluate', runId: this.id(), seed });
    return { report: r.report, json: r.json, html: r.html };
  }

  /** One synthetic entity written decision by decision by the model (same seed, same entity). */
  async trace(seed: number): Promise<EntityTrace> {
    return (await this.call({ type: 'seq-trace', runId: this.id(), seed })).trace;
  }

  async saveModel(): Promise<{ file: Blob; name: string }> {
    const r = await this.call({ type: 'seq-save-model', runId: this.id() });
    return { file: r.file, name: r.name };
  }

  async loadModel(file: Blob, backends: BackendName[]): Promise<SequenceModelSummary> {
    return (await this.call({ type: 'seq-load-model', runId: this.id(), file, backends })).model;
  }
}
