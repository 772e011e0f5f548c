/**
 * Quality of each model on adult, scored by the independent judge, next to the reference runs
 * (../shared/research/reference-results.md). Needs ../shared (beside the project, not in a
 * user's clone) and Debian's python3 with pandas, scipy and scikit-learn; skips cleanly without.
 *   npm run bench:quality [-- --models ctgan,tvae,copula,argn,cart --epochs-ctgan 97 --epochs-tvae 300
 *                            --epochs-argn 100]
 * (argn stops early on its validation loss and within the CLI's 9-minute default budget)
 * Writes tests/bench/out/quality.json and prints a markdown table.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { adultSplit } from './adult-split';

const root = resolve(import.meta.dirname, '..', '..');
const shared = resolve(root, '..', 'shared');
const adult = join(shared, 'data', 'adult.csv');
const judge = join(shared, 'judge', 'score.py');
const python = '/usr/bin/python3';
const out = join(root, 'tests', 'bench', 'out');

/** The reference figures of the original CTGAN/TVAE (reference-results.md, section 4). */
const REFERENCE: Record<string, { quality: number; f1: number; epochs: number }> = {
  ctgan: { quality: 0.866, f1: 0.751, epochs: 97 },
  tvae: { quality: 0.862, f1: 0.764, epochs: 300 },
  copula: { quality: 0.965, f1: 0.522, epochs: 1 },
};

function skip(why: string): never {
  console.log(`quality bench skipped: ${why}`);
  process.exit(0);
}

const split = () => adultSplit(adult, out, python);

function synth(args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npx', ['tsx', 'src/cli/synth.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`synth exited with ${code}`)),
    );
  });
}

interface Scores {
  quality: number;
  shapes: number;
  pairs: number;
  f1: number;
  exactCopies: number;
  closerToTrain: number;
  detectionAuc: number | null;
}

function score(train: string, synthetic: string, holdout: string): Scores {
  const json = execFileSync(
    python,
    [judge, train, synthetic, '--holdout', holdout, '--target', 'income', '--json'],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  ).toString();
  const r = JSON.parse(json) as Record<string, Record<string, unknown>>;
  const q = r.quality as Record<string, number>;
  const utility = r.utility as { models: Record<string, Record<string, { macro_f1: number }>> };
  const detection = r.detection as { models?: Record<string, { auc?: number }> } | undefined;
  return {
    quality: q.overall as number,
    shapes: q.column_shapes as number,
    pairs: q.column_pair_trends as number,
    f1: utility.models.gradient_boosting?.TSTR?.macro_f1 ?? Number.NaN,
    exactCopies: (r.validity as Record<string, number>)?.exact_copy_share ?? Number.NaN,
    closerToTrain: (r.privacy as Record<string, number>)?.closer_to_train_share ?? Number.NaN,
    detectionAuc: detection?.models?.gradient_boosting?.auc ?? null,
  };
}

async function main(): Promise<void> {
  if (!existsSync(adult) || !existsSync(judge))
    skip("../shared is not beside the project (it is only on the developers' machines and in CI).");
  if (!existsSync(python))
    skip(`${python} is missing (apt-get install -y python3-pandas python3-scipy python3-sklearn).`);
  const a = parseArgs(process.argv.slice(2), [
    'models',
    'epochs-ctgan',
    'epochs-tvae',
    'epochs-argn',
    'backend',
    'rows',
  ]);
  const models = (a.one('models') ?? 'copula,tvae,ctgan').split(',');
  mkdirSync(out, { recursive: true });
  const { train, holdout } = split();
  const results: Record<string, Scores & { epochs: number; seconds: number }> = {};
  for (const model of models) {
    const epochs =
      model === 'ctgan'
        ? a.int('epochs-ctgan', 97)
        : model === 'tvae'
          ? a.int('epochs-tvae', 300)
          : model === 'argn'
            ? a.int('epochs-argn', 100)
            : 1;
    const file = join(out, `adult-${model}.csv`);
    const started = performance.now();
    await synth([
      '--data',
      train,
      '--model',
      model,
      '--epochs',
      String(epochs),
      '--rows',
      String(a.int('rows', 20_000)),
      '--seed',
      '0',
      '--out',
      file,
      '--backend',
      a.one('backend') ?? 'wasm',
    ]);
    const seconds = (performance.now() - started) / 1000;
    results[model] = { ...score(train, file, holdout), epochs, seconds };
    console.log(`${model}: ${JSON.stringify(results[model])}`);
  }
  writeFileSync(join(out, 'quality.json'), JSON.stringify(results, null, 2));
  const f = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(3));
  console.log(
    '\n| model | epochs | quality (reference) | shapes | pair trends | GB TSTR F1 (reference) | exact copies | closer to train | detection AUC (GB) | wall s |',
  );
  console.log('|---|---:|---|---:|---:|---|---:|---:|---:|---:|');
  for (const [model, s] of Object.entries(results)) {
    const ref = REFERENCE[model];
    console.log(
      `| ${model} | ${s.epochs} | ${f(s.quality)} (${ref ? ref.quality.toFixed(3) : '–'}) | ${f(s.shapes)} | ${f(s.pairs)} | ${f(s.f1)} (${ref ? ref.f1.toFixed(3) : '–'}) | ${f(s.exactCopies)} | ${f(s.closerToTrain)} | ${f(s.detectionAuc)} | ${Math.round(s.seconds)} |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
