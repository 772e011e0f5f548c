/**
 * The wasm heap over a training run (`npm run bench:heap`): tfjs counts tensors, not the wasm
 * module's own memory, so heap can leak with a flat tensor count. This trains ARGN with 24
 * units per regressor block (the app's default is 16) on ../shared/data/adult.csv, where the
 * heap grew by 150-300 MB an epoch until "memory access out of bounds" while the predictor was
 * a dense `[H, V]` weight (fixed: README, "Known problems"), and prints the heap, tensors and
 * the backend's data buffers after each epoch; it exits non-zero when the heap keeps growing.
 * `-- --threads N` runs it on tfjs' threaded binary (src/cli/node-threads.ts).
 *
 * Needs ../shared (beside the project, not in a user's clone); skips cleanly without it.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { startNodeBackend } from '../../src/cli/node-backend';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { prepare, Synthesis, type SynthesisConfig } from '../../src/core/pipeline';

const root = resolve(import.meta.dirname, '..', '..');
const adult = join(root, '..', 'shared', 'data', 'adult.csv');

/** The wasm module's heap in MB. */
function heapMb(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return (backend.wasm?.HEAPU8?.length ?? 0) / 1e6;
}

async function main(): Promise<number> {
  if (!existsSync(adult)) {
    console.log(
      `heap bench skipped: ${adult} is not here (../shared sits beside the project only)`,
    );
    return 0;
  }
  const args = parseArgs(process.argv.slice(2), ['epochs', 'threads']);
  const epochs = args.int('epochs', 6);
  console.log(`backend: ${await startNodeBackend('wasm', args.int('threads', 1))}`);
  const { table } = readCsvText(readFileSync(adult, 'utf8'));
  const config: SynthesisConfig = {
    model: 'argn',
    epochs,
    seed: 1,
    argn: { regressorUnits: [24], validationShare: 0 },
  };
  const run = Synthesis.train(prepare(table, inferSchema(table), config), config);
  const heaps: number[] = [];
  for (;;) {
    const next = await run.next();
    if (next.done) {
      next.value.dispose();
      break;
    }
    if (!next.value.epochEnd) continue;
    heaps.push(heapMb());
    const t = tf.memory().numTensors;
    const ids = tf.engine().backend.numDataIds();
    console.log(
      `epoch ${next.value.epoch}: wasm heap ${heapMb().toFixed(0)} MB, ${t} tensors, ${ids} data buffers`,
    );
  }
  const first = heaps[0] ?? 0;
  const last = heaps[heaps.length - 1] ?? 0;
  // the heap may settle over the first epochs; a leak grows it every epoch
  const grew = last > 1.5 * first + 64;
  console.log(
    grew
      ? `heap grew from ${first.toFixed(0)} to ${last.toFixed(0)} MB: a leak outside the tensors`
      : `heap flat: ${first.toFixed(0)} MB after the first epoch, ${last.toFixed(0)} MB after the last`,
  );
  return grew ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
