/**
 * Step reports, checkpoints and a hand-moved clock for the unit tests of the training
 * session's jobs (no tfjs: the jobs read only these fields).
 */
import type { PipelineReport } from '../../src/core/pipeline';
import type { Checkpoint } from '../../src/core/train/checkpoint';

/** A step report with the fields the jobs read; the rest as a mid-epoch step. */
export function report(over: Partial<PipelineReport> = {}): PipelineReport {
  return {
    epoch: 1,
    epochs: 10,
    step: 1,
    stepsPerEpoch: 4,
    totalSteps: 1,
    losses: null,
    epochEnd: false,
    rowsPerSecond: 100,
    elapsed: 0.1,
    secondsLeft: null,
    lastEpochSeconds: null,
    tensors: null,
    ...over,
  };
}

/** A fake checkpoint of `epoch` (the policy only reads its epoch). */
export const checkpointOf = (epoch: number) => ({ epoch }) as unknown as Checkpoint;

/** A clock the test moves by hand. */
export function manualClock(start = 1000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}
