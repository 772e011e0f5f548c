/**
 * Keep the best epoch, as the training session uses it: which checkpoint is kept, when a run
 * stops for lack of gain, and what the page is told.
 */
import { describe, expect, it } from 'vitest';
import { KeepBest } from '../../src/worker/keep-best';
import { checkpointOf, report } from './training-reports';

describe('keep the best epoch', () => {
  const scored = (epoch: number) =>
    report({
      epoch,
      epochs: 10,
      epochEnd: true,
      checkpoint: () => Promise.resolve(checkpointOf(epoch)),
    });
  const take = (r: { epoch: number }) => Promise.resolve(checkpointOf(r.epoch));

  it('keeps the best epoch and swaps it in when the last one scored clearly worse', async () => {
    const best = new KeepBest(null);
    expect(await best.observe(scored(1), 0.7, take)).toBe(false);
    expect(await best.observe(scored(2), 0.9, take)).toBe(false);
    expect(await best.observe(scored(3), 0.6, take)).toBe(false);
    const kept = best.outcome();
    expect(kept?.swapTo?.epoch).toBe(2);
    expect(kept?.told).toEqual({
      epoch: 2,
      score: 0.9,
      lastEpoch: 3,
      lastScore: 0.6,
      stoppedEarly: false,
    });
  });

  it('stops after `patience` scored epochs without gain', async () => {
    const best = new KeepBest(2);
    await best.observe(scored(1), 0.8, take);
    expect(await best.observe(scored(2), 0.8, take)).toBe(false);
    expect(await best.observe(scored(3), 0.801, take)).toBe(true);
    expect(best.outcome()?.told.stoppedEarly).toBe(true);
  });

  it('keeps the last model when it is the best, and scores nothing without checkpoints', async () => {
    const best = new KeepBest(null);
    await best.observe(scored(1), 0.5, take);
    await best.observe(scored(2), 0.8, take);
    expect(best.outcome()?.swapTo).toBeNull();
    const none = new KeepBest(null);
    expect(await none.observe(report({ epoch: 1, epochEnd: true }), 0.9, take)).toBe(false);
    expect(none.outcome()).toBeUndefined();
  });
});
