import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLayout, type Layout, type OutputSpan } from '../../src/core/data/spans';
import { Rng } from '../../src/core/rng';
import { createTvae, TVAE_DEFAULTS, type TvaeConfig } from '../../src/core/models/tvae/tvae';
import { planLoss, softmaxCrossEntropy, uploadMasks } from '../../src/core/models/tvae/tvae-loss';
import type { EncodedTable, NeuralModel } from '../../src/core/models/common/neural';

function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

const SPANS: OutputSpan[] = [
  { column: 'a', role: 'scalar', dim: 1, activation: 'tanh' },
  { column: 'a', role: 'component', dim: 3, activation: 'softmax' },
  { column: 'b', role: 'scalar', dim: 1, activation: 'tanh' },
  { column: 'b', role: 'component', dim: 2, activation: 'softmax' },
  { column: 'c', role: 'level', dim: 3, activation: 'softmax' },
  { column: 'd', role: 'level', dim: 2, activation: 'softmax' },
];
const layout: Layout = buildLayout(SPANS);
const SMALL: Partial<TvaeConfig> = {
  embeddingDim: 8,
  compressDims: [16, 16],
  decompressDims: [16, 16],
  batchSize: 20,
};

/** 200 rows driven by one hidden class k in {0, 1, 2}: every column follows k. */
function patternTable(rows = 200): EncodedTable {
  const rng = new Rng(11);
  const matrix = new Float32Array(rows * layout.dataDim);
  const at = (column: string, role: string) =>
    defined(
      layout.spans.find((s) => s.column === column && s.role === role),
      `${column} ${role}`,
    );
  for (let r = 0; r < rows; r += 1) {
    const k = rng.int(3);
    const row = matrix.subarray(r * layout.dataDim);
    row[at('a', 'scalar').start] = 0.4 * (k - 1) + 0.02 * rng.normal();
    row[at('a', 'component').start + k] = 1;
    row[at('b', 'scalar').start] = k === 2 ? 0.5 : -0.3 + 0.02 * rng.normal();
    row[at('b', 'component').start + (k === 2 ? 1 : 0)] = 1;
    row[at('c', 'level').start + k] = 1;
    row[at('d', 'level').start + (k === 0 ? 0 : 1)] = 1;
  }
  return { rows, layout, matrix };
}

const data = patternTable();
const build = (seed = 1, config: Partial<TvaeConfig> = SMALL) =>
  createTvae({ layout, config, seed, data });

async function train(model: NeuralModel, steps: number): Promise<Record<string, number>[]> {
  const losses: Record<string, number>[] = [];
  for (let i = 0; i < steps; i += 1) {
    const l = await model.trainStep(true);
    if (l) losses.push(l);
  }
  return losses;
}

async function sigmaOf(model: NeuralModel): Promise<number[]> {
  const state = await model.save();
  return defined(
    state.weights.find((w) => w.name === 'sigma'),
    'sigma',
  ).values;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('createTvae', () => {
  it('uses the reference defaults', () => {
    expect(TVAE_DEFAULTS).toEqual({
      embeddingDim: 128,
      compressDims: [128, 128],
      decompressDims: [128, 128],
      lossFactor: 2,
      batchSize: 500,
      learningRate: 1e-3,
      weightDecay: 1e-5,
    });
  });

  it('runs floor(rows / batch) full batches per epoch, the batch capped at the row count', () => {
    const model = build();
    expect(model.stepsPerEpoch()).toBe(10);
    model.dispose();
    const big = build(1, { ...SMALL, batchSize: 500 });
    expect(big.batchSize).toBe(200);
    expect(big.stepsPerEpoch()).toBe(1);
    big.dispose();
  });

  it('rejects an encoded table whose width differs from the layout', () => {
    const bad = { rows: 2, layout, matrix: new Float32Array(5) };
    expect(() => createTvae({ layout, config: SMALL, seed: 1, data: bad })).toThrow(/layout/);
  });
});

describe('TVAE loss', () => {
  it('finds span maxima in groups of similar width, each softmax dimension once', () => {
    const wide = buildLayout(
      [2, 42, 2, 5, 6, 16, 15].map((dim, i) => ({
        column: `c${i}`,
        role: 'level' as const,
        dim,
        activation: 'softmax' as const,
      })),
    );
    const plan = planLoss(wide);
    expect(plan.groups.length).toBeLessThanOrEqual(3);
    expect(plan.groups.map((g) => g.width)).toEqual([6, 16, 42]);
    const seen = plan.groups.flatMap((g) => Array.from(g.padIndex).filter((d) => d < wide.dataDim));
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(wide.dataDim).keys()]);
  });

  // A shift of 150 on the first softmax span puts every other span 150 below the row's largest
  // logit: a single per-row shift underflows there (exp(-150) = 0 in float32) and diverges.
  it.each([0, 150])(
    'computes the softmax cross-entropy and its gradient as per-span logsumexp would (first span shifted by %i)',
    (shift) => {
      const masks = uploadMasks(planLoss(layout));
      const rows = 6;
      const x = tf.tensor2d(data.matrix.slice(0, rows * layout.dataDim), [rows, layout.dataDim]);
      const first = layout.spans.find((s) => s.activation === 'softmax');
      const offsets = new Float32Array(layout.dataDim);
      if (first) offsets.fill(shift, first.start, first.end);
      const out = tf.add(
        tf.mul(tf.randomNormal([rows, layout.dataDim], 0, 1, 'float32', 3), 4),
        tf.tensor1d(offsets),
      ) as tf.Tensor2D;
      const reference = (o: tf.Tensor) =>
        tf.addN(
          layout.spans
            .filter((s) => s.activation === 'softmax')
            .map((s) => {
              const logits = tf.slice(o, [0, s.start], [rows, s.dim]);
              const target = tf.slice(x, [0, s.start], [rows, s.dim]);
              return tf.sub(tf.sum(tf.logSumExp(logits, 1)), tf.sum(tf.mul(logits, target)));
            }),
        ) as tf.Scalar;
      const ours = (o: tf.Tensor) => softmaxCrossEntropy(o as tf.Tensor2D, x, masks);
      tf.tidy(() => {
        const want = reference(out).arraySync() as number;
        expect(Math.abs((ours(out).arraySync() as number) - want)).toBeLessThan(
          1e-4 * Math.max(1, Math.abs(want)),
        );
        const g1 = tf.grad(ours)(out).arraySync() as number[][];
        const g2 = tf.grad(reference)(out).arraySync() as number[][];
        g1.flat().forEach((g, i) => expect(g).toBeCloseTo(g2.flat()[i] as number, 5));
      });
      tf.dispose([x, out, ...Object.values(masks)]);
    },
  );
});

describe('TVAE training step', () => {
  it('leaves the tensor count unchanged after a burn-in step', async () => {
    const model = build();
    await model.trainStep(true);
    const before = tf.memory().numTensors;
    await model.trainStep(true);
    await model.trainStep(false);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('leaves no tensor behind once trained and disposed (one run after another in a page)', async () => {
    const before = tf.memory().numTensors;
    const model = build();
    await model.trainStep(true);
    await model.sample(20, 3);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('moves the decoder weights and sigma in a step', async () => {
    const model = build();
    const before = await model.save();
    await model.trainStep(false);
    const after = await model.save();
    after.weights.forEach((w, i) => expect(w.values).not.toEqual(before.weights[i]?.values));
    model.dispose();
  });

  it('reads losses only when asked, as { reconstruction, kl }', async () => {
    const model = build();
    expect(model.lossNames).toEqual(['reconstruction', 'kl']);
    expect(await model.trainStep(false)).toBeNull();
    const losses = await model.trainStep(true);
    expect(Object.keys(losses ?? {}).sort()).toEqual(['kl', 'reconstruction']);
    expect(Number.isFinite(losses?.reconstruction)).toBe(true);
    expect(losses?.kl).toBeGreaterThanOrEqual(0);
    model.dispose();
  });

  it('lowers the reconstruction loss over 100 steps on a simple pattern', async () => {
    const model = build();
    const losses = (await train(model, 100)).map((l) => l.reconstruction as number);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(losses.slice(-10))).toBeLessThan(0.5 * mean(losses.slice(0, 10)));
    model.dispose();
  });

  it('keeps every sigma inside [0.01, 1], even with a large learning rate', async () => {
    const model = build(3, { ...SMALL, learningRate: 0.05 });
    await train(model, 30);
    const sigma = await sigmaOf(model);
    expect(sigma).toHaveLength(layout.dataDim);
    for (const s of sigma) {
      expect(s).toBeGreaterThanOrEqual(0.01 - 1e-7);
      expect(s).toBeLessThanOrEqual(1 + 1e-7);
    }
    expect(Math.max(...sigma)).toBeGreaterThan(0.1);
    model.dispose();
  });

  it('gives identical losses and samples for the same seed', async () => {
    const a = build(5);
    const b = build(5);
    expect(await train(a, 12)).toEqual(await train(b, 12));
    expect(await a.sample(50, 9)).toEqual(await b.sample(50, 9));
    a.dispose();
    b.dispose();
  });

  it('gives different losses for a different seed', async () => {
    const a = build(5);
    const c = build(6);
    expect(await train(a, 3)).not.toEqual(await train(c, 3));
    a.dispose();
    c.dispose();
  });
});

describe('TVAE sampling', () => {
  it('returns [rows, dataDim] with one-hot softmax spans and scalars in [-1, 1]', async () => {
    const model = build();
    await train(model, 20);
    const rows = 300;
    const out = await model.sample(rows, 4);
    expect(out).toHaveLength(rows * layout.dataDim);
    for (let r = 0; r < rows; r += 1) {
      for (const span of layout.spans) {
        const values = Array.from(
          out.subarray(r * layout.dataDim + span.start, r * layout.dataDim + span.end),
        );
        if (span.activation === 'tanh') {
          expect(Math.abs(values[0] as number)).toBeLessThanOrEqual(1);
        } else {
          expect(values.filter((v) => v === 1)).toHaveLength(1);
          expect(values.filter((v) => v === 0)).toHaveLength(span.dim - 1);
        }
      }
    }
    model.dispose();
  });

  it('frees every tensor it makes', async () => {
    const model = build();
    const before = tf.memory().numTensors;
    await model.sample(5000, 1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('draws a different sample for a different seed', async () => {
    const model = build();
    await train(model, 10);
    expect(await model.sample(50, 1)).not.toEqual(await model.sample(50, 2));
    model.dispose();
  });

  it('learns the pattern: level c follows the component of a', async () => {
    const model = build(2, { ...SMALL, learningRate: 5e-3 });
    await train(model, 300);
    const out = await model.sample(500, 3);
    const a = defined(layout.spans[1], 'span 1');
    const c = defined(layout.spans[4], 'span 4');
    let agree = 0;
    for (let r = 0; r < 500; r += 1) {
      const row = out.subarray(r * layout.dataDim);
      const ka = [0, 1, 2].find((k) => row[a.start + k] === 1);
      const kc = [0, 1, 2].find((k) => row[c.start + k] === 1);
      if (ka === kc) agree += 1;
    }
    expect(agree / 500).toBeGreaterThan(0.8);
    model.dispose();
  });
});

describe('TVAE save and restore', () => {
  it('samples the same rows after a JSON round trip of its state', async () => {
    const model = build();
    await train(model, 15);
    const state = JSON.parse(JSON.stringify(await model.save()));
    const restored = createTvae({ layout, seed: 99, state });
    expect(await restored.sample(64, 8)).toEqual(await model.sample(64, 8));
    restored.dispose();
    model.dispose();
  });

  it('saves the config, the decoder and sigma, and nothing the size of the data', async () => {
    const model = build();
    const state = await model.save();
    expect(state.kind).toBe('tvae');
    expect(state.config).toMatchObject(SMALL);
    const names = state.weights.map((w) => w.name);
    expect(names).toContain('sigma');
    expect(names.every((n) => n === 'sigma' || n.startsWith('decoder.'))).toBe(true);
    expect(names.filter((n) => n.startsWith('decoder.'))).toHaveLength(6);
    model.dispose();
  });

  it('refuses to train a model restored without data', async () => {
    const model = build();
    const restored = createTvae({ layout, seed: 1, state: await model.save() });
    await expect(restored.trainStep(true)).rejects.toThrow(/sampling only/);
    restored.dispose();
    model.dispose();
  });

  it('rejects a state whose decoder does not fit the layout', async () => {
    const model = build();
    const state = await model.save();
    const other = buildLayout([
      ...SPANS,
      { column: 'e', role: 'level', dim: 2, activation: 'softmax' },
    ]);
    expect(() => createTvae({ layout: other, seed: 1, state })).toThrow(/shape/);
    model.dispose();
  });
});
