/**
 * The sequential-tree (CART) synthesizer on adult: fit and sample timing in Node, then the
 * independent judge on 20,000 synthetic rows against the reference split. Needs ../shared
 * (beside the project, not in a user's clone) and Debian's python3 with pandas, scipy and
 * scikit-learn; skips cleanly without.
 *   npx tsx tests/bench/cart.bench.ts [--rows 20000] [--seed 0] [--min-leaf 20]
 *       [--smoothing 1] [--forbid-copies 1] [--scale 100] (smoothing scale, in percent)
 *       [--config '{"complexity":1e-4}'] (any other CartConfig field, as JSON)
 * Writes tests/bench/out/adult-cart.csv and tests/bench/out/cart.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { readCsvText } from '../../src/core/data/csv-reader';
import { writeCsv } from '../../src/core/data/csv-writer';
import { inferSchema } from '../../src/core/data/schema-inference';
import { fitCodec, fromModelTable, toModelTable } from '../../src/core/data/table-codec';
import {
  type CartConfig,
  fitSequentialTrees,
  sampleSequentialTrees,
} from '../../src/core/models/cart/sequential-trees';
import { Rng } from '../../src/core/rng';
import { adultSplit } from './adult-split';

const root = resolve(import.meta.dirname, '..', '..');
const shared = resolve(root, '..', 'shared');
const adult = join(shared, 'data', 'adult.csv');
const judge = join(shared, 'judge', 'score.py');
const python = '/usr/bin/python3';
const out = join(root, 'tests', 'bench', 'out');

function skip(why: string): never {
  console.log(`cart bench skipped: ${why}`);
  process.exit(0);
}

const split = () => adultSplit(adult, out, python);

interface Judged {
  quality: number;
  associationGap: number;
  f1: number;
  detectionAuc: number;
  exactCopies: number;
  closerToTrain: number;
}

function score(train: string, synthetic: string, holdout: string): Judged {
  const json = execFileSync(
    python,
    [judge, train, synthetic, '--holdout', holdout, '--target', 'income', '--json'],
    { maxBuffer: 64 * 1024 * 1024 },
  ).toString();
  const r = JSON.parse(json) as {
    quality: { overall: number; trend_association_gap: number };
    utility: { models: Record<string, { TSTR?: { macro_f1: number } }> };
    detection?: { models?: Record<string, { auc?: number }> };
    validity: { exact_copy_share: number };
    privacy: { closer_to_train_share: number };
  };
  return {
    quality: r.quality.overall,
    associationGap: r.quality.trend_association_gap,
    f1: r.utility.models.gradient_boosting?.TSTR?.macro_f1 ?? Number.NaN,
    detectionAuc: r.detection?.models?.gradient_boosting?.auc ?? Number.NaN,
    exactCopies: r.validity.exact_copy_share,
    closerToTrain: r.privacy.closer_to_train_share,
  };
}

function main(): void {
  if (!existsSync(adult) || !existsSync(judge))
    skip("../shared is not beside the project (it is only on the developers' machines and in CI).");
  if (!existsSync(python)) skip(`${python} is missing (python3 with pandas, scipy, sklearn).`);
  const a = parseArgs(process.argv.slice(2), [
    'rows',
    'seed',
    'min-leaf',
    'smoothing',
    'forbid-copies',
    'scale',
    'config',
    'no-judge',
  ]);
  const rows = a.int('rows', 20_000);
  const seed = a.int('seed', 0);
  const config = {
    minLeaf: a.int('min-leaf', 20),
    smoothing: a.int('smoothing', 1) === 1,
    forbidCopies: a.int('forbid-copies', 1) === 1,
    smoothingScale: a.int('scale', 100) / 100,
    ...(JSON.parse(a.one('config') ?? '{}') as Partial<CartConfig>),
  };
  mkdirSync(out, { recursive: true });
  const { train, holdout } = split();

  let started = performance.now();
  const { table: raw } = readCsvText(readFileSync(train, 'utf8'));
  const schema = inferSchema(raw);
  const codec = fitCodec(raw, schema);
  const table = toModelTable(codec, raw);
  const prepareSeconds = (performance.now() - started) / 1000;

  // CPU seconds beside wall seconds: the shared machine's load stretches the wall figures.
  started = performance.now();
  let cpu = process.cpuUsage();
  const model = fitSequentialTrees(table, config, new Rng(seed));
  const fitSeconds = (performance.now() - started) / 1000;
  const fitCpuSeconds = process.cpuUsage(cpu).user / 1e6;
  started = performance.now();
  cpu = process.cpuUsage();
  const synthetic = sampleSequentialTrees(model, rows, new Rng(seed + 1));
  const sampleSeconds = (performance.now() - started) / 1000;
  const sampleCpuSeconds = process.cpuUsage(cpu).user / 1e6;

  const written = fromModelTable(codec, synthetic, new Rng(seed + 2), {
    textMode: 'placeholder',
    allowOutOfRange: false,
  });
  const file = join(out, 'adult-cart.csv');
  writeFileSync(file, writeCsv(written.names, written.rows));
  const timing = {
    rows,
    config,
    prepareSeconds,
    fitSeconds,
    fitCpuSeconds,
    sampleSeconds,
    sampleCpuSeconds,
  };
  console.log(JSON.stringify(timing));
  if (a.one('no-judge') === '1') return;
  const judged = score(train, file, holdout);
  const result = { ...timing, ...judged };
  writeFileSync(join(out, 'cart.json'), JSON.stringify(result, null, 2));
  console.log(JSON.stringify(judged));
}

main();
