/**
 * The whole sequence evaluation: quality (as `score_seq.py`), entity-level detection and
 * privacy, and integrity, in one plain object the report, the JSON and the CLI share.
 */
import type { EntityTable } from '../../sequence/entity-table';
import { entityLevel, type EntityLevel } from './entity-level';
import { judgedKinds, sequenceQuality, type SequenceQuality } from './sequence-quality';

export interface SequenceReport {
  key: string;
  order: string | null;
  subjectColumns: string[];
  /** Share of synthetic events whose key names a synthetic subject. */
  integrity: number;
  subjectKeysUnique: boolean;
  quality: SequenceQuality;
  entity: EntityLevel | null;
}

export interface SequenceEvalInput {
  /** The training entities. */
  real: EntityTable;
  synth: EntityTable;
  /** Real entities the model never saw, for the closer-to-train share. */
  holdout?: EntityTable | null;
  seed?: number;
  /** Measured on the synthetic files as written (else 1 and the table's own order). */
  integrity?: number;
  writtenOrder?: number | null;
  subjectKeysUnique?: boolean;
  skipEntityLevel?: boolean;
}

/** Scores synthetic entities against the training ones. */
export function evaluateSequences(input: SequenceEvalInput): SequenceReport {
  const { real, synth } = input;
  const quality = sequenceQuality(real, synth, input.writtenOrder);
  const entity = input.skipEntityLevel
    ? null
    : entityLevel(real, synth, input.holdout ?? null, judgedKinds(real), input.seed ?? 0);
  return {
    key: real.key,
    order: real.order,
    subjectColumns: real.subjectColumns,
    integrity: input.integrity ?? 1,
    subjectKeysUnique: input.subjectKeysUnique ?? new Set(synth.keys).size === synth.keys.length,
    quality,
    entity,
  };
}

/** The report with the judge's names (snake_case), for JSON files and agreement checks. */
export function sequenceReportJson(r: SequenceReport): Record<string, unknown> {
  const q = r.quality;
  return {
    key: r.key,
    order: r.order,
    subject_columns: r.subjectColumns,
    integrity: r.integrity,
    subject_keys_unique: r.subjectKeysUnique,
    sequence_length: {
      score: q.sequenceLength.score,
      real_mean: q.sequenceLength.realMean,
      synthetic_mean: q.sequenceLength.syntheticMean,
    },
    subject_quality: q.subjectQuality,
    event_shapes: q.eventShapes,
    event_column_shapes: q.eventColumnShapes,
    intertable_trends: q.intertableTrends,
    intertable_association_gap: q.intertableAssociationGap,
    intertable_strong_pairs: q.strongPairs,
    coherence: q.coherence,
    coherence_by_column: q.coherenceByColumn,
    order_as_written: q.orderAsWritten,
    sequential_quality: q.sequentialQuality,
    kinds: q.kinds,
    detection: r.entity?.detection
      ? { auc: r.entity.detection.auc, fold_aucs: r.entity.detection.foldAucs }
      : { note: r.entity?.detectionNote ?? 'skipped' },
    privacy: r.entity
      ? {
          exact_entity_copies: r.entity.exactEntityCopies,
          closer_to_train_share: r.entity.closerToTrainShare,
        }
      : null,
  };
}
