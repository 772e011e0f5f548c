/**
 * Fault recovery without tfjs: what the page is told about a NaN loss, and a run that goes on
 * from its latest checkpoint after each lost WebGL context.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Checkpoint } from '../../src/core/train/checkpoint';
import { NonFiniteLoss } from '../../src/core/train/train-loop';
import {
  disposeAfterLoss,
  divergedBeforeCheckpoint,
  nonFiniteFault,
  surviveContextLoss,
} from '../../src/worker/fault-recovery';
import { ContextLost } from '../../src/worker/training-faults';
import { checkpointOf } from './training-reports';

describe('fault recovery', () => {
  const config = { model: 'tvae' as const, epochs: 5, seed: 1, tvae: { learningRate: 0.8 } };

  it('tells the page the epoch, step, loss, kept epoch and a learning rate no higher than the default', () => {
    const e = new NonFiniteLoss(3, 7, 'reconstruction', Number.NaN);
    expect(nonFiniteFault(e, checkpointOf(2), config)).toEqual({
      kind: 'non-finite',
      epoch: 3,
      step: 7,
      loss: 'reconstruction',
      keptEpoch: 2,
      suggestion: { learningRate: 0.001 },
    });
    expect(nonFiniteFault(e, null, config).keptEpoch).toBeNull();
    expect(divergedBeforeCheckpoint(1).message).toMatch(/epoch 1, before any checkpoint/);
  });

  it('goes on from the latest checkpoint after each lost context', async () => {
    const froms: (number | undefined)[] = [];
    const left: [number, number][] = [];
    let latest: Checkpoint | null = checkpointOf(2);
    const result = await surviveContextLoss(
      (from) => {
        froms.push(from?.epoch);
        if (froms.length === 1) throw new ContextLost(3);
        if (froms.length === 2) {
          latest = checkpointOf(4);
          throw new ContextLost(5);
        }
        return Promise.resolve('done');
      },
      () => latest,
      (lostAt, nextEpoch) => {
        left.push([lostAt, nextEpoch]);
        return Promise.resolve();
      },
      checkpointOf(1),
    );
    expect(result).toBe('done');
    expect(froms).toEqual([1, 2, 4]);
    expect(left).toEqual([
      [3, 3],
      [5, 5],
    ]);
  });

  it('lets any other error through, and frees a dead model without throwing', async () => {
    await expect(
      surviveContextLoss(
        () => Promise.reject(new NonFiniteLoss(1, 1, 'kl', Number.NaN)),
        () => null,
        () => Promise.resolve(),
      ),
    ).rejects.toBeInstanceOf(NonFiniteLoss);
    const dispose = vi.fn(() => {
      throw new Error('texture lost');
    });
    expect(() => disposeAfterLoss({ dispose })).not.toThrow();
    expect(dispose).toHaveBeenCalledOnce();
    expect(() => disposeAfterLoss(null)).not.toThrow();
  });
});
