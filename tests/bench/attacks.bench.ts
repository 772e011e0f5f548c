/**
 * The privacy attacks (singling out, linkability, inference) on adult, with the sanity checks of
 * issue 17 and three real generators in between:
 *   npm run bench:attacks [-- --attacks 2000 --argn-epochs 8 --seed 1 --reuse 1]
 * - copy: the synthetic table is the training rows themselves: singling-out and inference
 *   risks must be >= 0.8;
 * - holdout half: the holdout is split in two halves, one the control, the other plays the
 *   synthetic table (real people the generator never saw): every 95% interval must include 0;
 * - Gaussian copula, sequential trees and ARGN, 20,000 rows each from `npm run synth` on the
 *   training split (ARGN with few epochs, `--argn-epochs`, to fit the CPU budget).
 * Secrets: income (the target) and age (numeric). Needs ../shared (skips cleanly without) and
 * python3 with numpy for the reference split. Writes tests/bench/out/attacks.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { readCsvText } from '../../src/core/data/csv-reader';
import type { ModelTable } from '../../src/core/data/model-table';
import { inferSchema } from '../../src/core/data/schema-inference';
import {
  runPrivacyAttacks,
  type AttackResult,
  type PrivacyAttacksReport,
} from '../../src/core/eval/attacks/privacy-attacks';
import { evalTables, takeRows } from '../../src/core/eval/eval-tables';
import type { RawTable } from '../../src/core/types';
import { adultSplit } from './adult-split';

const root = resolve(import.meta.dirname, '..', '..');
const adult = resolve(root, '..', 'shared', 'data', 'adult.csv');
const out = join(root, 'tests', 'bench', 'out');
const python = '/usr/bin/python3';

if (!existsSync(adult) || !existsSync(python)) {
  console.log('attacks bench skipped: needs ../shared/data/adult.csv and /usr/bin/python3');
  process.exit(0);
}
mkdirSync(out, { recursive: true });

const args = parseArgs(process.argv.slice(2), ['attacks', 'argn-epochs', 'seed', 'reuse']);
const attacks = args.int('attacks', 2000);
const argnEpochs = args.int('argn-epochs', 8);
const seed = args.int('seed', 1);
const secrets = ['income', 'age'];

const split = adultSplit(adult, out, python);
const readCsv = (path: string): RawTable => readCsvText(readFileSync(path, 'utf8')).table;
const trainRaw = readCsv(split.train);
const holdoutRaw = readCsv(split.holdout);
const schema = inferSchema(trainRaw);

/** 20,000 rows from a model trained on the training split, through the synth CLI. */
function synthesize(model: string, extra: string[]): { path: string; seconds: number } {
  const path = join(out, `adult-attacks-${model}.csv`);
  if (args.int('reuse', 0) === 1 && existsSync(path)) return { path, seconds: NaN };
  const started = performance.now();
  execFileSync(
    'npx',
    [
      'tsx',
      'src/cli/synth.ts',
      '--data',
      split.train,
      '--model',
      model,
      '--rows',
      '20000',
      '--seed',
      String(seed),
      '--out',
      path,
      ...extra,
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { path, seconds: (performance.now() - started) / 1000 };
}

interface Row {
  scenario: string;
  trainRows: number;
  controlRows: number;
  synthRows: number;
  generateSeconds: number | null;
  attackSeconds: number;
  report: PrivacyAttacksReport;
}

function attack(
  scenario: string,
  synth: ModelTable,
  control: ModelTable,
  train: ModelTable,
  generateSeconds: number | null,
): Row {
  const started = performance.now();
  const report = runPrivacyAttacks({
    train,
    holdout: control,
    synth,
    settings: { attacks, secrets },
    seed,
  });
  const row = {
    scenario,
    trainRows: train.rows,
    controlRows: control.rows,
    synthRows: synth.rows,
    generateSeconds,
    attackSeconds: (performance.now() - started) / 1000,
    report,
  };
  console.log(line(row));
  return row;
}

const f = (r: AttackResult | null | undefined) =>
  r
    ? `${r.risk.toFixed(3)} [${r.ci[0].toFixed(3)}, ${r.ci[1].toFixed(3)}] (${r.attackRate.toFixed(3)}/${r.controlRate.toFixed(3)}/${r.baselineRate.toFixed(3)}, n=${r.attacks})`
    : '-';

function line(r: Row): string {
  const a = r.report;
  return `| ${r.scenario} | ${f(a.singlingOut)} | ${f(a.singlingOutUnivariate)} | ${f(a.linkability)} | ${f(a.inference.income)} | ${f(a.inference.age)} | ${r.attackSeconds.toFixed(1)} | ${r.generateSeconds === null ? '-' : Number.isNaN(r.generateSeconds) ? 'reused' : r.generateSeconds.toFixed(0)} |`;
}

console.log(
  `adult: ${trainRaw.rowCount} training rows, ${holdoutRaw.rowCount} holdout rows, ${attacks} attacks each, seed ${seed}, load ${loadavg()[0]?.toFixed(2)} on this machine`,
);
console.log('risk [95% CI] (attack / control / baseline success, attacks)');
console.log(
  '| synthetic table | singling out (3 columns) | singling out (univariate) | linkability | inference: income | inference: age | attack s | generate s |',
);
console.log('|---|---|---|---|---|---|---:|---:|');

const rows: Row[] = [];
const base = evalTables({ real: trainRaw, synth: trainRaw, holdout: holdoutRaw, schema });
const holdout = base.holdout as ModelTable;
rows.push(attack('copy of the training rows', base.synth, holdout, base.train, null));

const half = Math.floor(holdout.rows / 2);
const halfA = takeRows(
  holdout,
  Int32Array.from({ length: half }, (_, i) => i),
);
const halfB = takeRows(
  holdout,
  Int32Array.from({ length: holdout.rows - half }, (_, i) => half + i),
);
rows.push(
  attack('other half of the holdout (control: first half)', halfB, halfA, base.train, null),
);

const models: [string, string, string[]][] = [
  ['copula', 'Gaussian copula', []],
  ['cart', 'sequential trees', []],
  ['argn', `ARGN (${argnEpochs} epochs)`, ['--epochs', String(argnEpochs)]],
];
for (const [model, name, extra] of models) {
  const made = synthesize(model, extra);
  const t = evalTables({ real: trainRaw, synth: readCsv(made.path), holdout: holdoutRaw, schema });
  rows.push(attack(name, t.synth, t.holdout as ModelTable, t.train, made.seconds));
}

const checks: [string, boolean][] = [];
const copy = rows[0]?.report;
const other = rows[1]?.report;
if (copy && other) {
  checks.push(['copy: singling-out risk >= 0.8', (copy.singlingOut?.risk ?? 0) >= 0.8]);
  for (const s of secrets)
    checks.push([`copy: inference risk of ${s} >= 0.8`, (copy.inference[s]?.risk ?? 0) >= 0.8]);
  const includesZero = (r: AttackResult | null | undefined) =>
    r !== null && r !== undefined && r.ci[0] === 0;
  checks.push(['holdout half: singling-out interval includes 0', includesZero(other.singlingOut)]);
  checks.push(['holdout half: linkability interval includes 0', includesZero(other.linkability)]);
  for (const s of secrets)
    checks.push([
      `holdout half: inference of ${s} interval includes 0`,
      includesZero(other.inference[s]),
    ]);
}
for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);
writeFileSync(
  join(out, 'attacks.json'),
  JSON.stringify({ attacks, seed, argnEpochs, load: loadavg()[0], rows, checks }, null, 1),
);
if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
