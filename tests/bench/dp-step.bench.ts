/**
 * What a DP-SGD step costs ARGN on adult (wasm backend, as the CLI trains): a plain ARGN step
 * at batch 1024, the DP step at an expected batch of 1024 (per-row norms from each layer's
 * inputs and output gradients, no loop over rows), and the per-row loop it replaces (tfjs'
 * gradient of each row on its own, timed on 32 rows and scaled to 1024).
 *   npx tsx tests/bench/dp-step.bench.ts [-- --steps N]
 * Needs ../shared (adult); skips cleanly without.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { createArgn } from '../../src/core/models/argn/argn';
import {
  crossEntropy,
  forward,
  multiHot,
  permutationMask,
} from '../../src/core/models/argn/argn-net';
import { createDpArgn } from '../../src/core/models/argn/dp-argn';
import { startNodeBackend } from '../../src/cli/node-backend';
import { prepare, type SynthesisConfig } from '../../src/core/pipeline';

const root = resolve(import.meta.dirname, '..', '..');
const adult = join(root, '..', 'shared', 'data', 'adult.csv');

async function timed(steps: number, step: () => Promise<unknown>): Promise<number> {
  await step();
  const started = performance.now();
  for (let i = 0; i < steps; i += 1) await step();
  return (performance.now() - started) / steps / 1000;
}

async function main(): Promise<void> {
  if (!existsSync(adult)) {
    console.log('dp-step bench skipped: ../shared is not beside the project.');
    return;
  }
  const steps = parseArgs(process.argv.slice(2), ['steps']).int('steps', 10);
  await startNodeBackend('wasm');
  const { table: raw } = readCsvText(readFileSync(adult, 'utf8'));
  const privacy = { epsilon: 4, delta: 1e-5 };
  const config: SynthesisConfig = { model: 'argn', epochs: 20, seed: 1, privacy };
  const table = prepare(raw, inferSchema(raw), config).trainingTable;
  const dp = createDpArgn(table, privacy, 20, 1);
  const plain = createArgn({
    table,
    seed: 1,
    config: { batchSize: 1024, validationShare: 0, dropout: 0 },
  });
  const plainStep = await timed(steps, () => plain.trainStep(false));
  const dpStep = await timed(steps, () => dp.trainStep(false));
  // the loop DP-SGD avoids: one gradient per row
  const D = dp.shape.embWidths.reduce((a, b) => a + b, 0);
  const rank = dp.shape.cards.map((_, i) => i);
  const rows = 32;
  const perRow = await timed(1, async () => {
    tf.tidy(() => {
      const values = permutationMask(dp.shape, rank);
      const mask = tf.tensor2d(values, [D, values.length / D]);
      const tokens = tf.tensor2d(
        Int32Array.from({ length: rows * dp.shape.cards.length }, () => 0),
        [rows, dp.shape.cards.length],
        'int32',
      );
      const x = multiHot(tokens, dp.constants, dp.vocabulary);
      for (let i = 0; i < rows; i += 1) {
        const row = tf.slice(x, [i, 0], [1, -1]);
        const { grads } = tf.variableGrads(() =>
          crossEntropy(forward(dp.params, dp.constants, row, mask, null), row, dp.constants),
        );
        tf.dispose(Object.values(grads));
      }
    });
  });
  console.log('| step (adult, wasm) | seconds per step |');
  console.log('| --- | --- |');
  console.log(`| plain ARGN, batch 1024 | ${plainStep.toFixed(3)} |`);
  console.log(
    `| DP-SGD, expected batch ${Math.round(dp.plan.expectedBatch)} (no loop over rows) | ${dpStep.toFixed(3)} |`,
  );
  console.log(
    `| per-row gradient loop, 1024 rows (from 32) | ${((perRow * 1024) / rows).toFixed(3)} |`,
  );
  plain.dispose();
  dp.dispose();
}

void main();
