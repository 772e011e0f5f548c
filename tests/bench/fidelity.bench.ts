/**
 * Fidelity on several tables: every model trained in Node (wasm backend) on adult and on three
 * simulated tables of other shapes (fidelity-tables.ts), each synthetic table scored by the
 * independent judge against its real holdout, and the holdout itself scored as if it were
 * synthetic (the ceiling row; its F1 is the real-on-real TRTR). Needs ../shared (beside the
 * project, not in a user's clone) and Debian's python3 with pandas, scipy and scikit-learn;
 * skips cleanly without. Writes tests/bench/out/fidelity.md (one markdown table) and .json.
 *   npx tsx tests/bench/fidelity.bench.ts [--tables adult,continuous,clinical,wide]
 *       [--models argn,cart,ctgan,tvae,copula] [--epochs 3] [--rows 5000] [--seed 0]
 *       [--argn-fine 10] (most positions within an ARGN bin; 0 turns them off)
 *       [--argn-ordinal 1] (0: ARGN's number embeddings start at random)
 *       [--tag X] (writes <table>-<model>-X.csv and fidelity-X.md, for runs side by side)
 *       [--argn-dropout 0.25] [--argn-units 16 | 16,16] [--argn-batch N] (ARGN's network and batch)
 *       [--cart-bins N] [--cart-min-leaf N] (the trees' split bins and fewest rows per leaf)
 *       [--cart-evidence N] (the trees' least evidence for a split; 0: split on any gain)
 * Defaults keep the run modest: 3 epochs for the trained models (ARGN stops earlier on its
 * own), 5,000 synthetic rows per table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { startNodeBackend } from '../../src/cli/node-backend';
import { readCsvText } from '../../src/core/data/csv-reader';
import { writeCsv } from '../../src/core/data/csv-writer';
import { inferSchema } from '../../src/core/data/schema-inference';
import { prepare, Synthesis, type ModelKind, type SynthesisConfig } from '../../src/core/pipeline';
import { Rng } from '../../src/core/rng';
import { adultSplit } from './adult-split';
import { SIMULATED } from './fidelity-tables';

const root = resolve(import.meta.dirname, '..', '..');
const shared = resolve(root, '..', 'shared');
const adult = join(shared, 'data', 'adult.csv');
const judge = join(shared, 'judge', 'score.py');
const python = '/usr/bin/python3';
const out = join(root, 'tests', 'bench', 'out');

interface BenchTable {
  name: string;
  target: string;
  shape: string;
  train: string;
  holdout: string;
}

interface Judged {
  detectionAuc: number;
  f1: number;
  trtrF1: number;
  quality: number;
  closerToTrain: number;
  exactCopies: number;
}

interface Result extends Judged {
  table: string;
  generator: string;
  trainSeconds: number | null;
}

function skip(why: string): never {
  console.log(`fidelity bench skipped: ${why}`);
  process.exit(0);
}

/** The simulated table as train and holdout CSVs (80/20, seeded), written once. */
function simulatedTable(name: string): BenchTable {
  const make = SIMULATED[name];
  if (!make) throw new Error(`No table "${name}" (adult, ${Object.keys(SIMULATED).join(', ')}).`);
  const t = make();
  const train = join(out, `${name}-train.csv`);
  const holdout = join(out, `${name}-holdout.csv`);
  const perm = new Rng(7).permutation(t.rows.length);
  const cut = Math.round(0.8 * t.rows.length);
  const part = (from: number, to: number) =>
    Array.from(perm.subarray(from, to))
      .sort((a, b) => a - b)
      .map((i) => t.rows[i] as string[]);
  writeFileSync(train, writeCsv(t.header, part(0, cut)));
  writeFileSync(holdout, writeCsv(t.header, part(cut, t.rows.length)));
  return { name, target: t.target, shape: t.shape, train, holdout };
}

function benchTable(name: string): BenchTable {
  if (name !== 'adult') return simulatedTable(name);
  const { train, holdout } = adultSplit(adult, out, python);
  return {
    name,
    target: 'income',
    shape: '32,561 rows, 15 columns (adult census)',
    train,
    holdout,
  };
}

function score(table: BenchTable, synthetic: string): Judged {
  const json = execFileSync(
    python,
    [judge, table.train, synthetic, '--holdout', table.holdout, '--target', table.target, '--json'],
    { maxBuffer: 64 * 1024 * 1024 },
  ).toString();
  const r = JSON.parse(json) as {
    quality: { overall: number };
    utility: {
      models: Record<string, { TSTR?: { macro_f1: number }; TRTR?: { macro_f1: number } }>;
    };
    detection?: { models?: Record<string, { auc?: number }> };
    validity: { exact_copy_share: number };
    privacy: { closer_to_train_share?: number };
  };
  const gb = r.utility.models.gradient_boosting;
  return {
    detectionAuc: r.detection?.models?.gradient_boosting?.auc ?? Number.NaN,
    f1: gb?.TSTR?.macro_f1 ?? Number.NaN,
    trtrF1: gb?.TRTR?.macro_f1 ?? Number.NaN,
    quality: r.quality.overall,
    closerToTrain: r.privacy.closer_to_train_share ?? Number.NaN,
    exactCopies: r.validity.exact_copy_share,
  };
}

async function synthesize(
  table: BenchTable,
  model: ModelKind,
  epochs: number,
  rows: number,
  seed: number,
  extra: Partial<SynthesisConfig>,
  tag: string,
): Promise<{ file: string; seconds: number }> {
  const { table: raw } = readCsvText(readFileSync(table.train, 'utf8'));
  const config: SynthesisConfig = { model, epochs, seed, ...extra };
  const started = performance.now();
  const run = Synthesis.train(prepare(raw, inferSchema(raw), config), config, { lossEvery: 1000 });
  let next = await run.next();
  while (!next.done) next = await run.next();
  const seconds = (performance.now() - started) / 1000;
  const synthesis = next.value;
  const sampled = await synthesis.sampleRows(rows, seed + 1);
  synthesis.dispose();
  const file = join(out, `${table.name}-${model}${tag}.csv`);
  writeFileSync(file, writeCsv(sampled.names, sampled.rows));
  return { file, seconds };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');

/** One markdown table: per table, the ceiling row then each model. */
function markdown(results: Result[], tables: BenchTable[], note: string): string {
  const lines = [
    '| table | generator | detection AUC (GB, 0.5 ideal) | TSTR macro F1 (GB) | quality | closer-to-train (0.5 ideal) | exact copies | training s |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const ceiling = r.generator === 'real holdout (ceiling)';
    lines.push(
      `| ${r.table} | ${r.generator} | ${f3(r.detectionAuc)} | ${f3(ceiling ? r.trtrF1 : r.f1)} | ${f3(r.quality)} | ${ceiling ? '-' : f3(r.closerToTrain)} | ${ceiling ? '-' : f3(r.exactCopies)} | ${r.trainSeconds === null ? '-' : r.trainSeconds.toFixed(1)} |`,
    );
  }
  const shapes = tables.map((t) => `${t.name}: ${t.shape}, target ${t.target}`).join('; ');
  return `${lines.join('\n')}\n\n${shapes}. ${note}\n`;
}

async function main(): Promise<void> {
  if (!existsSync(adult) || !existsSync(judge))
    skip("../shared is not beside the project (it is only on the developers' machines and in CI).");
  if (!existsSync(python)) skip(`${python} is missing (python3 with pandas, scipy, sklearn).`);
  const a = parseArgs(process.argv.slice(2), [
    'tables',
    'models',
    'epochs',
    'rows',
    'seed',
    'argn-fine',
    'argn-ordinal',
    'argn-dropout',
    'argn-units',
    'argn-batch',
    'cart-bins',
    'cart-min-leaf',
    'cart-evidence',
    'tag',
  ]);
  // --tag X writes <table>-<model>-X.csv and fidelity-X.md/.json, so runs can go side by side
  const tag = a.has('tag') ? `-${a.one('tag') ?? ''}` : '';
  const tableNames = (a.one('tables') ?? 'adult,continuous,clinical,wide').split(',');
  const models = (a.one('models') ?? 'argn,cart,ctgan,tvae,copula').split(',') as ModelKind[];
  const epochs = a.int('epochs', 3);
  const rows = a.int('rows', 5000);
  const seed = a.int('seed', 0);
  // --argn-fine 0 measures ARGN without positions within bins (draws uniformly in the bin)
  // --argn-ordinal 0 starts number embeddings at random, as before
  const argn = {
    ...(a.has('argn-fine') ? { finePositions: a.int('argn-fine', 10) } : {}),
    ...(a.has('argn-ordinal') ? { ordinal: a.int('argn-ordinal', 1) === 1 } : {}),
    ...(a.has('argn-dropout') ? { dropout: Number(a.one('argn-dropout')) } : {}),
    ...(a.has('argn-units')
      ? { regressorUnits: (a.one('argn-units') ?? '16').split(',').map(Number) }
      : {}),
    ...(a.has('argn-batch') ? { batchSize: a.int('argn-batch', 256) } : {}),
  };
  const cart = {
    ...(a.has('cart-bins') ? { maxBins: a.int('cart-bins', 32) } : {}),
    ...(a.has('cart-min-leaf') ? { minLeaf: a.int('cart-min-leaf', 20) } : {}),
    ...(a.has('cart-evidence') ? { splitEvidence: a.int('cart-evidence', 8) } : {}),
  };
  const extra: Partial<SynthesisConfig> = { argn, cart };
  mkdirSync(out, { recursive: true });
  await startNodeBackend('wasm');
  const tables = tableNames.map(benchTable);
  const results: Result[] = [];
  const save = () => {
    const note = `Node, wasm backend, ${epochs} epochs (ARGN may stop earlier), ${rows} synthetic rows, seed ${seed}.`;
    writeFileSync(join(out, `fidelity${tag}.md`), markdown(results, tables, note));
    writeFileSync(join(out, `fidelity${tag}.json`), JSON.stringify(results, null, 2));
  };
  for (const table of tables) {
    const ceiling = score(table, table.holdout);
    results.push({
      table: table.name,
      generator: 'real holdout (ceiling)',
      trainSeconds: null,
      ...ceiling,
    });
    console.log(JSON.stringify(results[results.length - 1]));
    for (const model of models) {
      const { file, seconds } = await synthesize(table, model, epochs, rows, seed, extra, tag);
      results.push({
        table: table.name,
        generator: model,
        trainSeconds: seconds,
        ...score(table, file),
      });
      console.log(JSON.stringify(results[results.length - 1]));
      save();
    }
  }
  save();
  console.log(readFileSync(join(out, `fidelity${tag}.md`), 'utf8'));
}

void main();
