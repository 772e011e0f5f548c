import * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { chooseByTrial, TRIAL_STEPS } from '../../src/core/models/backend-measure';
import { prepare, type SynthesisConfig } from '../../src/core/pipeline';
import { runTrials } from '../../src/worker/backend-trial';
import { fixtureText, SMALL_MODELS } from './fixtures';

const wasmPath = fileURLToPath(
  new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url),
);
const { table } = readCsvText(fixtureText('kinds.csv'));
const schema = inferSchema(table);
const config: SynthesisConfig = {
  model: 'tvae',
  epochs: 50,
  seed: 3,
  tvae: SMALL_MODELS.tvae,
};

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('the backend trial on real training steps', () => {
  it('times a few steps of the run’s model on each backend and frees every trial model', async () => {
    const prepared = prepare(table, schema, config);
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const trials = await runTrials(prepared, config, ['cpu', 'wasm'], null, wasmPath);
    expect(trials.map((t) => t.name)).toEqual(['cpu', 'wasm']);
    for (const t of trials) {
      expect(t.steps).toBe(TRIAL_STEPS);
      expect(t.secondsPerStep).toBeGreaterThan(0);
      expect(t.secondsPerStep).toBeLessThan(5);
    }
    // wasm runs on one thread in Node (tfjs turns its threads off there)
    expect(trials.find((t) => t.name === 'wasm')?.threads).toBe(1);
    expect(['cpu', 'wasm']).toContain(chooseByTrial(trials).name);
    expect(tf.memory().numTensors).toBe(0);
    await tf.setBackend('cpu');
    expect(tf.memory().numTensors).toBe(before);
  });
});
