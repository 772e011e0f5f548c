/**
 * Messages between the page and the engine worker: tagged unions, handled by exhaustive
 * switches on both sides. Every request carries a `runId`; every answer names the request it
 * answers, and ANSWER says which answer type each request gets. Only plain, structured-clonable
 * data crosses (no tensors, no class instances).
 */
import type { ColumnOverride, ReadReport, Schema } from '../core/types';
import type { FittedAnatomy, RowExplanation, SynthesisConfig } from '../core/pipeline';
import type { EvaluationReport } from '../core/eval/evaluate';
import type { DifferentialPrivacy } from '../core/privacy/budget';
import type { AttackSettings, PrivacyAttacksReport } from '../core/eval/attacks/privacy-attacks';
import type { TrainReport } from '../core/train/train-loop';
import type { ColumnSummary } from '../core/eval/column-summary';
import type { EncodingWarning } from '../core/data/encoding-warnings';
import type { ReadError } from '../core/data/table-builder';
import type { AssociationMatrix } from '../core/eval/associations';
import type { ColumnComparison } from '../core/eval/distribution-compare';
import type { Condition } from '../core/rules/conditions';
import type { Constraint } from '../core/rules/constraints';
import type { RulesSpec } from '../core/rules/rules-spec';
import type { ViolationExample } from '../core/rules/validity';
import { SEQUENCE_ANSWER, type SequenceRequest, type SequenceResponse } from './sequence-protocol';

export type EngineRequest =
  | { type: 'load-file'; runId: number; file: File }
  | { type: 'load-url'; runId: number; url: string; name: string }
  /**
   * Cancels the request `target` (a read, a training run, a generation or an evaluation); not
   * answered itself: the target is, with 'cancelled' (or, for a read or a run, an 'error' of
   * code 'cancelled') as soon as its work has stopped.
   */
  | { type: 'cancel'; runId: number; target: number }
  | {
      type: 'update-schema';
      runId: number;
      missingTokens: string[];
      overrides: Record<string, ColumnOverride>;
    }
  | { type: 'get-rows'; runId: number; start: number; count: number }
  | {
      type: 'train';
      runId: number;
      config: SynthesisConfig;
      backends: BackendName[];
      /** Share of rows set aside (seeded) before training, for evaluation; 0 keeps none. */
      holdoutShare: number;
      /**
       * Compute "Automatic": the worker times a few steps on each usable backend (or reuses
       * this browser's last trial for the model kind) and trains on the fastest. Otherwise
       * `backends` is followed in order.
       */
      measure?: boolean;
    }
  | { type: 'evaluate'; runId: number; target: string | null; seed: number }
  /** Runs the privacy attacks on the rows the last evaluation scored. */
  | {
      type: 'attack';
      runId: number;
      settings: AttackSettings;
      target: string | null;
      seed: number;
    }
  | { type: 'pause'; runId: number; target: number }
  | { type: 'resume'; runId: number; target: number }
  | { type: 'stop'; runId: number; target: number }
  | { type: 'generate'; runId: number; rows: number; seed: number; options: GenerateOptions }
  /** Checks constraints against the loaded table's real rows, before any training. */
  | { type: 'check-constraints'; runId: number; constraints: Constraint[] }
  /** The values of the loaded table's category columns (for value pickers). */
  | { type: 'get-levels'; runId: number }
  /** Drop the table, the model and every tensor ("Forget everything"); answered by 'forgotten'. */
  | { type: 'forget'; runId: number }
  /** Rows from a rules spec alone: no data, no model. Answered by 'generated'. */
  | {
      type: 'generate-rules';
      runId: number;
      spec: RulesSpec;
      rows: number;
      seed: number;
      neutraliseFormulas: boolean;
    }
  | { type: 'save-model'; runId: number }
  | { type: 'load-model'; runId: number; file: Blob; backends: BackendName[] }
  /** Test-only, harmless: drops the worker's WebGL context, as a GPU reset would (acked). */
  | { type: 'debug-lose-context'; runId: number }
  /** Is there a run a reload or a crash interrupted? Answered by 'interrupted'. */
  | { type: 'interrupted-run'; runId: number }
  /**
   * Resumes the interrupted run: the table is read again from this browser's storage and
   * answered on `loadId` ('progress', then 'loaded'); training goes on under `runId` as after
   * 'train' ('backend', 'train-start', 'train-progress' ... 'trained').
   */
  | { type: 'resume-run'; runId: number; loadId: number }
  /** Forgets the stored run (and stops keeping the one training now, if any). Answered by 'ack'. */
  | { type: 'discard-run'; runId: number }
  /** The trained ARGN's tokens or the fitted trees; answered by 'model-explained'. */
  | { type: 'explain-model'; runId: number }
  /** One synthetic row written step by step (ARGN, trees); answered by 'row-explained'. */
  | { type: 'explain-row'; runId: number; seed: number }
  /** Entities with events: see sequence-protocol.ts. */
  | SequenceRequest;

export type BackendName = 'webgl' | 'wasm' | 'cpu';

/** The user's choices for written rows (see core/data/table-codec's CodecOptions). */
export interface GenerateOptions {
  /** Free-text columns: generated placeholder text, or left empty. Never real text. */
  textMode: 'placeholder' | 'empty';
  /** Let numbers and dates leave the range seen in the training rows. */
  allowOutOfRange: boolean;
  /** Put ' before cells a spreadsheet would run as a formula (=, +, -, @ ...); numbers are kept. */
  neutraliseFormulas: boolean;
  /** Keep only rows where each column holds its value ("N rows where city = Oslo"). */
  conditions?: Condition[];
}

/** One constraint checked against the real rows, as the page shows it. */
export interface ConstraintCheckResult {
  /** Where the constraint is in the list sent. */
  index: number;
  description: string;
  /**
   * ok: every real row keeps it; broken: some rows do not; invalid: it does not fit the table
   * (see `error`); unchecked: a column it reads is not checked on the real rows.
   */
  status: 'ok' | 'broken' | 'invalid' | 'unchecked';
  violations: number;
  examples: ViolationExample[];
  /** Why it does not fit the table, in the user's words. */
  error: string | null;
  /** Something worth knowing about a kept constraint (e.g. how many combinations occur). */
  note: string | null;
}

/** A training run a reload or a crashed tab interrupted, kept in this browser to resume. */
export interface InterruptedRun {
  /** The table's file name. */
  name: string;
  model: SynthesisConfig['model'];
  /** The epoch of the last checkpoint (training resumes at the next one). */
  epoch: number;
  epochs: number;
  /** ISO time of the last checkpoint. */
  savedAt: string;
  /** The run's settings (the train panel shows them once it goes on). */
  config: SynthesisConfig;
  holdoutShare: number;
  /** The compute order the run was started with (it goes on with it). */
  backends: BackendName[];
  /** The schema choices the run was trained with. */
  missingTokens: string[];
  overrides: Record<string, ColumnOverride>;
}

/** Losses read back at one step. */
export interface LossPoint {
  step: number;
  values: Record<string, number>;
}

/** One finished epoch: how long it took and the live tensor count after it. */
export interface EpochLine {
  epoch: number;
  seconds: number;
  tensors: number | null;
  /** Bytes the live tensors hold on the backend after it. */
  bytes: number | null;
}

/** Headline quality of a finished model (0-1, higher is better; see core/eval/quality). */
export interface QualityHeadline {
  overall: number;
  columnShapes: number;
  columnPairTrends: number;
}

/** What the page is told about a trained or loaded model. */
export interface ModelSummary {
  kind: SynthesisConfig['model'];
  config: SynthesisConfig;
  columns: string[];
  trainRows: number | null;
  /** Rows set aside before training for evaluation (null for a loaded model). */
  holdoutRows?: number | null;
  fitSeconds: number | null;
  trainSeconds: number | null;
  /** Training rows per second over the run (null for a loaded model). */
  rowsPerSecond: number | null;
  /** Real against a synthetic sample at the end of training (null for a loaded model). */
  quality: QualityHeadline | null;
  /** The privacy budget the model spent, part by part; null or absent: no formal guarantee. */
  differentialPrivacy?: DifferentialPrivacy | null;
  /**
   * Set when the run failed and the model is its last checkpoint: the epoch it holds (the
   * run's `train-fault` message says why).
   */
  keptEpoch?: number;
  /**
   * With `config.keepBest`: the epoch whose model was kept, its live column-shapes score, the
   * last scored epoch's, and whether training stopped early for lack of gain.
   */
  best?: {
    epoch: number;
    score: number;
    lastEpoch: number;
    lastScore: number;
    stoppedEarly: boolean;
  };
}

/** Why a run could not go on, what was kept, and what to try instead. */
export interface TrainFault {
  /** 'non-finite': a loss (or a weight) became NaN or infinite. */
  kind: 'non-finite';
  /** Epoch and step at which it was seen. */
  epoch: number;
  step: number;
  /** Which loss ('generator', 'reconstruction', 'validation', 'weights' ...). */
  loss: string;
  /** The epoch of the checkpoint kept as the model, or null when none was taken yet. */
  keptEpoch: number | null;
  /** What to train again with: a learning rate well below the one that diverged. */
  suggestion: { learningRate: number };
}

/** One modelled column as the chosen model sees it. */
export interface ColumnAnatomy {
  name: string;
  type: 'numeric' | 'discrete';
  /** The mixture modes of a numeric column (CTGAN, TVAE), heaviest first. */
  modes: { mean: number; std: number; weight: number }[];
  /** Values the transformer keeps exact, each its own component. */
  pointMasses: number[];
  /** Levels of a discrete column (missing not counted). */
  levels: number;
  missingShare: number;
  /** Columns of the encoded matrix this column takes (0 for the copula). */
  width: number;
}

export type { FittedAnatomy, RowExplanation } from '../core/pipeline';

/** What the chosen model is made of on this table (for "How it works"). */
export interface ModelAnatomy {
  kind: SynthesisConfig['model'];
  rows: number;
  columns: ColumnAnatomy[];
  encodedWidth: number | null;
  conditionalWidth: number | null;
  latentWidth: number | null;
  batchSize: number | null;
  /** Layer widths from input to output. */
  networks: { name: string; layers: number[] }[];
}

/** Sent once when training starts: the model's anatomy and the real table's pair associations. */
export interface TrainStart {
  anatomy: ModelAnatomy;
  realPairs: AssociationMatrix;
}

/** Real against a synthetic sample of the model as it is after `epoch`. */
export interface TrainSnapshot {
  epoch: number;
  epochs: number;
  /** Synthetic rows sampled. */
  rows: number;
  distributions: ColumnComparison[];
  synthPairs: AssociationMatrix;
  /** Mean column-shapes score (0-1) of the sample. */
  columnShapes: number;
}

/** What the page knows about the loaded table: everything but the rows themselves. */
export interface DatasetView {
  name: string;
  fileBytes: number;
  rowCount: number;
  columnNames: string[];
  report: ReadReport;
  schema: Schema;
  summaries: ColumnSummary[];
  encodingWarnings: EncodingWarning[];
  readSeconds: number;
}

/** Why a request failed: the reader's own codes, then the engine's. */
export type ErrorCode =
  | ReadError['code']
  | 'cancelled'
  | 'no-data'
  | 'no-model'
  | 'bad-model'
  | 'busy'
  | 'training-failed'
  | 'bad-rules'
  | 'internal';

export type EngineResponse =
  | { type: 'progress'; runId: number; bytesRead: number; totalBytes: number; rows: number }
  | { type: 'loaded'; runId: number; dataset: DatasetView }
  | { type: 'schema'; runId: number; dataset: DatasetView }
  | { type: 'rows'; runId: number; start: number; rows: string[][] }
  | {
      type: 'backend';
      runId: number;
      name: BackendName;
      reason: string;
      /** WebAssembly: the threads its kernels run on. */
      threads?: number;
    }
  | {
      type: 'train-progress';
      runId: number;
      /** The latest step report. */
      report: TrainReport;
      /** Every loss read-back since the previous message (none is dropped by the rate limit). */
      losses: LossPoint[];
      /** Every epoch finished since the previous message. */
      epochs: EpochLine[];
    }
  | { type: 'train-start'; runId: number; start: TrainStart }
  | { type: 'train-snapshot'; runId: number; snapshot: TrainSnapshot }
  /** The run hit a fault; a 'trained' (the kept checkpoint) or an 'error' follows. */
  | { type: 'train-fault'; runId: number; fault: TrainFault }
  | { type: 'trained'; runId: number; model: ModelSummary }
  | { type: 'evaluate-progress'; runId: number; stage: string; share: number }
  | { type: 'evaluated'; runId: number; report: EvaluationReport }
  | { type: 'attack-progress'; runId: number; share: number }
  /** The attacks' report, or why they could not run (in the user's words). */
  | {
      type: 'attacked';
      runId: number;
      report: PrivacyAttacksReport | null;
      error: string | null;
    }
  | { type: 'generate-progress'; runId: number; done: number; total: number }
  | {
      type: 'generated';
      runId: number;
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
  | { type: 'constraint-checks'; runId: number; checks: ConstraintCheckResult[] }
  | { type: 'levels'; runId: number; levels: Record<string, string[]> }
  | { type: 'model-file'; runId: number; file: Blob; name: string }
  | { type: 'ack'; runId: number }
  | { type: 'forgotten'; runId: number; memory: EngineMemory }
  | { type: 'interrupted'; runId: number; run: InterruptedRun | null }
  /** Keeping the run for resuming failed (once per run); training goes on. */
  | { type: 'storage-warning'; runId: number; message: string }
  | { type: 'model-explained'; runId: number; anatomy: FittedAnatomy | null }
  | { type: 'row-explained'; runId: number; explanation: RowExplanation }
  /** The request was cancelled (its AbortSignal): the work stopped and nothing was kept. */
  | { type: 'cancelled'; runId: number; message: string }
  | { type: 'error'; runId: number; code: ErrorCode; message: string }
  | SequenceResponse;

/** Request types that are answered (a 'cancel' is not: its target's answer says it). */
export type AnsweredRequest = Exclude<EngineRequest, { type: 'cancel' }>;

/**
 * The answer each request gets when it succeeds (any request may instead get 'error', and a
 * cancelled one 'cancelled'). `satisfies` keeps it complete: a new request needs its answer here.
 */
export const ANSWER = {
  'load-file': 'loaded',
  'load-url': 'loaded',
  'update-schema': 'schema',
  'get-rows': 'rows',
  train: 'trained',
  evaluate: 'evaluated',
  attack: 'attacked',
  pause: 'ack',
  resume: 'ack',
  stop: 'ack',
  generate: 'generated',
  'check-constraints': 'constraint-checks',
  'get-levels': 'levels',
  forget: 'forgotten',
  'generate-rules': 'generated',
  'save-model': 'model-file',
  'load-model': 'trained',
  'debug-lose-context': 'ack',
  'interrupted-run': 'interrupted',
  'resume-run': 'trained',
  'discard-run': 'ack',
  'explain-model': 'model-explained',
  'explain-row': 'row-explained',
  ...SEQUENCE_ANSWER,
} as const satisfies Record<AnsweredRequest['type'], EngineResponse['type']>;

/** The answer to a request of type `R`. */
export type Answer<R extends AnsweredRequest['type']> = Extract<
  EngineResponse,
  { type: (typeof ANSWER)[R] }
>;

/** Messages sent while a request runs, before its answer (progress, backend, step reports). */
export type EngineUpdate = Extract<
  EngineResponse,
  {
    type:
      | 'progress'
      | 'backend'
      | 'train-progress'
      | 'train-start'
      | 'train-snapshot'
      | 'train-fault'
      | 'generate-progress'
      | 'evaluate-progress'
      | 'attack-progress'
      | 'seq-train-progress';
  }
>;

/** Whether `message` is the answer to a request of type `type`. */
export function isAnswer<R extends AnsweredRequest['type']>(
  type: R,
  message: EngineResponse,
): message is Answer<R> {
  return message.type === ANSWER[type];
}

/** What the engine still holds after forgetting: all zero when nothing is left. */
export interface EngineMemory {
  /** Live tensors on the compute backend, and the bytes they hold. */
  tensors: number;
  bytes: number;
  /** Rows of a loaded table still held (0: none). */
  tableRows: number;
  /** A trained or loaded model is still held. */
  model: boolean;
}

/** Exhaustiveness check for switches over message types. */
export function assertNever(x: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(x)}`);
}
