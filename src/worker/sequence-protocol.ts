/**
 * The engine messages for entities with events (one long table, or a subject table and an
 * event table). Kept beside protocol.ts, which joins them into its unions and its ANSWER map.
 * Only plain, structured-clonable data crosses.
 */
import type { SequenceReport } from '../core/eval/sequence/sequence-report';
import type { SequenceViewsData } from '../core/eval/sequence/sequence-views';
import type { EntityTrace } from '../core/sequence/entity-trace';
import type { SequenceOutline } from '../core/sequence/outline';
import type { BackendName } from '../core/models/backend';
import type { Condition } from '../core/rules/conditions';
import type { SequenceEpoch, SequenceModelKind } from '../core/models/sequence-contract';
import type { EntityTable, SequenceProblem } from '../core/sequence/entity-table';
import type { LengthSummary } from '../core/sequence/lengths';
import type { KeyProposal } from '../core/sequence/propose';
import type { SequenceReadOptions } from '../core/sequence/read-options';

/** One file as the page knows it: its name, rows and columns (never its cells). */
export interface SequenceFileView {
  name: string;
  rows: number;
  columns: string[];
}

/** The files read, and the key and order the engine proposes for them. */
export interface SequenceFilesView {
  events: SequenceFileView;
  subjects: SequenceFileView | null;
  /** Candidate keys, best first (each with its order column and subject columns). */
  proposals: KeyProposal[];
}

/** Entities read with the user's choices: every problem, and what was read when nothing blocks. */
export interface SequenceReadView {
  options: SequenceReadOptions;
  problems: SequenceProblem[];
  /** False when a blocking problem stops the read (its message names the choice to make). */
  ok: boolean;
  shape: EntityTable['shape'];
  entities: number;
  events: number;
  subjectColumns: string[];
  eventColumns: string[];
  orderKind: EntityTable['orderKind'];
  /** Events per entity, for the histogram. */
  lengths: LengthSummary | null;
  /** Most events per entity the models learn. */
  trainingCap: number;
}

export interface SequenceModelSummary {
  kind: SequenceModelKind;
  /** Entities trained on (null for a loaded model). */
  trainEntities: number | null;
  holdoutEntities: number | null;
  epochs: number;
  seconds: number | null;
  /** The entities' columns and lengths, for "How it works" (null when no entities are read). */
  outline: SequenceOutline | null;
  /** What the user should know about this fit (e.g. entities cut to a length). */
  notes: string[];
  /** Whether it can be saved; the reason when not. */
  unsavable: string | null;
  template: { key: string; order: string | null; subjectColumns: string[]; eventColumns: string[] };
  /** Per subject column, the values the training subjects hold (for conditions; {} when loaded). */
  subjectValues: Record<string, string[]>;
}

/** One file written, ready to download. */
export interface SequenceFileOut {
  /** What it is: 'long' (one long table), 'subjects' or 'events'. */
  role: 'long' | 'subjects' | 'events';
  name: string;
  csv: Blob;
  rows: number;
}

export interface SequenceGenerated {
  files: SequenceFileOut[];
  entities: number;
  events: number;
  seconds: number;
  /** Share of written events whose key names a written subject (1 for one long table). */
  integrity: number;
  /** The first rows of the event (or long) table. */
  preview: { names: string[]; rows: string[][] };
  /** Events per entity: the training entities' and the synthetic ones'. */
  lengths: { real: LengthSummary; synthetic: LengthSummary };
  /** The studio's views of real against synthetic (null for a loaded model: no real entities). */
  views: SequenceViewsData | null;
  /** Why fewer entities than asked for came back (a rare condition); null when all did. */
  message: string | null;
}

export type SequenceRequest =
  | {
      type: 'seq-load';
      runId: number;
      events: Blob;
      eventsName: string;
      subjects: Blob | null;
      subjectsName: string | null;
    }
  | { type: 'seq-read'; runId: number; options: SequenceReadOptions }
  | {
      type: 'seq-train';
      runId: number;
      model: SequenceModelKind;
      /** Null: the model's own number for this table. */
      epochs: number | null;
      seed: number;
      /** Share of entities set aside (seeded) for the evaluation; 0 keeps none. */
      holdoutShare: number;
      backends: BackendName[];
    }
  | {
      type: 'seq-generate';
      runId: number;
      entities: number;
      seed: number;
      /** Conditions on subject columns every written entity meets (empty: none). */
      conditions?: Condition[];
    }
  | { type: 'seq-evaluate'; runId: number; seed: number }
  | { type: 'seq-save-model'; runId: number }
  /** One synthetic entity written decision by decision ("Write one entity"). */
  | { type: 'seq-trace'; runId: number; seed: number }
  | { type: 'seq-load-model'; runId: number; file: Blob; backends: BackendName[] };

export type SequenceResponse =
  | { type: 'seq-loaded'; runId: number; files: SequenceFilesView; read: SequenceReadView }
  | { type: 'seq-entities'; runId: number; read: SequenceReadView }
  | { type: 'seq-train-progress'; runId: number; epoch: SequenceEpoch }
  | { type: 'seq-trained'; runId: number; model: SequenceModelSummary }
  | { type: 'seq-generated'; runId: number; result: SequenceGenerated }
  | { type: 'seq-traced'; runId: number; trace: EntityTrace }
  | { type: 'seq-evaluated'; runId: number; report: SequenceReport; json: string; html: string };

/** The answer each sequence request gets (protocol.ts spreads it into ANSWER). */
export const SEQUENCE_ANSWER = {
  'seq-load': 'seq-loaded',
  'seq-read': 'seq-entities',
  'seq-train': 'seq-trained',
  'seq-generate': 'seq-generated',
  'seq-evaluate': 'seq-evaluated',
  'seq-save-model': 'model-file',
  'seq-trace': 'seq-traced',
  'seq-load-model': 'seq-trained',
} as const satisfies Record<SequenceRequest['type'], string>;
