/**
 * One benchmark run in this Node process: a model on a backend, on a CSV. Prints one JSON line
 * (a {@link BenchRow}) on stdout. Run by models.bench.ts in a child process per backend, so
 * memory and tfjs state do not leak from one run into the next.
 *   tsx tests/bench/node-models.ts --data adult.csv --model ctgan --backend wasm --epochs 3
 */
import { readFileSync } from 'node:fs';
import { startNodeBackend, type NodeBackend } from '../../src/cli/node-backend';
import { parseArgs } from '../../src/cli/args';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { prepare, Synthesis, type ModelKind, type SynthesisConfig } from '../../src/core/pipeline';
import { median, type BenchRow } from './bench-row';

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2), [
    'data',
    'model',
    'backend',
    'epochs',
    'sample',
    'batch',
  ]);
  const model = (a.one('model') ?? 'ctgan') as ModelKind;
  const backend = (a.one('backend') ?? 'wasm') as NodeBackend;
  const epochs = a.int('epochs', 3);
  const sampleRows = a.int('sample', 10_000);
  let peak = process.memoryUsage().rss;
  const poll = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  await startNodeBackend(backend);
  const { table } = readCsvText(readFileSync(a.one('data') as string, 'utf8'));
  const schema = inferSchema(table);
  // Both GAN/VAE models default to batches of 500, as the reference does; ARGN picks its own
  // batch from the row count unless --batch is given.
  const batchSize = a.int('batch', 500);
  const batch = { batchSize };
  const config: SynthesisConfig = {
    model,
    epochs,
    seed: 0,
    ctgan: batch,
    tvae: batch,
    ...(a.has('batch') ? { argn: batch } : {}),
  };
  const prepared = prepare(table, schema, config);
  const epochSeconds: number[] = [];
  const tensors: number[] = [];
  let stepsPerEpoch = 1;
  const rowsPerSecond: number[] = [];
  const run = Synthesis.train(prepared, config, { lossEvery: 1000 });
  let synthesis: Synthesis;
  for (;;) {
    const next = await run.next();
    if (next.done) {
      synthesis = next.value;
      break;
    }
    const r = next.value;
    stepsPerEpoch = r.stepsPerEpoch;
    if (r.epochEnd && r.lastEpochSeconds !== null) {
      epochSeconds.push(r.lastEpochSeconds);
      rowsPerSecond.push(r.rowsPerSecond);
      if (r.tensors !== null) tensors.push(r.tensors);
      process.stderr.write(
        `${model}/${backend}: epoch ${r.epoch}/${r.epochs} ${r.lastEpochSeconds.toFixed(2)} s\n`,
      );
    }
  }
  const sampleStart = performance.now();
  await synthesis.sampleRows(sampleRows, 1);
  const sampleSeconds = (performance.now() - sampleStart) / 1000;
  synthesis.dispose();
  clearInterval(poll);
  // The first epoch carries warm-up (kernel setup, XNNPACK packing); time the rest when we can.
  const timed = epochSeconds.length > 1 ? epochSeconds.slice(1) : epochSeconds;
  const perEpoch = median(timed);
  const row: BenchRow = {
    model,
    backend: `node-${backend}`,
    rows: prepared.table.rows,
    fitSeconds: prepared.fitSeconds,
    secondsPerEpoch: perEpoch,
    epochsTimed: timed.length,
    stepsPerEpoch,
    trainRowsPerSecond:
      model === 'copula' || model === 'cart'
        ? prepared.table.rows / perEpoch
        : model === 'argn'
          ? median(rowsPerSecond.length > 1 ? rowsPerSecond.slice(1) : rowsPerSecond)
          : (stepsPerEpoch * batchSize) / perEpoch,
    sampleRowsPerSecond: sampleRows / sampleSeconds,
    peakMemoryMB: peak / 1024 ** 2,
    tensorsAfterEpoch: tensors,
  };
  process.stdout.write(`BENCH ${JSON.stringify(row)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
