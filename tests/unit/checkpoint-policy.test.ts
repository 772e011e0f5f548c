/**
 * The checkpoint policy: when a run takes a checkpoint, on a clock the test moves by hand.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  CHECKPOINT_COST_FACTOR,
  CHECKPOINT_GAP_MS,
  CheckpointPolicy,
} from '../../src/worker/checkpoint-policy';
import { checkpointOf, manualClock, report } from './training-reports';

describe('the checkpoint policy', () => {
  /** An epoch-end report whose checkpoint costs `costMs` on `clock`. */
  const epochEnd = (epoch: number, clock: { t: number }, costMs = 0) =>
    report({
      epoch,
      epochEnd: true,
      checkpoint: () => {
        clock.t += costMs;
        return Promise.resolve(checkpointOf(epoch));
      },
    });

  it('takes one at the first epoch, then only after the gap', async () => {
    const clock = manualClock();
    const kept: number[] = [];
    const policy = new CheckpointPolicy((cp) => void kept.push(cp.epoch), clock.now);
    await policy.maybe(epochEnd(1, clock));
    clock.t += CHECKPOINT_GAP_MS - 1;
    await policy.maybe(epochEnd(2, clock));
    clock.t += 1;
    await policy.maybe(epochEnd(3, clock));
    expect(kept).toEqual([1, 3]);
    expect(policy.last?.epoch).toBe(3);
  });

  it('waits longer when a checkpoint is costly (CHECKPOINT_COST_FACTOR times its cost)', async () => {
    const clock = manualClock();
    const kept: number[] = [];
    const policy = new CheckpointPolicy((cp) => void kept.push(cp.epoch), clock.now);
    const cost = 1000;
    await policy.maybe(epochEnd(1, clock, cost));
    clock.t += CHECKPOINT_GAP_MS;
    await policy.maybe(epochEnd(2, clock, cost));
    expect(kept).toEqual([1]);
    clock.t += CHECKPOINT_COST_FACTOR * cost - CHECKPOINT_GAP_MS;
    await policy.maybe(epochEnd(3, clock, cost));
    expect(kept).toEqual([1, 3]);
  });

  it('takes an epoch once, and none for a model without checkpoints', async () => {
    const clock = manualClock();
    let reads = 0;
    const policy = new CheckpointPolicy(() => undefined, clock.now);
    const r = report({
      epoch: 2,
      epochEnd: true,
      checkpoint: () => {
        reads += 1;
        return Promise.resolve(checkpointOf(2));
      },
    });
    const a = await policy.take(r);
    const b = await policy.take(r);
    expect(a).toBe(b);
    expect(reads).toBe(1);
    expect(await policy.take(report({ epoch: 3, epochEnd: true }))).toBeNull();
  });

  it('goes on when keeping the checkpoint fails, and starts over from a resumed one', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const clock = manualClock();
    const policy = new CheckpointPolicy(() => Promise.reject(new Error('quota')), clock.now);
    await expect(policy.take(epochEnd(1, clock))).resolves.toEqual(checkpointOf(1));
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
    policy.reset(checkpointOf(5));
    expect(policy.last?.epoch).toBe(5);
    policy.reset();
    expect(policy.last).toBeNull();
  });
});
