/**
 * "Keep the best epoch": scores each live snapshot, keeps the best-scoring epoch's checkpoint,
 * says when training should stop for lack of gain, and at the end which model to keep.
 */
import { BestEpoch } from '../core/train/best-epoch';
import type { Checkpoint } from '../core/train/checkpoint';
import type { CheckpointReport } from './checkpoint-policy';
import type { ModelSummary } from './protocol';

/** A live column-shapes score must beat the best by this much to count as a gain (its noise on 500 rows). */
export const BEST_MARGIN = 0.005;

/** The run's end with keep-best: the checkpoint to swap in (if any) and what the page is told. */
export interface KeptBest {
  swapTo: Checkpoint | null;
  told: NonNullable<ModelSummary['best']>;
}

export class KeepBest {
  private readonly tracker: BestEpoch;
  /** The best epoch's checkpoint. */
  private cp: Checkpoint | null = null;

  constructor(patience: number | null) {
    this.tracker = new BestEpoch({ patience, margin: BEST_MARGIN });
  }

  /**
   * Scores one epoch; on a new best, takes its checkpoint with `take` (which is also the run's
   * latest, so one copy of the state serves both). True when training should stop.
   */
  async observe(
    r: CheckpointReport & { epochs: number },
    score: number,
    take: (r: CheckpointReport) => Promise<Checkpoint | null>,
  ): Promise<boolean> {
    if (!r.checkpoint) return false;
    const step = this.tracker.observe(r.epoch, r.epochs, score);
    if (step === 'new-best') this.cp = await take(r);
    return step === 'stop';
  }

  /**
   * After the run: the best epoch's checkpoint when training stopped early or the last scored
   * epoch was clearly worse; undefined when nothing was scored.
   */
  outcome(): KeptBest | undefined {
    const outcome = this.tracker.outcome();
    if (!outcome) return undefined;
    const { swap, ...told } = outcome;
    return { swapTo: swap ? this.cp : null, told };
  }
}
