/**
 * What every sequence model offers (entities with events), the way `contract.ts` does for one
 * table. The table registry's contract does not fit: its models learn one encoded table
 * (`Prepared`, a DataTransformer or a model table of rows), take a `SynthesisConfig` and write
 * rows, while a sequence model learns an {@link EntityTable} (subjects and their events) and
 * writes entities. So sequence models have this small contract and their own registry
 * (`sequence-registry.ts`): one folder and one entry each, like the table models.
 */
import type { Rng } from '../rng';
import type { Cell } from '../sequence/cells';
import type { EntityTable } from '../sequence/entity-table';
import type { EntityTrace } from '../sequence/entity-trace';

export type SequenceModelKind = 'seq-trees' | 'seq-argn';

/** One finished epoch of a sequence model. */
export interface SequenceEpoch {
  epoch: number;
  epochs: number;
  /** Mean loss of the epoch (nats per entity). */
  loss: number;
  seconds: number;
}

export interface SequenceFitOptions {
  /** Epochs to train (null: the model's own choice for this table). */
  epochs: number | null;
  rng: Rng;
  /** Stops training between two epochs; the fit then rejects with an AbortError. */
  signal?: AbortSignal;
  onEpoch?: (e: SequenceEpoch) => void;
  /** Called between two epochs; training waits for it (a pause). */
  between?: () => Promise<void>;
}

/** A model file's content: the kind and that kind's plain-data state. */
export interface SequenceModelFile {
  format: 'facsimile-sequence-model';
  version: 1;
  kind: SequenceModelKind;
  createdAt: string;
  state: unknown;
}

/** What a sample may fix before drawing (conditions on subject columns). */
export interface SequenceSampleOptions {
  /**
   * Subject cells every new entity gets, by subject column: the model writes them in place of
   * its own draw of that column (its later columns and the events see them). A value the model
   * cannot place (an unseen category) is left to the caller's check.
   */
  fixed?: Readonly<Record<string, Cell>>;
}

/** A fitted (or loaded) sequence model. */
export interface SequenceSynthesizer {
  kind: SequenceModelKind;
  /** The table's shape as learned: key, order, subject and event columns. */
  template: Pick<EntityTable, 'key' | 'order' | 'subjectColumns' | 'eventColumns' | 'shape'>;
  /** Epochs trained (0 for a one-pass fit or a loaded model). */
  epochs: number;
  /** What the user should know about this fit, in their words (e.g. entities cut to a length). */
  notes: string[];
  /** `n` new entities with new keys (never a real key), seeded by `rng`. */
  sample(n: number, rng: Rng, options?: SequenceSampleOptions): Promise<EntityTable>;
  /** `count` new keys, never a real key: the ones `sample(count, ...)` gives, in that order. */
  newKeys(count: number): string[];
  /** One entity written decision by decision ("Write one entity"): the one `sample(1, new Rng(seed))` writes. */
  trace(seed: number): Promise<EntityTrace>;
  /** The model's state for a model file; throws when the kind cannot be saved (see its entry). */
  save(): Promise<unknown>;
  dispose(): void;
}

export interface SequenceModelImplementation {
  kind: SequenceModelKind;
  fit(table: EntityTable, options: SequenceFitOptions): Promise<SequenceSynthesizer>;
  /** A model from a file's state; throws, in the user's words, when the state is not this kind's. */
  restore(state: unknown): SequenceSynthesizer;
}
