/**
 * Progress batching: the page gets a few messages a second, with every loss point and epoch line.
 */
import { describe, expect, it } from 'vitest';
import { ProgressBatch } from '../../src/worker/progress-batch';
import type { EngineResponse } from '../../src/worker/protocol';
import { manualClock, report } from './training-reports';

describe('progress batching', () => {
  it('posts at most five messages a second and loses no loss point or epoch line', () => {
    const posted: EngineResponse[] = [];
    const clock = manualClock();
    const batch = new ProgressBatch(7, (m) => posted.push(m), clock.now);
    batch.add(report({ totalSteps: 1, losses: { a: 1 } }));
    expect(posted).toHaveLength(1);
    clock.t += 50;
    batch.add(report({ totalSteps: 2, losses: { a: 2 } }));
    batch.add(report({ totalSteps: 3, epochEnd: true, lastEpochSeconds: 0.5, tensors: 12 }));
    expect(posted).toHaveLength(1);
    clock.t += 200;
    batch.add(report({ totalSteps: 4, losses: { a: 4 } }));
    expect(posted).toHaveLength(2);
    const second = posted[1];
    if (second?.type !== 'train-progress') throw new Error('not progress');
    expect(second.runId).toBe(7);
    expect(second.losses.map((l) => l.step)).toEqual([2, 4]);
    expect(second.epochs).toEqual([{ epoch: 1, seconds: 0.5, tensors: 12, bytes: null }]);
    expect(second.report.totalSteps).toBe(4);
  });

  it('charts a validation loss beside the training loss and never sends functions', () => {
    const posted: EngineResponse[] = [];
    const batch = new ProgressBatch(
      1,
      (m) => posted.push(m),
      () => 0,
    );
    batch.add(
      report({
        losses: { train: 0.7 },
        validationLoss: 0.9,
        peek: () => Promise.reject(new Error('not called')),
        checkpoint: () => Promise.reject(new Error('not called')),
      }),
    );
    batch.flush();
    const m = posted[0];
    if (m?.type !== 'train-progress') throw new Error('not progress');
    expect(m.losses[0]?.values).toEqual({ train: 0.7, validation: 0.9 });
    expect('peek' in m.report).toBe(false);
    expect('checkpoint' in m.report).toBe(false);
    expect(() => structuredClone(m)).not.toThrow();
  });

  it('posts nothing on a flush with nothing new', () => {
    const posted: EngineResponse[] = [];
    new ProgressBatch(
      1,
      (m) => posted.push(m),
      () => 0,
    ).flush();
    expect(posted).toEqual([]);
  });
});
