/**
 * When a run takes a checkpoint, and the one it keeps: at the first epoch, then after
 * CHECKPOINT_GAP_MS and CHECKPOINT_COST_FACTOR times the last one's cost, whichever is longer.
 * The latest checkpoint is plain data, so it outlives the backend that made it.
 */
import type { PipelineReport } from '../core/pipeline';
import type { Checkpoint } from '../core/train/checkpoint';

/** Least time between two checkpoints (the first epoch always takes one). */
export const CHECKPOINT_GAP_MS = 5000;
/**
 * And at least this many times what the last one cost, so reading weights back stays under
 * about 5% of training (a default CTGAN on adult holds 3.1 million numbers, about 0.8 s on cpu).
 */
export const CHECKPOINT_COST_FACTOR = 20;

/** What the policy reads of a step report. */
export type CheckpointReport = Pick<PipelineReport, 'epoch' | 'checkpoint'>;

export class CheckpointPolicy {
  /** The run's latest checkpoint: faults fall back to it, a reload resumes from it. */
  last: Checkpoint | null = null;
  /** Milliseconds the last checkpoint took to read and hand on. */
  private cost = 0;
  /** When the last checkpoint was taken. */
  private at = -Infinity;

  /**
   * @param keep called after each checkpoint is taken (the run store keeps it for a reload);
   *   its failure is logged, never fatal
   */
  constructor(
    private readonly keep: (cp: Checkpoint) => void | Promise<void>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A new run, from `resume` when it goes on from one. */
  reset(resume?: Checkpoint): void {
    this.last = resume ?? null;
    this.at = -Infinity;
  }

  /** Takes a checkpoint at an epoch end when one is due. */
  async maybe(r: CheckpointReport): Promise<void> {
    const first = this.last === null || r.epoch === 1;
    const gap = Math.max(CHECKPOINT_GAP_MS, CHECKPOINT_COST_FACTOR * this.cost);
    if (first || this.now() - this.at >= gap) await this.take(r);
  }

  /**
   * The checkpoint of the report's epoch, taken once: kept as the last one and handed to
   * `keep`. Null when the model has none.
   */
  async take(r: CheckpointReport): Promise<Checkpoint | null> {
    if (this.last?.epoch === r.epoch) return this.last;
    if (!r.checkpoint) return null;
    const started = this.now();
    const cp = await r.checkpoint();
    this.last = cp;
    try {
      await this.keep(cp);
    } catch (e) {
      // keeping it for a reload is a convenience: training goes on without it
      console.error('Keeping the checkpoint failed', e);
    }
    this.at = this.now();
    this.cost = this.at - started;
    return cp;
  }
}
