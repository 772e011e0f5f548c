/**
 * ML utility and detection on adult: our figures (src/core/eval/utility.ts, detection.ts) next to
 * the independent judge's (scikit-learn) on the same files, with our run times. Needs ../shared
 * (beside the project, not in a user's clone) and Debian's python3 with pandas, scipy and
 * scikit-learn; skips cleanly without.
 *   npx tsx tests/bench/utility.bench.ts [-- --seeds 0,1,2 --synth copula,ctgan,tvae]
 * Uses the reference split of tests/bench/quality.bench.ts (tests/bench/out/adult-train.csv and
 * adult-holdout.csv, made here when missing) and the synthetic tables it wrote
 * (tests/bench/out/adult-MODEL.csv; a copula table is made when none is there). Writes
 * tests/bench/out/utility.json and prints a markdown table.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { readCsvText } from '../../src/core/data/csv-reader';
import { inferSchema } from '../../src/core/data/schema-inference';
import { detectionReport } from '../../src/core/eval/detection';
import { evalTables } from '../../src/core/eval/eval-tables';
import { utilityReport, type UtilityScores } from '../../src/core/eval/utility';
import { adultSplit } from './adult-split';

const root = resolve(import.meta.dirname, '..', '..');
const shared = resolve(root, '..', 'shared');
const adult = join(shared, 'data', 'adult.csv');
const judge = join(shared, 'judge', 'score.py');
const python = '/usr/bin/python3';
const out = join(root, 'tests', 'bench', 'out');
const TARGET = 'income';

function skip(why: string): never {
  console.log(`utility bench skipped: ${why}`);
  process.exit(0);
}

const split = () => adultSplit(adult, out, python);

/** The synthetic tables to score; makes a copula one when none exists. */
function synthetic(models: string[], train: string): { model: string; path: string }[] {
  const found = models
    .map((model) => ({ model, path: join(out, `adult-${model}.csv`) }))
    .filter((s) => existsSync(s.path));
  if (found.length > 0) return found;
  const path = join(out, 'adult-copula.csv');
  execFileSync(
    'npx',
    ['tsx', 'src/cli/synth.ts', '--data', train, '--model', 'copula', '--epochs', '1'].concat([
      '--rows',
      '20000',
      '--seed',
      '0',
      '--out',
      path,
    ]),
    { cwd: root, stdio: 'inherit' },
  );
  return [{ model: 'copula', path }];
}

interface Figures {
  lr: { trtr: UtilityScores; tstr: UtilityScores };
  gb: { trtr: UtilityScores; tstr: UtilityScores };
  detectionAuc: number;
}

interface JudgeScores {
  accuracy: number;
  macro_f1: number;
}

function judgeFigures(train: string, synth: string, holdout: string, seed: number): Figures {
  const json = execFileSync(
    python,
    [
      judge,
      train,
      synth,
      '--holdout',
      holdout,
      '--target',
      TARGET,
      '--json',
      '--no-privacy',
    ].concat(['--seed', String(seed)]),
    { maxBuffer: 64 * 1024 * 1024 },
  ).toString();
  const r = JSON.parse(json) as {
    utility: { models: Record<string, { TRTR: JudgeScores; TSTR: JudgeScores }> };
    detection: { models: { gradient_boosting: { auc: number } } };
  };
  const conv = (s: JudgeScores): UtilityScores => ({ accuracy: s.accuracy, macroF1: s.macro_f1 });
  const m = r.utility.models;
  const lr = m.logistic_regression as { TRTR: JudgeScores; TSTR: JudgeScores };
  const gb = m.gradient_boosting as { TRTR: JudgeScores; TSTR: JudgeScores };
  return {
    lr: { trtr: conv(lr.TRTR), tstr: conv(lr.TSTR) },
    gb: { trtr: conv(gb.TRTR), tstr: conv(gb.TSTR) },
    detectionAuc: r.detection.models.gradient_boosting.auc,
  };
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const w = performance.now();
  const c = cpuSeconds();
  const value = f();
  return { value, wall: (performance.now() - w) / 1000, cpu: cpuSeconds() - c };
}

function ours(train: string, synth: string, holdout: string, seed: number) {
  const load = (path: string) => readCsvText(readFileSync(path, 'utf8')).table;
  const real = load(train);
  const tables = evalTables({
    real,
    synth: load(synth),
    holdout: load(holdout),
    schema: inferSchema(real),
  });
  const utility = timed(() =>
    utilityReport({
      train: tables.train,
      synth: tables.synth,
      holdout: tables.holdout ?? tables.train,
      target: TARGET,
      seed,
    }),
  );
  const detection = timed(() => detectionReport({ real: tables.train, synth: tables.synth, seed }));
  const [lr, gb] = utility.value.models;
  if (!lr || !gb) throw new Error('utility report without its two models');
  const figures: Figures = {
    lr: { trtr: lr.real, tstr: lr.synthetic },
    gb: { trtr: gb.real, tstr: gb.synthetic },
    detectionAuc: detection.value.auc,
  };
  return { figures, utility, detection };
}

const acc = (s: UtilityScores) => ('accuracy' in s ? s.accuracy : Number.NaN);
const f1 = (s: UtilityScores) => ('macroF1' in s ? s.macroF1 : Number.NaN);

function main(): void {
  if (!existsSync(adult) || !existsSync(judge))
    skip("../shared is not beside the project (it is only on the developers' machines and in CI).");
  if (!existsSync(python))
    skip(`${python} is missing (apt-get install -y python3-pandas python3-scipy python3-sklearn).`);
  const a = parseArgs(process.argv.slice(2), ['seeds', 'synth']);
  const seeds = (a.one('seeds') ?? '0').split(',').map(Number);
  mkdirSync(out, { recursive: true });
  const { train, holdout } = split();
  const tables = synthetic((a.one('synth') ?? 'copula,ctgan,tvae').split(','), train);
  const rows: string[] = [];
  const results: unknown[] = [];
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '–');
  const gap = (x: number, y: number) => (x - y >= 0 ? '+' : '') + (x - y).toFixed(4);
  for (const { model, path } of tables) {
    for (const seed of seeds) {
      const us = ours(train, path, holdout, seed);
      const them = judgeFigures(train, path, holdout, seed);
      results.push({
        synth: model,
        seed,
        ours: us.figures,
        judge: them,
        seconds: {
          utilityWall: us.utility.wall,
          utilityCpu: us.utility.cpu,
          detectionWall: us.detection.wall,
          detectionCpu: us.detection.cpu,
        },
      });
      const figures: [string, number, number][] = [
        ['LR accuracy, real', acc(us.figures.lr.trtr), acc(them.lr.trtr)],
        ['LR macro F1, real', f1(us.figures.lr.trtr), f1(them.lr.trtr)],
        ['LR accuracy, synthetic', acc(us.figures.lr.tstr), acc(them.lr.tstr)],
        ['LR macro F1, synthetic', f1(us.figures.lr.tstr), f1(them.lr.tstr)],
        ['GB accuracy, real', acc(us.figures.gb.trtr), acc(them.gb.trtr)],
        ['GB macro F1, real', f1(us.figures.gb.trtr), f1(them.gb.trtr)],
        ['GB accuracy, synthetic', acc(us.figures.gb.tstr), acc(them.gb.tstr)],
        ['GB macro F1, synthetic', f1(us.figures.gb.tstr), f1(them.gb.tstr)],
        ['detection AUC (GB)', us.figures.detectionAuc, them.detectionAuc],
      ];
      for (const [what, x, y] of figures)
        rows.push(`| ${model} | ${seed} | ${what} | ${f(x)} | ${f(y)} | ${gap(x, y)} |`);
      console.log(
        `${model} seed ${seed}: utility ${us.utility.wall.toFixed(1)} s wall / ${us.utility.cpu.toFixed(1)} s CPU (4 fits), ` +
          `detection ${us.detection.wall.toFixed(1)} s wall / ${us.detection.cpu.toFixed(1)} s CPU (3 folds)`,
      );
    }
  }
  writeFileSync(join(out, 'utility.json'), JSON.stringify(results, null, 2));
  console.log('\n| synthetic | seed | figure | ours | judge | ours - judge |');
  console.log('|---|---:|---|---:|---:|---:|');
  for (const row of rows) console.log(row);
}

main();
