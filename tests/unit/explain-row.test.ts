import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelColumn, ModelTable } from '../../src/core/data/model-table';
import { cardinality, tokenOf } from '../../src/core/data/discretizer';
import { createArgn } from '../../src/core/models/argn/argn';
import { argnAnatomy, explainArgnRow, isArgnNet } from '../../src/core/models/argn/argn-explain';
import { cartAnatomy, explainCartRow } from '../../src/core/models/cart/cart-explain';
import { leafOf } from '../../src/core/models/cart/cart-tree';
import {
  fitSequentialTrees,
  sampleSequentialTrees,
} from '../../src/core/models/cart/sequential-trees';
import { Rng } from '../../src/core/rng';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { prepare, Synthesis, type SynthesisConfig } from '../../src/core/pipeline';
import { trainLoop } from '../../src/core/train/train-loop';

/** 200 rows: a kind, a size that follows it, and a wide numeric column that gets binned. */
function table(rows = 200): ModelTable {
  const rng = new Rng(11);
  const kind = new Int32Array(rows);
  const size = new Float64Array(rows);
  const wide = new Float64Array(rows);
  for (let r = 0; r < rows; r += 1) {
    const k = rng.int(3);
    kind[r] = k;
    size[r] = 10 * k + rng.int(3);
    wide[r] = r % 17 === 0 ? NaN : Math.round(1000 * k + 300 * rng.normal());
  }
  return {
    rows,
    columns: [
      { type: 'discrete', name: 'kind', codes: kind, levels: ['a', 'b', 'c'] },
      { type: 'numeric', name: 'size', values: size, integer: true },
      { type: 'numeric', name: 'wide', values: wide, integer: true },
    ],
  };
}

/** Element i of xs, or a failed test when it is missing. */
function at<T>(xs: ArrayLike<T>, i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`nothing at ${i}`);
  return x;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('ARGN row explanation', () => {
  it('shows real shares per column and draws the token sampleTable draws', async () => {
    const t = table();
    const argn = createArgn({ table: t, seed: 3, config: { batchSize: 32 } });
    for await (const report of trainLoop(argn, { epochs: 2 })) void report;
    expect(isArgnNet(argn)).toBe(true);
    if (!isArgnNet(argn)) return;
    const anatomy = argnAnatomy(argn);
    expect(anatomy.columns.map((c) => c.tokenKind)).toEqual(['categories', 'values', 'bins']);
    anatomy.columns.forEach((c, j) =>
      expect(c.tokens).toBe(cardinality(at(argn.discretizer.columns, j))),
    );
    expect(at(anatomy.columns, 2).missingToken).toBe(true);
    expect(anatomy.parameters).toBeGreaterThan(anatomy.vocabulary);

    const before = tf.memory().numTensors;
    await explainArgnRow(argn, 9);
    expect(tf.memory().numTensors).toBe(before);
    for (const seed of [1, 2, 3, 4, 5]) {
      const explained = await explainArgnRow(argn, seed);
      expect(explained.steps.map((s) => s.column)).toEqual(['kind', 'size', 'wide']);
      const sampled = await argn.sampleTable(1, seed);
      explained.steps.forEach((step, j) => {
        const sum = step.top.reduce((a, s) => a + s.probability, 0);
        expect(sum).toBeLessThanOrEqual(1 + 1e-5);
        expect(step.top.length).toBeLessThanOrEqual(5);
        for (let i = 1; i < step.top.length; i += 1)
          expect(at(step.top, i).probability).toBeLessThanOrEqual(at(step.top, i - 1).probability);
        expect(step.drawn.probability).toBeGreaterThan(0);
        // the token the model's own sampling wrote in this column, with the same seed
        const column = sampled.columns[j] as ModelColumn;
        const cell =
          column.type === 'discrete'
            ? at(column.levels, at(column.codes, 0))
            : Number.isNaN(at(column.values, 0))
              ? null
              : at(column.values, 0);
        expect(step.drawn.token).toBe(tokenOf(at(argn.discretizer.columns, j), cell));
        expect(step.value).toBe(
          cell === null
            ? '(missing)'
            : typeof cell === 'string'
              ? cell
              : String(Number(cell.toPrecision(6))),
        );
      });
      // same seed, same row
      expect(await explainArgnRow(argn, seed)).toEqual(explained);
    }
    argn.dispose();
  });
});

describe('tree row explanation', () => {
  it('walks each tree to the leaf leafOf gives and writes the sampled row', () => {
    const t = table(300);
    const model = fitSequentialTrees(t, { minLeaf: 10 }, new Rng(1));
    const anatomy = cartAnatomy(model);
    expect(at(anatomy.columns, 0).depth).toBe(0);
    expect(at(anatomy.columns, 1).predictors[0]?.name).toBe('kind');
    anatomy.columns.forEach((c) => expect(c.smallestLeaf).toBeGreaterThanOrEqual(10));
    expect(anatomy.protections.minLeaf).toBe(10);

    for (const seed of [7, 8, 9]) {
      const explained = explainCartRow(model, seed);
      const sampled = sampleSequentialTrees(model, 1, new Rng(seed));
      const row = sampled.columns.map((c) =>
        c.type === 'numeric' ? at(c.values, 0) : at(c.codes, 0),
      );
      explained.steps.forEach((step, j) => {
        const first = at(step.paths, 0);
        expect(first.leaf).toBe(leafOf(at(model.steps, j).tree, (f) => at(row, f)));
        expect(first.leafSize).toBe(at(model.steps, j).tree.size[first.leaf]);
        const c = at(sampled.columns, j);
        const written =
          c.type === 'discrete'
            ? at(c.levels, at(c.codes, 0))
            : Number.isNaN(at(c.values, 0))
              ? '(missing)'
              : String(Number(at(c.values, 0).toPrecision(6)));
        expect(step.value).toBe(written);
      });
      expect(at(at(explained.steps, 0).paths, 0).conditions).toEqual([]);
      expect(at(at(explained.steps, 1).paths, 0).conditions[0]).toMatch(/^kind in \{/);
      expect(explainCartRow(model, seed)).toEqual(explained);
    }
  });
});

describe('explaining through the pipeline', () => {
  /** 160 rows of text: a kind, a size that follows it, a price with two decimals. */
  function csv(): string {
    const rng = new Rng(4);
    const lines = ['kind,size,price'];
    for (let r = 0; r < 160; r += 1) {
      const k = rng.int(3);
      lines.push(`${'abc'[k]},${10 * k + rng.int(4)},${(5 + 3 * k + rng.uniform()).toFixed(2)}`);
    }
    return lines.join('\n');
  }

  async function train(config: SynthesisConfig): Promise<Synthesis> {
    const raw = readCsvText(csv()).table;
    const run = Synthesis.train(prepare(raw, inferSchema(raw), config), config);
    let next = await run.next();
    while (!next.done) next = await run.next();
    return next.value;
  }

  it('writes the same row as a plain one-row draw, in the file format', async () => {
    const synthesis = await train({ model: 'cart', epochs: 1, seed: 2 });
    const anatomy = synthesis.fittedAnatomy();
    expect(anatomy?.kind).toBe('cart');
    for (const seed of [1, 2]) {
      const explained = await synthesis.explainRow(seed);
      const plain = await synthesis.sampleRows(1, seed);
      expect(explained.written.names).toEqual(plain.names);
      expect(explained.written.row).toEqual(at(plain.rows, 0));
      expect(explained.steps.map((s) => s.column)).toEqual(['kind', 'size', 'price']);
    }
  });

  it('says plainly that the copula writes a row in one go', async () => {
    const synthesis = await train({ model: 'copula', epochs: 1, seed: 2 });
    expect(synthesis.fittedAnatomy()).toBeNull();
    await expect(synthesis.explainRow(1)).rejects.toThrow(/one column at a time/);
  });
});
