/**
 * No model fails on a legal table: numbers of extreme magnitude, tables whose every column is
 * constant, a table of two rows, a table of one column. Each trains with every model and its
 * rows come back in the input's columns, finite and in range.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { parseModel, serializeModel } from '../../src/core/io/model-file';
import { MODEL_KINDS, MODEL_REGISTRY } from '../../src/core/models/registry';
import { prepare, Synthesis, type SynthesisConfig } from '../../src/core/pipeline';
import { fixtureText, SMALL_MODELS } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

async function synthesize(file: string, model: (typeof MODEL_KINDS)[number], rows = 20) {
  const { table } = readCsvText(fixtureText(`degenerate/${file}`));
  const config: SynthesisConfig = {
    model,
    epochs: 2,
    seed: 5,
    ...SMALL_MODELS,
    // a model only under differential privacy gets a generous budget: the table, not the noise, is tested
    ...(MODEL_REGISTRY[model].differentialPrivacy && !MODEL_REGISTRY[model].privacyOptional
      ? { privacy: { epsilon: 1000, delta: 1e-3 } }
      : {}),
  };
  const run = Synthesis.train(prepare(table, inferSchema(table), config), config);
  let next = await run.next();
  while (!next.done) next = await run.next();
  const synthesis = next.value;
  return { table, synthesis, out: await synthesis.sampleRows(rows, 3) };
}

describe('tables that load but used to break training', () => {
  it.each(MODEL_KINDS)(
    '%s: numbers from 1e-300 to 1e300 train and come back finite, in their magnitude',
    async (model) => {
      const { synthesis, out } = await synthesize('huge.csv', model);
      const col = (name: string) => out.rows.map((r) => Number(r[out.names.indexOf(name)]));
      expect(out.rows).toHaveLength(20);
      // under differential privacy a range no one stated as public is read on a grid that does
      // not depend on the data, so extreme values are clipped to it: finite, not their magnitude
      const dp = MODEL_REGISTRY[model].differentialPrivacy === true;
      for (const v of col('huge')) {
        expect(Number.isFinite(v)).toBe(true);
        if (dp) continue;
        expect(v).toBeGreaterThan(1e297);
        expect(v).toBeLessThan(1e301);
      }
      for (const v of col('mid')) expect(v).toBeGreaterThan(0);
      // written as the input writes them (exponent notation, six digits), never as zeros
      const written = (name: string) => out.rows.map((r) => r[out.names.indexOf(name)] as string);
      for (const text of [...written('tiny'), ...written('huge')])
        expect(text).toMatch(/^\d\.\d{6}e[+-]\d+$/);
      if (!dp) for (const v of col('tiny')) expect(v).toBeGreaterThan(0);
      synthesis.dispose();
    },
  );

  it.each(MODEL_KINDS)(
    '%s: a table of constants gives its constants back (and saves and loads where the model saves)',
    async (model) => {
      const { synthesis, out } = await synthesize('constants.csv', model, 5);
      expect(out.names).toEqual(['a', 'b', 'c']);
      expect(out.rows).toEqual(Array.from({ length: 5 }, () => ['1', 'x', '2.5']));
      if (MODEL_REGISTRY[model].unsavable === null) {
        const loaded = await Synthesis.fromFile(
          parseModel(serializeModel(await synthesis.toFile())),
        );
        expect((await loaded.sampleRows(2, 1)).rows).toEqual([
          ['1', 'x', '2.5'],
          ['1', 'x', '2.5'],
        ]);
      }
      synthesis.dispose();
    },
  );

  it.each(MODEL_KINDS)('%s: a table of two rows trains and generates', async (model) => {
    const { synthesis, out } = await synthesize('two.csv', model, 10);
    expect(out.rows).toHaveLength(10);
    for (const r of out.rows) expect(r).toHaveLength(3);
    synthesis.dispose();
  });

  it.each(MODEL_KINDS)('%s: a single column (a list of amounts) trains', async (model) => {
    const { table, synthesis, out } = await synthesize('single.csv', model, 30);
    expect(table.names).toEqual(['amount']);
    const values = out.rows.map((r) => Number(r[0]));
    expect(values.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    synthesis.dispose();
  });
});
