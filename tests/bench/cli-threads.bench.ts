/**
 * Seconds per epoch of `npm run synth` on one wasm thread against several, run alternately in
 * the same sitting (the CLI's --threads), with the load average before each run and the ratio
 * to the original implementation on this kind of machine (../shared/research/reference-results.md).
 *   npx tsx tests/bench/cli-threads.bench.ts [--model tvae|ctgan] [--epochs 8] [--rounds 3]
 *       [--threads 1,2] [--data tests/bench/out/adult-train.csv] [--baseline DIR]
 * With --baseline, each run is followed by the same run in DIR, another checkout of the project
 * (with its own node_modules), so a change is timed against its base in the same sitting.
 * The default data is the 26,049-row adult split that `npm run bench:quality` writes. Each run's
 * figure is the median epoch after the first (the first one warms the kernels up).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { median } from './bench-row';

const root = resolve(import.meta.dirname, '..', '..');
/** The original's median s/epoch on the same split (CTGAN on 2 threads, TVAE on 1). */
const REFERENCE: Record<string, number> = { ctgan: 8.58, tvae: 0.8 };

/** Epoch-end seconds from the CLI's progress lines ("epoch 3/8 step 52/52, 1.41 s/epoch"). */
function epochSeconds(stderr: string): number[] {
  const out: number[] = [];
  for (const m of stderr.matchAll(/epoch \d+\/\d+ step (\d+)\/(\d+), ([\d.]+) s\/epoch/g)) {
    if (m[1] === m[2]) out.push(Number(m[3]));
  }
  return out;
}

function runOnce(
  data: string,
  model: string,
  epochs: number,
  threads: number,
  cwd = root,
): number[] {
  const outFile = join(mkdtempSync(join(tmpdir(), 'facsimile-bench-')), 'out.csv');
  const args = ['tsx', 'src/cli/synth.ts', '--data', data, '--model', model, '--seed', '1'];
  args.push('--epochs', String(epochs), '--rows', '200', '--threads', String(threads));
  const r = spawnSync('npx', [...args, '--out', outFile], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
  return epochSeconds(r.stderr);
}

function main(): void {
  const a = parseArgs(process.argv.slice(2), [
    'model',
    'epochs',
    'rounds',
    'threads',
    'data',
    'baseline',
  ]);
  const baseline = a.one('baseline');
  const checkouts: [string, string][] = [['this checkout', root]];
  if (baseline) checkouts.push([`baseline ${baseline}`, resolve(baseline)]);
  const data = resolve(a.one('data') ?? join(root, 'tests', 'bench', 'out', 'adult-train.csv'));
  if (!existsSync(data)) {
    console.log(`bench skipped: ${data} is missing (run npm run bench:quality, or pass --data).`);
    return;
  }
  const model = a.one('model') ?? 'tvae';
  const epochs = a.int('epochs', 8);
  const threadCounts = (a.one('threads') ?? '1,2').split(',').map(Number);
  console.log(
    `| round | checkout | threads | s/epoch (median after the first) | vs original | load before |`,
  );
  console.log(
    `| ----: | -------- | ------: | -------------------------------: | ----------: | ----------: |`,
  );
  for (let round = 1; round <= a.int('rounds', 3); round += 1) {
    for (const threads of threadCounts) {
      for (const [name, cwd] of checkouts) {
        const load = (loadavg()[0] ?? 0).toFixed(2);
        const s = median(runOnce(data, model, epochs, threads, cwd).slice(1));
        const ratio = REFERENCE[model] ? `${(s / (REFERENCE[model] as number)).toFixed(2)}x` : '-';
        console.log(`| ${round} | ${name} | ${threads} | ${s.toFixed(2)} | ${ratio} | ${load} |`);
      }
    }
  }
}

main();
