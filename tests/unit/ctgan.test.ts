import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildLayout, type Layout } from '../../src/core/data/spans';
import { MIXED_SPANS, randomMatrix } from './encoded-fixtures';
import {
  createCtgan,
  createCtganModel,
  CTGAN_DEFAULTS,
  type CtganConfig,
  type CtganModel,
} from '../../src/core/models/ctgan/ctgan';
import {
  createDiscriminator,
  discriminatorVariables,
  gradientPenalty,
  pack,
} from '../../src/core/models/ctgan/ctgan-nets';
import { initBackend } from '../../src/core/models/backend';
import { oneHotFloat, SpanActivation } from '../../src/core/models/common/span-activation';
import { installFastWasmKernels } from '../../src/core/models/common/wasm-kernels';
import type { EncodedTable, NeuralModel } from '../../src/core/models/common/neural';
import { Rng } from '../../src/core/rng';

const SPANS = MIXED_SPANS;

const SMALL: Partial<CtganConfig> = {
  embeddingDim: 8,
  generatorDims: [16, 16],
  discriminatorDims: [16, 16],
  batchSize: 20,
  pac: 10,
};

function encodedTable(layout: Layout, rows: number, seed: number): EncodedTable {
  return { rows, layout, matrix: randomMatrix(layout, rows, seed) };
}

const layout = buildLayout(SPANS);
const table = encodedTable(layout, 200, 11);
const models: NeuralModel[] = [];

function model(seed = 1, data: EncodedTable = table): CtganModel {
  const m = createCtganModel({ layout: data.layout, config: SMALL, seed, data });
  models.push(m);
  return m;
}

function values(vars: tf.Variable[]): number[][] {
  return vars.map((v) => Array.from(v.dataSync()));
}

function changed(before: number[][], after: number[][]): boolean[] {
  return before.map((b, i) => b.some((x, j) => x !== (after[i] as number[])[j]));
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

describe('CTGAN training steps', () => {
  it('uses the reference defaults', () => {
    expect(CTGAN_DEFAULTS).toMatchObject({ embeddingDim: 128, pac: 10, batchSize: 500 });
    expect(model().stepsPerEpoch()).toBe(10);
  });

  it('leaves the tensor count unchanged after a step (after one burn-in step)', async () => {
    const m = model();
    await m.trainStep(true);
    const before = tf.memory().numTensors;
    expect(await m.trainStep(false)).toBeNull();
    const losses = await m.trainStep(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(losses ?? {}).sort()).toEqual(['discriminator', 'generator', 'penalty']);
    for (const v of Object.values(losses ?? {})) expect(Number.isFinite(v)).toBe(true);
  });

  it('moves only the critic weights in a critic step', () => {
    const m = model();
    const g = m.generatorVariables();
    const d = m.discriminatorVariables();
    const [g0, d0] = [values(g), values(d)];
    const losses = m.trainDiscriminatorStep();
    tf.dispose([losses.loss, losses.penalty]);
    expect(changed(g0, values(g)).some(Boolean)).toBe(false);
    expect(changed(d0, values(d)).every(Boolean)).toBe(true);
  });

  it('moves only the generator weights in a generator step', () => {
    const m = model();
    const g = m.generatorVariables();
    const d = m.discriminatorVariables();
    const [g0, d0] = [values(g), values(d)];
    m.trainGeneratorStep().dispose();
    expect(changed(d0, values(d)).some(Boolean)).toBe(false);
    expect(changed(g0, values(g)).every(Boolean)).toBe(true);
  });

  it('trains a table without discrete columns (no conditional vector)', async () => {
    const numeric = buildLayout(SPANS.filter((s) => s.role !== 'level'));
    const m = model(3, encodedTable(numeric, 60, 4));
    expect((await m.trainStep(true))?.generator).toBeTypeOf('number');
    expect((await m.sample(7, 1)).length).toBe(7 * numeric.dataDim);
  });
});

describe('CTGAN gradient penalty', () => {
  /** Smallest |pre-activation| of the critic's hidden units at x: the distance to a kink. */
  function kinkMargin(d: ReturnType<typeof createDiscriminator>, x: tf.Tensor2D): number {
    return tf.tidy(() => {
      let h = x;
      let margin = Infinity;
      for (const layer of d.hidden) {
        const y: tf.Tensor2D = tf.add(tf.matMul(h, layer.w), layer.b);
        margin = Math.min(margin, tf.min(tf.abs(y)).dataSync()[0] as number);
        h = tf.add(tf.mul(y, 0.6), tf.mul(tf.abs(y), 0.4));
      }
      return margin;
    });
  }

  it('has critic-weight gradients (a double gradient) that match finite differences', () => {
    const seed = 25; // chosen so that no hidden unit sits near its kink at x̂
    const pac = 2;
    const d = createDiscriminator(3, [5, 4], pac, new Rng(seed));
    const rows = (s: number) => tf.randomNormal([4, 3], 0, 1, 'float32', s) as tf.Tensor2D;
    const real = pack(rows(2 * seed), pac);
    const fake = pack(rows(2 * seed + 1), pac);
    const alpha = tf.tensor2d([[0.3], [0.8]]);
    const interpolated = tf.tidy(() => tf.add(fake, tf.mul(alpha, tf.sub(real, fake))));
    // The critic is piecewise linear: finite differences are valid away from the kinks only.
    expect(kinkMargin(d, interpolated as tf.Tensor2D)).toBeGreaterThan(0.1);
    const penalty = () => gradientPenalty(d, real, fake, alpha, null, 10);
    const vars = discriminatorVariables(d);
    const { value, grads } = tf.variableGrads(penalty, vars);
    expect(value.dataSync()[0]).toBeGreaterThan(0);
    const h = 1e-3;
    let compared = 0;
    for (const v of vars) {
      // The output bias does not reach the input gradient: no gradient, i.e. zero.
      const analytic = grads[v.name]?.dataSync() ?? new Float32Array(v.size);
      const base = v.dataSync().slice();
      const at = (j: number, delta: number) => {
        const moved = base.slice();
        moved[j] = (base[j] as number) + delta;
        v.assign(tf.tensor(moved, v.shape));
        return tf.tidy(() => penalty().dataSync()[0] as number);
      };
      for (let j = 0; j < base.length; j += 1) {
        const numeric = (at(j, h) - at(j, -h)) / (2 * h);
        expect(Math.abs(numeric - (analytic[j] as number))).toBeLessThan(
          1e-2 * Math.max(1, Math.abs(numeric)),
        );
        compared += 1;
      }
      v.assign(tf.tensor(base, v.shape));
    }
    expect(compared).toBe(6 * 5 + 5 + 5 * 4 + 4 + 4 + 1);
    tf.dispose([real, fake, alpha, interpolated, value, ...Object.values(grads), ...vars]);
  });
});

describe('CTGAN conditional loss', () => {
  it('is the cross-entropy of the conditioned span only, averaged over the batch', () => {
    const act = new SpanActivation(layout, 0.2);
    const raw = tf.randomNormal([2, layout.dataDim], 0, 1, 'float32', 3) as tf.Tensor2D;
    // Row 0 asks for level 1 of 'sex' (cond 1); row 1 for level 4 of 'city' (cond 2 + 3 + 4).
    const cond = oneHotFloat(tf.tensor1d([1, 9], 'int32'), layout.condDim);
    const loss = act.conditionalLoss(raw, cond as tf.Tensor2D).dataSync()[0] as number;
    const r = raw.arraySync();
    const ce = (row: number[], start: number, dim: number, level: number) => {
      const span = row.slice(start, start + dim);
      const lse = Math.log(span.reduce((a, x) => a + Math.exp(x), 0));
      return lse - (span[level] as number);
    };
    const sex = layout.condSpans[0];
    const city = layout.condSpans[2];
    if (!sex || !city) throw new Error('layout without discrete columns');
    const expected =
      (ce(r[0] as number[], sex.start, 2, 1) + ce(r[1] as number[], city.start, 5, 4)) / 2;
    expect(loss).toBeCloseTo(expected, 5);
    tf.dispose([raw, cond]);
    act.dispose();
  });
});

describe('CTGAN sampling', () => {
  it('runs the generator with batch-norm running statistics (rows independent of the batch)', async () => {
    const m = model();
    for (let i = 0; i < 3; i += 1) await m.trainStep(false);
    const noise = tf.randomNormal([8, SMALL.embeddingDim as number], 0, 1, 'float32', 9);
    const cond = oneHotFloat(tf.tensor1d([0, 3, 9, 2, 4, 1, 6, 8], 'int32'), layout.condDim);
    const many = m.generateRaw(noise as tf.Tensor2D, cond);
    const one = m.generateRaw(
      tf.slice(noise, [0, 0], [1, -1]) as tf.Tensor2D,
      tf.slice(cond, [0, 0], [1, -1]),
    );
    const a = many.arraySync()[0] as number[];
    const b = one.arraySync()[0] as number[];
    b.forEach((x, j) => expect(x).toBeCloseTo(a[j] as number, 5));
    tf.dispose([noise, cond, many, one]);
  });

  it('outputs scalars in [-1, 1] and a one-hot on every softmax span', async () => {
    const m = model();
    await m.trainStep(false);
    const rows = 45; // more than two batches of 20: exercises the chunking
    const out = await m.sample(rows, 3);
    expect(out.length).toBe(rows * layout.dataDim);
    for (let r = 0; r < rows; r += 1) {
      for (const span of layout.spans) {
        const v = Array.from(
          out.subarray(r * layout.dataDim + span.start, r * layout.dataDim + span.end),
        );
        if (span.activation === 'tanh') {
          expect(Math.abs(v[0] as number)).toBeLessThanOrEqual(1);
        } else {
          expect(v.filter((x) => x === 1).length).toBe(1);
          expect(v.filter((x) => x === 0).length).toBe(span.dim - 1);
        }
      }
    }
  });

  it('gives identical samples for the same seed and data after the same steps', async () => {
    const [a, b] = [model(42), model(42)];
    for (let i = 0; i < 3; i += 1) {
      await a.trainStep(false);
      await b.trainStep(false);
    }
    expect(await a.sample(30, 5)).toEqual(await b.sample(30, 5));
    const other = model(43);
    for (let i = 0; i < 3; i += 1) await other.trainStep(false);
    expect(await other.sample(30, 5)).not.toEqual(await a.sample(30, 5));
  });

  it('samples the same rows after save and restore', async () => {
    const m = model(8);
    for (let i = 0; i < 3; i += 1) await m.trainStep(false);
    const state = JSON.parse(JSON.stringify(await m.save())) as Awaited<
      ReturnType<CtganModel['save']>
    >;
    expect(state.weights.every((w) => w.name.startsWith('generator.'))).toBe(true);
    expect(JSON.stringify(state)).not.toContain('matrix');
    const restored = createCtgan({ layout, seed: 99, state });
    models.push(restored);
    expect(await restored.sample(50, 12)).toEqual(await m.sample(50, 12));
    await expect(restored.trainStep(false)).rejects.toThrow(/sampling/);
  });
});

describe('CTGAN conditional generation (a level fixed in the conditional vector)', () => {
  it('sets the chosen level of the chosen column, for a column that is not the first', () => {
    const m = model();
    // Conditional spans: sex (2 levels), grade (3), city (5); city starts at 2 + 3 = 5.
    expect(Array.from(m.sampler.fixedConditions(3, 2, 4))).toEqual([9, 9, 9]);
    expect(m.sampler.spanOf('grade')).toBe(1);
    expect(m.sampler.spanOf('age')).toBe(-1);
    expect(() => m.sampler.fixedConditions(1, 2, 5)).toThrow(/no level 5 in conditional span 2/);
  });

  it('feeds the fixed condition to the generator, the same rows for the same seed', async () => {
    const m = model(4);
    for (let i = 0; i < 2; i += 1) await m.trainStep(false);
    const first = await m.sampleWhere(40, 7, 2, 0);
    expect(await m.sampleWhere(40, 7, 2, 0)).toEqual(first);
    expect(await m.sampleWhere(40, 7, 2, 3)).not.toEqual(first);
    expect(await m.sample(40, 7)).not.toEqual(first);
    expect(first).toHaveLength(40 * layout.dataDim);
    await expect(m.sampleWhere(5, 1, 3, 0)).rejects.toThrow(/no level 0 in conditional span 3/);
  });

  it('shares a level by its raw frequency in the training rows', () => {
    const skewed: EncodedTable = {
      rows: 300,
      layout,
      matrix: randomMatrix(layout, 300, 5, true),
    };
    const m = model(1, skewed);
    const counts = m.sampler.counts[2] as number[];
    const total = counts.reduce((a, b) => a + b, 0);
    expect(m.sampler.levelShare(2, 4)).toBeCloseTo((counts[4] as number) / total, 10);
    expect(m.sampler.levelShare(2, 0)).toBeLessThan(m.sampler.levelShare(2, 4));
    // Several levels: each row draws one of them by its share (levels 1 and 4 of city, which
    // starts at position 5 of the conditional vector).
    const drawn = m.sampler.fixedConditions(4000, 2, [1, 4], new Rng(3));
    expect(new Set(drawn)).toEqual(new Set([6, 9]));
    const fours = drawn.filter((p) => p === 9).length / drawn.length;
    const expected = (counts[4] as number) / ((counts[1] as number) + (counts[4] as number));
    expect(Math.abs(fours - expected)).toBeLessThan(0.03);
    expect(() => m.sampler.fixedConditions(2, 2, [1, 4])).toThrow(/random number generator/);
  });
});

describe('CTGAN on the wasm backend with the fast kernels', () => {
  const wasmPath = fileURLToPath(
    new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url),
  );

  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('slices, splits, gathers, multiplies transposed operands and one-hots as the cpu backend', async () => {
    const range = (n: number, shape: number[]) => tf.reshape(tf.range(0, n), shape);
    const cases = () =>
      tf.tidy(() =>
        [
          tf.slice(range(60, [3, 4, 5]), [1, 1, 2], [2, 2, 3]),
          ...tf.split(range(42, [2, 21]), [1, 10, 2, 8], 1),
          tf.matMul(range(12, [3, 4]), range(6, [3, 2]), true, false),
          tf.matMul(range(12, [4, 3]), range(6, [2, 3]), false, true),
          // Few rows against a wide b: computed as (b·aᵀ)ᵀ.
          tf.matMul(range(6, [2, 3]), range(60, [20, 3]), false, true),
          oneHotFloat(tf.tensor1d([2, 0], 'int32'), 3),
          tf.gather(range(24, [6, 4]), tf.tensor1d([5, 0, 5, 2], 'int32')),
          tf.gather(range(24, [2, 3, 4]), tf.tensor1d([3, 1, 3], 'int32'), 2),
          tf.gather(range(24, [2, 3, 4]), tf.tensor2d([2, 0, 1, 1], [2, 2], 'int32'), 1),
        ].map((t) => Array.from(t.dataSync())),
      );
    await tf.setBackend('cpu');
    const expected = cases();
    const choice = await initBackend(['wasm'], { wasmPath });
    expect(choice.name).toBe('wasm');
    expect(installFastWasmKernels()).toBe(true);
    expect(() => tf.gather(range(6, [3, 2]), tf.tensor1d([3], 'int32'))).toThrow(/not in/);
    // A clone shares its source's data: it outlives the source, and both free it when done.
    const before = tf.memory().numTensors;
    const source = tf.tensor1d([1, 2, 3]);
    const copies = [tf.clone(source), tf.cast(source, 'float32')];
    source.dispose();
    copies.forEach((c) => expect(Array.from(c.dataSync())).toEqual([1, 2, 3]));
    tf.dispose(copies);
    expect(tf.memory().numTensors).toBe(before);
    cases().forEach((values, i) =>
      values.forEach((v, j) => expect(v).toBeCloseTo((expected[i] as number[])[j] as number, 4)),
    );
  });

  it('takes the same training steps and samples as the cpu backend for the same seed', async () => {
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const m = model(21);
      await m.trainStep(false);
      const losses = await m.trainStep(true);
      return { losses, rows: await m.sample(40, 2) };
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    for (const name of ['generator', 'discriminator', 'penalty']) {
      expect(wasm.losses?.[name]).toBeCloseTo(cpu.losses?.[name] as number, 4);
    }
    const close = wasm.rows.filter((v, i) => Math.abs(v - (cpu.rows[i] as number)) < 1e-4);
    expect(close.length / cpu.rows.length).toBeGreaterThan(0.98);
  });
});
