import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { countTensors } from '../../src/core/models/backend';
import { BestEpoch } from '../../src/core/train/best-epoch';
import { DatasetSession } from '../../src/worker/dataset-session';
import type { EngineResponse } from '../../src/worker/protocol';
import { TrainingSession } from '../../src/worker/training-session';
import { fixtureText } from './fixtures';

/** Feeds scripted (epoch, score) pairs; returns each step's verdict and the outcome. */
function run(scores: [number, number][], epochs: number, patience: number | null) {
  const t = new BestEpoch({ patience, margin: 0.005 });
  const steps = [];
  for (const [epoch, score] of scores) {
    const step = t.observe(epoch, epochs, score);
    steps.push(step);
    if (step === 'stop') break;
  }
  return { steps, outcome: t.outcome() };
}

describe('keep the best epoch', () => {
  it('ends with the best epoch when the last one scores clearly worse', () => {
    const { steps, outcome } = run(
      [
        [1, 0.6],
        [10, 0.8],
        [20, 0.78],
        [30, 0.7],
      ],
      30,
      null,
    );
    expect(steps).toEqual(['new-best', 'new-best', 'no-gain', 'no-gain']);
    expect(outcome).toMatchObject({ epoch: 10, score: 0.8, lastEpoch: 30, swap: true });
    expect(outcome?.stoppedEarly).toBe(false);
  });

  it('keeps the last epoch when it is as good within the noise, or the best', () => {
    expect(
      run(
        [
          [1, 0.6],
          [10, 0.8],
          [30, 0.798],
        ],
        30,
        null,
      ).outcome,
    ).toMatchObject({ epoch: 30, swap: false });
    expect(
      run(
        [
          [1, 0.6],
          [30, 0.9],
        ],
        30,
        null,
      ).outcome,
    ).toMatchObject({ epoch: 30, score: 0.9, swap: false });
  });

  it('stops after `patience` scored epochs without a gain beyond the noise', () => {
    const { steps, outcome } = run(
      [
        [1, 0.6],
        [5, 0.7],
        [10, 0.703],
        [15, 0.69],
        [20, 0.75],
      ],
      100,
      2,
    );
    expect(steps).toEqual(['new-best', 'new-best', 'no-gain', 'stop']);
    expect(outcome).toMatchObject({
      epoch: 5,
      score: 0.7,
      lastEpoch: 15,
      stoppedEarly: true,
      swap: true,
    });
  });

  it('never stops at the last epoch (the run ends there anyway)', () => {
    const { steps } = run(
      [
        [1, 0.6],
        [2, 0.5],
      ],
      2,
      1,
    );
    expect(steps).toEqual(['new-best', 'no-gain']);
  });
});

describe('the training session keeps the best epoch', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('tells the page which epoch it kept, the kept model generates, nothing leaks', async () => {
    const text = fixtureText('kinds.csv');
    const { table, report } = readCsvText(text);
    const messages: EngineResponse[] = [];
    const session = new TrainingSession((m) => messages.push(structuredClone(m)), '');
    const data = new DatasetSession('kinds.csv', text.length, table, report, 0);
    const tiny = { embeddingDim: 8, batchSize: 20, compressDims: [16], decompressDims: [16] };
    await session.train(
      1,
      data,
      { model: 'tvae', epochs: 30, seed: 3, tvae: tiny, keepBest: { patience: 1 } },
      ['cpu'],
      0,
    );
    const trained = messages.find((m) => m.type === 'trained');
    if (trained?.type !== 'trained') throw new Error('no trained message');
    const best = trained.model.best;
    expect(best).toBeDefined();
    if (!best) return;
    expect(best.epoch).toBeGreaterThanOrEqual(1);
    expect(best.epoch).toBeLessThanOrEqual(best.lastEpoch);
    // the epochs the page was told about end where the run ended
    const told = messages.flatMap((m) => (m.type === 'train-progress' ? m.epochs : []));
    expect(told.at(-1)?.epoch).toBe(best.stoppedEarly ? best.lastEpoch : 30);
    if (best.stoppedEarly) expect(best.epoch).toBeLessThan(best.lastEpoch);
    else expect(best.lastEpoch).toBe(30);
    await session.generate(2, 25, 1, {
      textMode: 'placeholder',
      allowOutOfRange: false,
      neutraliseFormulas: true,
    });
    const generated = messages.find((m) => m.type === 'generated');
    expect(generated?.type === 'generated' && generated.rows).toBe(25);
    const left = await session.forget();
    expect(left.tensors).toBe(0);
    expect(countTensors()).toBe(0);
  });
});
