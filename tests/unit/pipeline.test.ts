import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { parseModel, serializeModel } from '../../src/core/io/model-file';
import { prepare, Synthesis, type SynthesisConfig } from '../../src/core/pipeline';
import { fixtureText, SMALL_MODELS } from './fixtures';

const text = fixtureText('kinds.csv');
const { table } = readCsvText(text);
const schema = inferSchema(table);

const SMALL = SMALL_MODELS;

async function trainAndSample(
  config: SynthesisConfig,
  rows = 50,
): Promise<{ synthesis: Synthesis; out: string[][] }> {
  const prepared = prepare(table, schema, config);
  const run = Synthesis.train(prepared, config);
  let next = await run.next();
  while (!next.done) next = await run.next();
  const synthesis = next.value;
  const { rows: out } = await synthesis.sampleRows(rows, 7);
  return { synthesis, out };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the pipeline from a table to synthetic rows', () => {
  it.each(['copula', 'ctgan', 'tvae', 'argn', 'cart'] as const)(
    '%s writes rows in the input column order and formats',
    async (model) => {
      const config: SynthesisConfig = { model, epochs: 2, seed: 3, ...SMALL };
      const { synthesis, out } = await trainAndSample(config);
      const names = (await synthesis.sampleRows(1, 1)).names;
      expect(names).toEqual(table.names);
      expect(out).toHaveLength(50);
      const col = (n: string) => out.map((r) => r[names.indexOf(n)] as string);
      expect(col('member').every((v) => v === 'yes' || v === 'no')).toBe(true);
      expect(col('signup').every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))).toBe(true);
      expect(col('last_visit').every((v) => /^\d{2}\/\d{2}\/\d{4}$/.test(v))).toBe(true);
      expect(col('income').every((v) => /^-?\d+\.\d{2}$/.test(v))).toBe(true);
      expect(col('country').every((v) => v === 'NL')).toBe(true);
      expect(new Set(col('customer_code')).size).toBe(50);
      synthesis.dispose();
    },
  );

  it.each(['copula', 'ctgan', 'tvae', 'argn', 'cart'] as const)(
    '%s: the same seed on the cpu backend gives the same table',
    async (model) => {
      const config: SynthesisConfig = { model, epochs: 2, seed: 11, ...SMALL };
      const a = await trainAndSample(config);
      const b = await trainAndSample(config);
      expect(b.out).toEqual(a.out);
      const c = await trainAndSample({ ...config, seed: 12 });
      // The trees fit deterministically (no draw in the fit): only the sampling seed matters.
      if (model === 'cart') expect(c.out).toEqual(a.out);
      else expect(c.out).not.toEqual(a.out);
      a.synthesis.dispose();
      b.synthesis.dispose();
      c.synthesis.dispose();
    },
  );

  it.each(['copula', 'ctgan', 'tvae', 'argn'] as const)(
    '%s: a saved model loads back and samples the same rows',
    async (model) => {
      const config: SynthesisConfig = { model, epochs: 1, seed: 5, ...SMALL };
      const { synthesis } = await trainAndSample(config);
      const file = serializeModel(await synthesis.toFile());
      const loaded = await Synthesis.fromFile(parseModel(file));
      expect((await loaded.sampleRows(30, 9)).rows).toEqual(
        (await synthesis.sampleRows(30, 9)).rows,
      );
      synthesis.dispose();
      loaded.dispose();
    },
  );

  it.each(['copula', 'ctgan', 'tvae', 'argn'] as const)(
    '%s: a model file holds no training rows',
    async (model) => {
      const config: SynthesisConfig = { model, epochs: 1, seed: 5, ...SMALL };
      const { synthesis } = await trainAndSample(config);
      const file = serializeModel(await synthesis.toFile());
      const rows = text.trim().split('\n').slice(1);
      const cells = (i: number) => rows.map((r) => r.match(/("[^"]*"|[^,]+)/g)?.[i] ?? '');
      // Identifiers and free text never reach the file; nor does any whole row.
      for (const id of cells(1)) expect(file).not.toContain(id);
      for (const comment of cells(8))
        expect(file).not.toContain(comment.replace(/"/g, '').slice(0, 30));
      for (const row of rows) expect(file).not.toContain(row);
      synthesis.dispose();
    },
  );

  it('refuses to save the tree model, which keeps training rows, in plain words', async () => {
    const { synthesis } = await trainAndSample({ model: 'cart', epochs: 1, seed: 2 });
    await expect(synthesis.toFile()).rejects.toThrow(/keeps training rows.*cannot be saved/);
  });

  it('argn reports validation loss at epoch ends and stops within its epoch budget', async () => {
    const config: SynthesisConfig = { model: 'argn', epochs: 3, seed: 4, ...SMALL };
    const run = Synthesis.train(prepare(table, schema, config), config);
    const ends = [];
    let next = await run.next();
    while (!next.done) {
      if (next.value.epochEnd) ends.push(next.value);
      next = await run.next();
    }
    expect(ends.length).toBeGreaterThan(0);
    expect(ends.length).toBeLessThanOrEqual(3);
    expect(ends.every((r) => typeof r.validationLoss === 'number' && r.validationLoss > 0)).toBe(
      true,
    );
    next.value.dispose();
  });

  it('argn and the copula generate rows that meet a condition, in the count asked for', async () => {
    for (const model of ['argn', 'copula'] as const) {
      const config: SynthesisConfig = { model, epochs: 2, seed: 6, ...SMALL };
      const { synthesis } = await trainAndSample(config);
      const { names, rows } = await synthesis.sampleRows(40, 3, undefined, {
        conditions: [{ column: 'member', value: 'no' }],
      });
      expect(rows).toHaveLength(40);
      expect(rows.every((r) => r[names.indexOf('member')] === 'no')).toBe(true);
      synthesis.dispose();
    }
  });

  it('refuses a file that is not a model, in plain words', () => {
    expect(() => parseModel('{"hello": 1}')).toThrow(/not a Facsimile model/);
    expect(() => parseModel('not json')).toThrow(/not valid JSON/);
  });
});
