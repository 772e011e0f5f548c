/**
 * "Keep the best epoch": a GAN's last epoch is not always its best. The engine scores a sample
 * against the real rows every few epochs (the live column-shapes score); this tracker decides,
 * from those scores alone, when an epoch is a new best (whose checkpoint to keep), when training
 * should stop for lack of gain, and whether the run should end with the best epoch's model
 * rather than the last one. A gain must beat the sampling noise of the score (`margin`).
 */
export interface BestEpochOptions {
  /** Stop once this many scored epochs in a row brought no gain; null never stops. */
  patience: number | null;
  /** Least rise over the best score that counts as a gain. */
  margin: number;
}

export type BestStep = 'new-best' | 'no-gain' | 'stop';

export interface BestOutcome {
  /** The epoch whose model the run ends with, and its score. */
  epoch: number;
  score: number;
  /** The last scored epoch and its score. */
  lastEpoch: number;
  lastScore: number;
  stoppedEarly: boolean;
  /** True when the run must end with the best epoch's model instead of the last one. */
  swap: boolean;
}

export class BestEpoch {
  private best: { epoch: number; score: number } | null = null;
  private last: { epoch: number; score: number } | null = null;
  private stalls = 0;
  private stopped = false;

  constructor(private readonly options: BestEpochOptions) {}

  /** Records the score of `epoch` (of `epochs`); says what to do with it. */
  observe(epoch: number, epochs: number, score: number): BestStep {
    this.last = { epoch, score };
    if (!this.best || score > this.best.score + this.options.margin) {
      this.best = { epoch, score };
      this.stalls = 0;
      return 'new-best';
    }
    this.stalls += 1;
    const { patience } = this.options;
    if (patience !== null && this.stalls >= patience && epoch < epochs) {
      this.stopped = true;
      return 'stop';
    }
    return 'no-gain';
  }

  /** The decision at the end of the run; null when no epoch was scored. */
  outcome(): BestOutcome | null {
    const { best, last } = this;
    if (!best || !last) return null;
    const swap =
      best.epoch !== last.epoch && (this.stopped || best.score > last.score + this.options.margin);
    return {
      epoch: swap ? best.epoch : last.epoch,
      score: swap ? best.score : last.score,
      lastEpoch: last.epoch,
      lastScore: last.score,
      stoppedEarly: this.stopped,
      swap,
    };
  }
}
