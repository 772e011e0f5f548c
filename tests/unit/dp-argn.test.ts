/**
 * ARGN under differential privacy: the DP-SGD step's per-row clipping equals a per-row loop
 * over tfjs' own gradients, the step keeps the tensor count flat and moves only its own
 * weights, Poisson batches vary in size, a canary (an extreme value and a unique level held by
 * one row) reaches neither the model file nor 100,000 sampled rows, the budget in the file adds
 * up and recomputes from its own parameters, and a too small table or budget is refused in
 * words before anything is trained.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { discretize, fitDiscretizer } from '../../src/core/data/discretizer';
import type { ModelTable } from '../../src/core/data/model-table';
import { inferSchema } from '../../src/core/data/schema-inference';
import { parseModel, serializeModel } from '../../src/core/io/model-file';
import { argnShape, ARGN_DEFAULTS } from '../../src/core/models/argn/argn';
import {
  createParams,
  crossEntropy,
  disposeConstants,
  forward,
  multiHot,
  paramVariables,
  permutationMask,
  uploadConstants,
} from '../../src/core/models/argn/argn-net';
import { createDpArgn, poissonSample } from '../../src/core/models/argn/dp-argn';
import { DP_ARGN_DEFAULTS, type DpArgnSettings } from '../../src/core/models/argn/dp-plan';
import { clippedGradients } from '../../src/core/models/argn/dp-sgd';
import { DpRefusal, prepare, Synthesis, type SynthesisConfig } from '../../src/core/pipeline';
import type { SubsampledGaussianPart, GaussianZcdpPart } from '../../src/core/privacy/budget';
import { subsampledGaussianEpsilon } from '../../src/core/privacy/rdp';
import { zcdpEpsilon } from '../../src/core/privacy/zcdp';
import { Rng } from '../../src/core/rng';
import { CANARY_LEVEL, CANARY_VALUE, canaryCsv, cityLevelsOf, trainText } from './dp-fixtures';

const csv = (canary: boolean, rows = 2000) => canaryCsv(canary, rows);

const PUBLIC = {
  age: { min: 18, max: 80 },
  spend: { min: 0, max: 200 },
  city: { levels: ['Leeds', 'York', 'Hull'] },
  plan: { levels: ['basic', 'plus', 'pro'] },
};

/** A few epochs of small batches: enough to exercise every part, quick on the CPU. */
const QUICK: DpArgnSettings = { ...DP_ARGN_DEFAULTS, expectedBatch: 200, epochs: 2 };

const train = trainText;

const argn = (epsilon: number, delta = 1e-6, epochs = 2): SynthesisConfig => ({
  model: 'argn',
  epochs,
  seed: 1,
  privacy: { epsilon, delta },
});

function modelTable(text: string): ModelTable {
  const { table } = readCsvText(text);
  const config: SynthesisConfig = {
    model: 'argn',
    epochs: 1,
    seed: 1,
    privacy: { epsilon: 1, delta: 1e-6 },
  };
  return prepare(table, inferSchema(table), config).trainingTable;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('per-row clipping without a loop over rows', () => {
  it('equals clipping each row’s own tfjs gradient and summing', () => {
    const table = modelTable(csv(false, 40));
    const disc = fitDiscretizer(table, { minCount: 2, maxBins: 4, finePositions: 0 });
    const config = { ...ARGN_DEFAULTS, regressorUnits: [4, 3] };
    const shape = argnShape(disc, config);
    const prior = new Float32Array(shape.cards.reduce((a, b) => a + b, 0));
    const params = createParams(shape, prior, new Rng(3));
    const c = uploadConstants(shape);
    const vars = paramVariables(params);
    const V = prior.length;
    const D = shape.embWidths.reduce((a, b) => a + b, 0);
    const tokens = discretize(disc, table).subarray(0, 6 * shape.cards.length);
    const rank = [2, 0, 3, 1].slice(0, shape.cards.length);
    const clip = 0.5;
    const { fast, slow, norms } = tf.tidy(() => {
      const x = multiHot(tf.tensor2d(tokens, [6, shape.cards.length], 'int32'), c, V);
      const values = permutationMask(shape, rank);
      const mask = tf.tensor2d(values, [D, values.length / D]);
      // the last row is padding: it must add nothing
      const weights = tf.tensor1d([1, 1, 1, 1, 1, 0]);
      const step = clippedGradients(params, c, x, weights, mask, clip);
      const slowSum = vars.map((v) => tf.zerosLike(v));
      const rowNorms: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const row = tf.slice(x, [i, 0], [1, -1]);
        const { grads } = tf.variableGrads(
          () => crossEntropy(forward(params, c, row, mask, null), row, c),
          vars,
        );
        const g = vars.map((v) => grads[v.name] as tf.Tensor);
        const norm = Math.sqrt(
          g.reduce((s, t) => s + (tf.sum(tf.square(t)).arraySync() as number), 0),
        );
        rowNorms.push(norm);
        const s = Math.min(1, clip / norm);
        g.forEach((t, k) => (slowSum[k] = tf.add(slowSum[k] as tf.Tensor, tf.mul(t, s))));
      }
      return {
        fast: vars.map((v) => Array.from(step.grads[v.name]?.dataSync() ?? [])),
        slow: slowSum.map((t) => Array.from(t.dataSync())),
        norms: { fast: Array.from(step.norms.dataSync()), slow: rowNorms },
      };
    });
    expect(norms.fast[5]).toBe(0);
    norms.slow.forEach((n, i) => expect(norms.fast[i]).toBeCloseTo(n, 4));
    // some rows were clipped, so the test tells clipping from plain summing
    expect(norms.slow.some((n) => n > clip)).toBe(true);
    slow.forEach((s, k) => s.forEach((v, j) => expect(fast[k]?.[j]).toBeCloseTo(v, 4)));
    tf.dispose(vars);
    disposeConstants(c);
  });
});

describe('a DP-SGD step', () => {
  const table = () => modelTable(csv(false, 600));
  const build = (seed: number) =>
    createDpArgn(table(), { epsilon: 8, delta: 1e-6 }, 2, seed, QUICK);

  it('keeps the tensor count flat across steps', async () => {
    const model = build(1);
    await model.trainStep(true);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i += 1) await model.trainStep(i === 2);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('moves its own weights and no other model’s', async () => {
    const a = build(1);
    const b = build(2);
    const weights = async (m: typeof a) => (await m.save()).weights.map((w) => w.values);
    const a0 = await weights(a);
    const b0 = await weights(b);
    await a.trainStep(false);
    const a1 = await weights(a);
    expect(a1.every((w, i) => w.some((v, j) => v !== a0[i]?.[j]))).toBe(true);
    expect(await weights(b)).toEqual(b0);
    a.dispose();
    b.dispose();
  });

  it('draws Poisson batches: each row with probability q, so the size varies around q·rows', () => {
    const rng = new Rng(4);
    const sizes = Array.from({ length: 200 }, () => poissonSample(1000, 0.05, rng).length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(47);
    expect(mean).toBeLessThan(53);
    expect(new Set(sizes).size).toBeGreaterThan(10);
    const one = poissonSample(1000, 0.05, rng);
    expect(one.every((r, i) => r >= 0 && r < 1000 && (i === 0 || r > (one[i - 1] as number)))).toBe(
      true,
    );
  });

  it('stops when the planned steps (the budget) are spent, and takes no step after', async () => {
    const model = build(1);
    for (let i = 0; i < model.plan.steps; i += 1) await model.trainStep(false);
    expect((await model.endEpoch?.(false))?.stop).toBe(true);
    await expect(model.trainStep(false)).rejects.toThrow(/budget is spent/);
    model.dispose();
  });
});

describe('ARGN under differential privacy', () => {
  it('keeps a canary (extreme value, unique level) out of the model file and 100,000 rows', async () => {
    const synthesis = await train(csv(true), argn(4));
    const file = serializeModel(await synthesis.toFile());
    expect(file).not.toContain(CANARY_LEVEL);
    expect(file).not.toContain(String(CANARY_VALUE));
    const { names, rows } = await synthesis.sampleRows(100_000, 3);
    expect(rows).toHaveLength(100_000);
    const city = names.indexOf('city');
    let largest = 0;
    for (const row of rows) {
      expect(row[city]).not.toBe(CANARY_LEVEL);
      largest = Math.max(
        largest,
        Number(row[names.indexOf('age')]),
        Number(row[names.indexOf('spend')]),
      );
    }
    expect(largest).toBeLessThan(1e6);
    const { levels, noiseShare } = cityLevelsOf(rows, city);
    expect(levels).toEqual(new Set(['Leeds', 'York', 'Hull']));
    expect(noiseShare).toBeLessThan(0.05);
    // and it loads back, still saying what it spent
    const loaded = await Synthesis.fromFile(parseModel(file));
    expect(loaded.privacy?.epsilon).toBe(synthesis.privacy?.epsilon);
    synthesis.dispose();
    loaded.dispose();
  }, 120_000);

  it('writes a differentialPrivacy block whose parts add up and recompute from their own parameters', async () => {
    const synthesis = await train(csv(false), argn(6, 1e-6));
    const dp = (await synthesis.toFile()).differentialPrivacy;
    expect(dp).toBeTruthy();
    if (!dp) return;
    expect(dp.epsilon).toBeLessThanOrEqual(6);
    expect(dp.epsilon).toBeGreaterThan(5.9);
    expect(dp.delta).toBeLessThanOrEqual(1e-6);
    expect(dp.parts.map((p) => p.mechanism)).toEqual([
      'gaussian-zcdp',
      'gaussian-zcdp',
      'subsampled-gaussian',
    ]);
    expect(dp.epsilon).toBeCloseTo(
      dp.parts.reduce((s, p) => s + p.epsilon, 0),
      12,
    );
    for (const part of dp.parts) {
      const recomputed =
        part.mechanism === 'gaussian-zcdp'
          ? zcdpEpsilon((part as GaussianZcdpPart).rho, part.delta)
          : subsampledGaussianEpsilon(
              (part as SubsampledGaussianPart).samplingRate,
              (part as SubsampledGaussianPart).noiseMultiplier,
              (part as SubsampledGaussianPart).steps,
              part.delta,
            ).epsilon;
      expect(recomputed).toBeLessThanOrEqual(part.epsilon);
      expect(recomputed).toBeGreaterThan(part.epsilon * 0.99);
    }
    const training = dp.parts[2] as SubsampledGaussianPart;
    expect(training.steps).toBeGreaterThan(0);
    expect(training.samplingRate).toBeGreaterThan(0);
    synthesis.dispose();
  }, 120_000);

  it('refuses a table too small for the sampling rate, before training', async () => {
    const config = argn(8);
    config.privacy = { epsilon: 8, delta: 1e-6, publicFacts: PUBLIC };
    await expect(train(csv(false, 60), config)).rejects.toThrow(DpRefusal);
    await expect(train(csv(false, 60), config)).rejects.toThrow(/too few .* at least \d+ rows/);
  });

  it('refuses a budget too small to train with, saying what the preprocessing took', async () => {
    const config = argn(0.3, 1e-6, 20);
    config.privacy = { epsilon: 0.3, delta: 1e-6, publicFacts: PUBLIC };
    await expect(train(csv(false), config)).rejects.toThrow(
      /too small to train ARGN: the value ranges and tokens take [\d.]+ of it.*Raise epsilon to at least [\d.]+/,
    );
  });

  it('trains as before, with no privacy statement, when no budget is given', async () => {
    const { table } = readCsvText(csv(false, 300));
    const config: SynthesisConfig = { model: 'argn', epochs: 1, seed: 1 };
    const synthesis = await train(csv(false, 300), config);
    expect(synthesis.privacy).toBeNull();
    expect((await synthesis.toFile()).differentialPrivacy).toBeUndefined();
    expect(table.rowCount).toBe(300);
    synthesis.dispose();
  });
});
