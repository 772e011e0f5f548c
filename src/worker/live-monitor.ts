/**
 * Live views of a training run, in the engine worker: the real table is binned once, and every
 * few epochs a small synthetic sample from the model as it is now is binned on the same edges,
 * its pair associations computed, and its column shapes scored. Only small arrays go to the page.
 */
import type { CodecState } from '../core/data/table-codec';
import type { ModelTable } from '../core/data/model-table';
import { associationMatrix, type AssociationMatrix } from '../core/eval/associations';
import {
  compareDistributions,
  distributionReference,
  subsampleTable,
  type DistributionReference,
} from '../core/eval/distribution-compare';
import { columnShapes, qualityReport } from '../core/eval/quality';
import type { QualityHeadline, TrainSnapshot } from './protocol';

/** Real rows the live views compare against (a larger table is subsampled evenly). */
const REAL_ROWS = 5000;
/** Synthetic rows drawn per live snapshot. */
export const PEEK_ROWS = 500;
/** Synthetic rows drawn for the headline quality at the end of a run. */
export const FINAL_ROWS = 2000;

function meanScore(scores: readonly { score: number }[]): number {
  const finite = scores.map((s) => s.score).filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

export class LiveMonitor {
  readonly real: ModelTable;
  readonly reference: DistributionReference;
  readonly realPairs: AssociationMatrix;

  constructor(table: ModelTable, codec: CodecState) {
    this.real = subsampleTable(table, REAL_ROWS);
    const datetimeColumns = new Set(
      codec.columns.filter((c) => c.kind === 'datetime').map((c) => c.name),
    );
    this.reference = distributionReference(this.real, { datetimeColumns });
    this.realPairs = associationMatrix(this.real);
  }

  /** Real against `synth` (a sample from the model after `epoch` of `epochs`). */
  snapshot(epoch: number, epochs: number, synth: ModelTable): TrainSnapshot {
    return {
      epoch,
      epochs,
      rows: synth.rows,
      distributions: compareDistributions(this.reference, synth),
      synthPairs: associationMatrix(synth),
      columnShapes: meanScore(columnShapes(this.real, synth)),
    };
  }

  /** Headline quality of a finished model's sample. */
  headline(synth: ModelTable): QualityHeadline {
    const q = qualityReport(this.real, synth);
    return {
      overall: q.overall,
      columnShapes: q.columnShapes,
      columnPairTrends: q.columnPairTrends,
    };
  }
}
