import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelTable } from '../../src/core/data/model-table';
import {
  argnShape,
  ARGN_DEFAULTS,
  createArgn,
  ordinalPositions,
  type ArgnConfig,
} from '../../src/core/models/argn/argn';
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
import { discretize, fitDiscretizer } from '../../src/core/data/discretizer';
import { Rng } from '../../src/core/rng';
import { trainLoop } from '../../src/core/train/train-loop';

/**
 * 300 rows driven by one hidden class k in {0, 1, 2}: 'shape' names k, 'size' is 10·k plus a
 * little noise, 'flag' is yes exactly when k is 2.
 */
function patternTable(rows = 300): ModelTable {
  const rng = new Rng(5);
  const codes = new Int32Array(rows);
  const flag = new Int32Array(rows);
  const size = new Float64Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const k = rng.int(3);
    codes[r] = k;
    flag[r] = k === 2 ? 0 : 1;
    size[r] = 10 * k + rng.int(3);
  }
  return {
    rows,
    columns: [
      { type: 'discrete', name: 'shape', codes, levels: ['circle', 'square', 'star'] },
      { type: 'numeric', name: 'size', values: size, integer: true },
      { type: 'discrete', name: 'flag', codes: flag, levels: ['yes', 'no'] },
    ],
  };
}

const table = patternTable();
const SMALL: Partial<ArgnConfig> = { regressorUnits: [8], batchSize: 32, learningRate: 0.01 };
const build = (seed = 1, config: Partial<ArgnConfig> = SMALL) =>
  createArgn({ table, seed, config });

async function weights(model: { save(): Promise<{ weights: { values: number[] }[] }> }) {
  return (await model.save()).weights.map((w) => w.values);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the permutation mask', () => {
  it('never lets a head see its own column or a later one, for any order', () => {
    const shape = { cards: [3, 2, 4, 5], embWidths: [3, 2, 4, 5], units: [[4, 3, 2, 5]] };
    const dimCol = shape.embWidths.flatMap((w, c) => new Array<number>(w).fill(c));
    const unitCol = (shape.units[0] as number[]).flatMap((u, c) => new Array<number>(u).fill(c));
    const rng = new Rng(3);
    for (let trial = 0; trial < 20; trial += 1) {
      const perm = rng.permutation(4);
      const rank = new Float32Array(4);
      perm.forEach((c, position) => (rank[c] = position));
      const mask = permutationMask(shape, rank);
      dimCol.forEach((dc, d) =>
        unitCol.forEach((uc, h) => {
          const seen = mask[d * unitCol.length + h] === 1;
          expect(seen).toBe((rank[dc] as number) < (rank[uc] as number));
        }),
      );
    }
  });

  it('makes a head blind to its own and later columns through the whole network', () => {
    const disc = fitDiscretizer(table, { minCount: 1 });
    const shape = argnShape(disc, { ...ARGN_DEFAULTS, regressorUnits: [6, 4] });
    const tokens = discretize(disc, table);
    const c = uploadConstants(shape);
    const params = createParams(
      shape,
      new Float32Array(shape.cards.reduce((a, b) => a + b)),
      new Rng(1),
    );
    // Order: flag, shape, size. The head of 'shape' may see 'flag' only.
    const rank = new Float32Array([1, 2, 0]);
    const logitsOf = (rowTokens: number[]) =>
      tf.tidy(() => {
        const x = multiHot(
          tf.tensor2d([rowTokens], [1, 3], 'int32'),
          c,
          shape.cards.reduce((a, b) => a + b),
        );
        const D = shape.embWidths.reduce((a, b) => a + b);
        const H = (shape.units[0] as number[]).reduce((a, b) => a + b);
        const mask = tf.tensor2d(permutationMask(shape, rank), [D, H]);
        return forward(params, c, x, mask, null).arraySync()[0] as number[];
      });
    const row = [tokens[0] as number, tokens[1] as number, tokens[2] as number];
    const base = logitsOf(row);
    const shapeLogits = (l: number[]) => l.slice(0, shape.cards[0]);
    const otherShape = [(row[0] as number) === 1 ? 2 : 1, row[1] as number, row[2] as number];
    const otherSize = [row[0] as number, (row[1] as number) === 1 ? 2 : 1, row[2] as number];
    const otherFlag = [row[0] as number, row[1] as number, (row[2] as number) === 1 ? 2 : 1];
    expect(shapeLogits(logitsOf(otherShape))).toEqual(shapeLogits(base));
    expect(shapeLogits(logitsOf(otherSize))).toEqual(shapeLogits(base));
    expect(shapeLogits(logitsOf(otherFlag))).not.toEqual(shapeLogits(base));
    tf.dispose(paramVariables(params));
    disposeConstants(c);
  });
});

describe('the ARGN loss', () => {
  it('is the summed per-column cross-entropy, even with one column far below another', () => {
    const shape = { cards: [3, 2], embWidths: [3, 2], units: [[2, 2]] };
    const c = uploadConstants(shape);
    const logits = tf.tensor2d([[200, 201, 199, -150, -151]]);
    const x = tf.tensor2d([[0, 1, 0, 0, 1]]);
    const want =
      -Math.log(Math.exp(1) / (Math.exp(0) + Math.exp(1) + Math.exp(-1))) -
      Math.log(Math.exp(-1) / (Math.exp(0) + Math.exp(-1)));
    const got = crossEntropy(logits, x, c).arraySync() as number;
    expect(got).toBeCloseTo(want, 3);
    const grad = tf
      .grad((l) => crossEntropy(l as tf.Tensor2D, x, c))(logits)
      .arraySync() as number[][];
    expect(grad[0]?.[4]).toBeCloseTo(Math.exp(-1) / (1 + Math.exp(-1)) - 1, 4);
    tf.dispose([logits, x]);
    disposeConstants(c);
  });
});

describe('training an ARGN', () => {
  it('keeps the tensor count flat across steps', async () => {
    const model = build();
    await model.trainStep(true);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i += 1) await model.trainStep(i === 2);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('a step moves its own weights and no other model’s', async () => {
    const a = build(1);
    const b = build(2);
    const a0 = await weights(a);
    const b0 = await weights(b);
    await a.trainStep(false);
    const a1 = await weights(a);
    expect(a1.every((w, i) => w.some((v, j) => v !== a0[i]?.[j]))).toBe(true);
    expect(await weights(b)).toEqual(b0);
    a.dispose();
    b.dispose();
  });

  it('reports a validation loss that falls and halves the learning rate on a plateau', async () => {
    const model = build(3, { ...SMALL, plateauPatience: 1, stopPatience: 100 });
    const seen: number[] = [];
    let cut = false;
    for (let epoch = 0; epoch < 60 && !cut; epoch += 1) {
      const before = model.learningRate;
      for (let s = 0; s < model.stepsPerEpoch(); s += 1) await model.trainStep(false);
      const loss = (await model.endEpoch?.(false))?.validationLoss ?? NaN;
      expect(Number.isFinite(loss)).toBe(true);
      if (loss >= Math.min(...seen)) {
        expect(model.learningRate).toBeCloseTo(before / 2, 10);
        cut = true;
      } else expect(model.learningRate).toBe(before);
      seen.push(loss);
    }
    expect(cut).toBe(true);
    expect(Math.min(...seen)).toBeLessThan((seen[0] as number) - 0.3);
    model.dispose();
  });

  it('stops early when validation stops improving and puts the best weights back', async () => {
    const model = build(9, { ...SMALL, stopPatience: 1 });
    let best = Infinity;
    let bestWeights: number[][] = [];
    let outcome: Awaited<ReturnType<NonNullable<typeof model.endEpoch>>> | undefined;
    for (let epoch = 0; epoch < 60 && !outcome?.stop; epoch += 1) {
      for (let s = 0; s < model.stepsPerEpoch(); s += 1) await model.trainStep(false);
      outcome = await model.endEpoch?.(false);
      const loss = outcome?.validationLoss ?? NaN;
      if (loss < best) {
        best = loss;
        bestWeights = await weights(model);
      }
    }
    expect(outcome?.stop).toBe(true);
    expect(outcome?.validationLoss).toBeGreaterThanOrEqual(best);
    expect(await weights(model)).toEqual(bestWeights);
    model.dispose();
  });

  it('learns the pattern, and conditional sampling returns only rows that meet the condition', async () => {
    const model = build(4);
    for (let i = 0; i < 150; i += 1) await model.trainStep(false);
    const out = await model.sampleTable(200, 7, { conditions: { shape: 'star' } });
    const shape = out.columns[0];
    const flag = out.columns[2];
    const size = out.columns[1];
    if (shape?.type !== 'discrete' || flag?.type !== 'discrete' || size?.type !== 'numeric')
      throw new Error('unexpected column types');
    expect(Array.from(shape.codes).every((c) => shape.levels[c] === 'star')).toBe(true);
    const yes = Array.from(flag.codes).filter((c) => flag.levels[c] === 'yes').length;
    expect(yes / 200).toBeGreaterThan(0.9);
    const big = Array.from(size.values).filter((v) => v >= 18).length;
    expect(big / 200).toBeGreaterThan(0.8);
    const numeric = await model.sampleTable(100, 8, { conditions: { size: 1 } });
    const s2 = numeric.columns[1];
    const f2 = numeric.columns[2];
    if (s2?.type !== 'numeric' || f2?.type !== 'discrete') throw new Error('unexpected types');
    expect(Array.from(s2.values).every((v) => v === 1)).toBe(true);
    await expect(model.sampleTable(5, 1, { conditions: { nope: 'x' } })).rejects.toThrow(/nope/);
    model.dispose();
  });

  it('never writes a rare level or the rare token, however often the untrained model favours it', async () => {
    // 'comet' is held by 2 rows: it folds into the rare token, which must never be drawn
    const base = patternTable();
    const shape = base.columns[0];
    if (shape?.type !== 'discrete') throw new Error('unexpected column types');
    const codes = Int32Array.from(shape.codes);
    codes[0] = 3;
    codes[1] = 3;
    const rare: ModelTable = {
      ...base,
      columns: [{ ...shape, codes, levels: [...shape.levels, 'comet'] }, ...base.columns.slice(1)],
    };
    const model = createArgn({ table: rare, seed: 2, config: SMALL });
    const out = await model.sampleTable(2000, 9, { temperature: 3 });
    const drawn = out.columns[0];
    if (drawn?.type !== 'discrete') throw new Error('unexpected column types');
    const written = new Set(Array.from(drawn.codes).map((c) => drawn.levels[c]));
    expect([...written].sort()).toEqual(['circle', 'square', 'star']);
    model.dispose();
  });

  it('samples the same table from the same seed, and again after save and restore', async () => {
    const model = build(6);
    for (let i = 0; i < 20; i += 1) await model.trainStep(false);
    const a = await model.sampleTable(50, 3);
    const b = await model.sampleTable(50, 3);
    expect(b).toEqual(a);
    const state = JSON.parse(JSON.stringify(await model.save())) as Parameters<
      typeof createArgn
    >[0]['state'];
    const restored = createArgn({ seed: 0, ...(state ? { state } : {}) });
    expect(await restored.sampleTable(50, 3)).toEqual(a);
    await expect(restored.trainStep(false)).rejects.toThrow(/sampling only/);
    model.dispose();
    restored.dispose();
  });

  it('a higher temperature spreads the draws, a lower one sharpens them', async () => {
    const model = build(8);
    for (let i = 0; i < 100; i += 1) await model.trainStep(false);
    const agree = async (temperature: number) => {
      const out = await model.sampleTable(300, 2, { temperature });
      const shape = out.columns[0];
      const flag = out.columns[2];
      if (shape?.type !== 'discrete' || flag?.type !== 'discrete') throw new Error('types');
      let ok = 0;
      for (let r = 0; r < 300; r += 1) {
        const star = shape.levels[shape.codes[r] as number] === 'star';
        const yes = flag.levels[flag.codes[r] as number] === 'yes';
        if (star === yes) ok += 1;
      }
      return ok / 300;
    };
    expect(await agree(0.5)).toBeGreaterThan(await agree(5));
    await expect(model.sampleTable(5, 1, { temperature: 0 })).rejects.toThrow(/temperature/);
    model.dispose();
  });

  it('the training loop starts no epoch that would overrun its time budget', async () => {
    const model = build(10, { ...SMALL, stopPatience: 100 });
    const steps = model.stepsPerEpoch();
    let clock = 0;
    // Every clock read advances one second: an epoch takes steps + 1 seconds here, so a budget
    // of 3·steps fits two epochs and not a third.
    const now = () => (clock += 1000);
    const ends: { epoch: number; validationLoss?: number | null }[] = [];
    for await (const r of trainLoop(model, { epochs: 50, maxSeconds: 3 * steps, now })) {
      if (r.epochEnd) ends.push(r);
    }
    expect(ends.map((r) => r.epoch)).toEqual([1, 2]);
    expect(ends.every((r) => typeof r.validationLoss === 'number')).toBe(true);
    model.dispose();
  });
});

describe('an ARGN with positions within bins', () => {
  /** 3,000 rows: y is 2·x plus small noise, both spread over thousands of values. */
  function related(rows = 3000): ModelTable {
    const rng = new Rng(8);
    const x = new Float64Array(rows);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r += 1) {
      x[r] = 100 * rng.normal();
      y[r] = 2 * (x[r] as number) + 2 * rng.normal();
    }
    return {
      rows,
      columns: [
        { type: 'numeric', name: 'x', values: x, integer: false },
        { type: 'numeric', name: 'y', values: y, integer: false },
      ],
    };
  }

  it('writes each position after its bin, and a condition fixes the bin and the position', async () => {
    const t = related();
    const argn = createArgn({ table: t, seed: 2, config: { ...SMALL, batchSize: 128 } });
    expect(argn.discretizer.columns.map((c) => c.kind)).toEqual([
      'binned',
      'fine',
      'binned',
      'fine',
    ]);
    for await (const report of trainLoop(argn, { epochs: 1 })) void report;
    const sample = await argn.sampleTable(200, 4, { order: ['y', 'x'] });
    expect(sample.columns.map((c) => c.name)).toEqual(['x', 'y']);
    const value = 37.5;
    const fixed = await argn.sampleTable(50, 5, { conditions: { x: value } });
    const x = fixed.columns[0];
    if (x?.type !== 'numeric') throw new Error('numeric expected');
    const [bin, pos] = argn.discretizer.columns;
    if (bin?.kind !== 'binned' || pos?.kind !== 'fine') throw new Error('bins expected');
    const at = bin.edges.findIndex((e, i) => e <= value && value < (bin.edges[i + 1] ?? -Infinity));
    const width = ((bin.edges[at + 1] as number) - (bin.edges[at] as number)) / pos.positions;
    for (const v of x.values) expect(Math.abs(v - value)).toBeLessThan(width);
    argn.dispose();
  });
});

describe('number embeddings', () => {
  it('start each number token at its place in the column order, one entry per token', () => {
    const t = patternTable();
    const disc = fitDiscretizer(t);
    const places = ordinalPositions(disc);
    const shape = argnShape(disc, ARGN_DEFAULTS);
    expect(places.length).toBe(shape.cards.reduce((a, b) => a + b, 0));
    const shapeTokens = shape.cards[0] as number;
    for (let v = 0; v < shapeTokens; v += 1) expect(places[v]).toBeNaN();
    const sizes = Array.from(
      places.subarray(shapeTokens, shapeTokens + (shape.cards[1] as number)),
    );
    for (let i = 1; i < sizes.length; i += 1)
      expect(sizes[i] as number).toBeGreaterThan(sizes[i - 1] as number);
  });
});
