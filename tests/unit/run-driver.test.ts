/**
 * The run driver on a scripted generator of step reports (no tfjs): it returns the model the
 * generator ends with, snapshots the first, the last and every few epochs, waits while paused,
 * and ends the run when keep-best says so.
 */
import { describe, expect, it } from 'vitest';
import type { PipelineReport } from '../../src/core/pipeline';
import { ProgressBatch } from '../../src/worker/progress-batch';
import type { EngineResponse } from '../../src/worker/protocol';
import {
  driveRun,
  SNAPSHOT_GAP_MS,
  snapshotDue,
  type DriveHooks,
} from '../../src/worker/run-driver';
import { report } from './training-reports';

/** `epochs` epochs of two steps each, with peek at every epoch end; returns 'model'. */
async function* scripted(epochs: number, seen: { returned: boolean }) {
  try {
    for (let epoch = 1; epoch <= epochs; epoch += 1) {
      for (let step = 1; step <= 2; step += 1) {
        const end = step === 2;
        yield report({
          epoch,
          epochs,
          step,
          totalSteps: 2 * (epoch - 1) + step,
          epochEnd: end,
          losses: { loss: 1 / (epoch + step) },
          lastEpochSeconds: end ? 0.01 : null,
          ...(end ? { peek: () => Promise.reject(new Error('not here')) } : {}),
        });
      }
    }
    return 'model';
  } finally {
    seen.returned = true;
  }
}

const noGuard = { guard: <T>(p: Promise<T>) => p, epoch: 0 };

/** Hooks that record what the driver asked for. */
function recording(overrides: Partial<DriveHooks> = {}) {
  const calls = { epochEnds: [] as number[], snapshots: [] as number[] };
  const hooks: DriveHooks = {
    paused: () => null,
    epochEnd: (r) => {
      calls.epochEnds.push(r.epoch);
      return Promise.resolve();
    },
    snapshot: (r) => {
      calls.snapshots.push(r.epoch);
      return Promise.resolve(0.5);
    },
    ...overrides,
  };
  return { calls, hooks };
}

describe('the run driver', () => {
  it('drives to the end: every epoch end seen, the model returned, the last losses flushed', async () => {
    const posted: EngineResponse[] = [];
    const seen = { returned: false };
    const { calls, hooks } = recording();
    const watch = { ...noGuard };
    const out = await driveRun(
      scripted(4, seen),
      new ProgressBatch(1, (m) => posted.push(m)),
      4,
      hooks,
      watch,
    );
    expect(out.result).toBe('model');
    expect(out.last?.totalSteps).toBe(8);
    expect(calls.epochEnds).toEqual([1, 2, 3, 4]);
    expect(watch.epoch).toBe(4);
    const losses = posted.flatMap((m) => (m.type === 'train-progress' ? m.losses : []));
    expect(losses.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('snapshots the first and the last epoch, and at most SNAPSHOTS_PER_RUN in all', async () => {
    const { calls, hooks } = recording();
    await driveRun(
      scripted(90, { returned: false }),
      new ProgressBatch(1, () => undefined),
      90,
      hooks,
      noGuard,
    );
    expect(calls.snapshots[0]).toBe(1);
    expect(calls.snapshots.at(-1)).toBe(90);
    // every third epoch is due (90 / 30), but snapshots are also at least SNAPSHOT_GAP_MS apart
    expect(calls.snapshots.length).toBeLessThanOrEqual(31);
    expect(calls.snapshots.every((e) => e === 1 || e === 90 || e % 3 === 0)).toBe(true);
  });

  it('ends the run early, without a model, when keep-best says to stop', async () => {
    const seen = { returned: false };
    let scored = 0;
    const { hooks } = recording({
      scored: () => {
        scored += 1;
        return Promise.resolve(scored === 2);
      },
    });
    // a clock that moves a second each time it is read: every epoch is past the snapshot gap
    let t = 0;
    const out = await driveRun(
      scripted(5, seen),
      new ProgressBatch(1, () => undefined),
      5,
      hooks,
      noGuard,
      () => (t += 1000),
    );
    expect(out.result).toBeNull();
    expect(out.last?.epoch).toBe(2);
    expect(seen.returned).toBe(true);
  });

  it('waits while paused', async () => {
    let release: () => void = () => undefined;
    let paused: Promise<void> | null = new Promise((r) => (release = r));
    const { calls, hooks } = recording({ paused: () => paused });
    const run = driveRun(
      scripted(2, { returned: false }),
      new ProgressBatch(1, () => undefined),
      2,
      hooks,
      noGuard,
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.epochEnds).toEqual([]);
    paused = null;
    release();
    await expect(run).resolves.toMatchObject({ result: 'model' });
    expect(calls.epochEnds).toEqual([1, 2]);
  });
});

describe('when a live snapshot is due', () => {
  const end = (epoch: number, over: Partial<PipelineReport> = {}) =>
    report({
      epoch,
      epochs: 10,
      epochEnd: true,
      peek: () => Promise.reject(new Error('no')),
      ...over,
    });

  it('at the first, the last and every `every`th epoch end, but not too soon after the last one', () => {
    expect(snapshotDue(end(1), 3, Infinity)).toBe(true);
    expect(snapshotDue(end(2), 3, Infinity)).toBe(false);
    expect(snapshotDue(end(3), 3, SNAPSHOT_GAP_MS + 1)).toBe(true);
    expect(snapshotDue(end(3), 3, SNAPSHOT_GAP_MS - 1)).toBe(false);
    expect(snapshotDue(end(10), 3, 0)).toBe(true);
    expect(snapshotDue(end(4, { stoppedEarly: true }), 3, 0)).toBe(true);
  });

  it('never mid-epoch, nor for a model that cannot be peeked at', () => {
    expect(snapshotDue(end(3, { epochEnd: false }), 3, Infinity)).toBe(false);
    expect(snapshotDue(report({ epoch: 3, epochs: 10, epochEnd: true }), 3, Infinity)).toBe(false);
  });
});
