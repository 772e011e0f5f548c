/**
 * Step reports gathered into at most REPORTS_PER_SECOND messages: the page re-renders a few
 * times a second whatever the step rate, and still gets every loss point and epoch line.
 */
import type { PipelineReport } from '../core/pipeline';
import type { TrainReport } from '../core/train/train-loop';
import type { EngineResponse, EpochLine, LossPoint } from './protocol';

/** Progress messages per second while training (charts need no more). */
export const REPORTS_PER_SECOND = 5;

export class ProgressBatch {
  private losses: LossPoint[] = [];
  private epochs: EpochLine[] = [];
  private last: TrainReport | null = null;
  private lastPost = 0;

  constructor(
    private readonly runId: number,
    private readonly post: (m: EngineResponse) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(report: PipelineReport): void {
    // peek and checkpoint are functions: they cannot cross to the page
    const { peek: _peek, checkpoint: _checkpoint, ...r } = report;
    this.last = r;
    // ARGN's held-out loss arrives at epoch ends; it is charted beside the training loss
    const validation =
      typeof r.validationLoss === 'number' ? { validation: r.validationLoss } : null;
    if (r.losses || validation) {
      this.losses.push({ step: r.totalSteps, values: { ...r.losses, ...validation } });
    }
    if (r.epochEnd && r.lastEpochSeconds !== null) {
      this.epochs.push({
        epoch: r.epoch,
        seconds: r.lastEpochSeconds,
        tensors: r.tensors,
        bytes: r.bytes ?? null,
      });
    }
    if (this.now() - this.lastPost > 1000 / REPORTS_PER_SECOND) this.flush();
  }

  flush(): void {
    if (!this.last) return;
    this.post({
      type: 'train-progress',
      runId: this.runId,
      report: this.last,
      losses: this.losses,
      epochs: this.epochs,
    });
    this.losses = [];
    this.epochs = [];
    this.last = null;
    this.lastPost = this.now();
  }
}
