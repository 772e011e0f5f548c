/**
 * No behaviour change across refactors: for every model, the same data, settings and seed give
 * the very table recorded in tests/fixtures/golden/ (cpu backend), and model files written in
 * an earlier format still load and sample the rows they sampled when they were written.
 *
 * To record again after an intended change: FACSIMILE_RECORD_GOLDEN=1 npx vitest run tests/unit/golden.test.ts
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { parseModel, serializeModel } from '../../src/core/io/model-file';
import { prepare, Synthesis, type SynthesisConfig } from '../../src/core/pipeline';
import { fixtureText, SMALL_MODELS } from './fixtures';

const RECORD = process.env.FACSIMILE_RECORD_GOLDEN === '1';
const golden = (name: string) =>
  fileURLToPath(new URL(`../fixtures/golden/${name}`, import.meta.url));

const { table } = readCsvText(fixtureText('kinds.csv'));
const schema = inferSchema(table);
const MODELS = ['copula', 'ctgan', 'tvae', 'argn', 'cart'] as const;

async function train(config: SynthesisConfig): Promise<Synthesis> {
  const run = Synthesis.train(prepare(table, schema, config), config);
  let next = await run.next();
  while (!next.done) next = await run.next();
  return next.value;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the same seed gives the table recorded before the redesign', () => {
  it.each(MODELS)('%s', async (model) => {
    const config: SynthesisConfig = { model, epochs: 2, seed: 21, ...SMALL_MODELS };
    const synthesis = await train(config);
    const { names, rows } = await synthesis.sampleRows(25, 4);
    const path = golden(`${model}-rows.json`);
    if (RECORD) {
      writeFileSync(path, JSON.stringify({ names, rows }, null, 1) + '\n');
      if (model !== 'cart') {
        writeFileSync(golden(`${model}-model-v1.json`), serializeModel(await synthesis.toFile()));
        const again = await synthesis.sampleRows(15, 9);
        writeFileSync(golden(`${model}-model-v1-rows.json`), JSON.stringify(again.rows) + '\n');
      }
    }
    const recorded = JSON.parse(readFileSync(path, 'utf8')) as {
      names: string[];
      rows: string[][];
    };
    expect(names).toEqual(recorded.names);
    expect(rows).toEqual(recorded.rows);
    synthesis.dispose();
  });
});

describe('model files written by the first file format load and sample as they did', () => {
  it.each(MODELS.filter((m) => m !== 'cart'))('%s', async (model) => {
    const file = golden(`${model}-model-v1.json`);
    expect(existsSync(file)).toBe(true);
    const loaded = await Synthesis.fromFile(parseModel(readFileSync(file, 'utf8')));
    const rows = JSON.parse(
      readFileSync(golden(`${model}-model-v1-rows.json`), 'utf8'),
    ) as string[][];
    expect((await loaded.sampleRows(15, 9)).rows).toEqual(rows);
    loaded.dispose();
  });
});
