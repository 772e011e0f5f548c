/**
 * Model benchmark (`npm run bench`): for each model and backend (Node wasm, Node cpu, Chromium
 * WebGL in the engine worker, Chromium wasm), the transformer fit time, seconds per epoch,
 * training rows per second, sampling rows per second, peak memory and the tensor count after
 * each epoch. Runs on ../shared/data/adult.csv by default (it sits beside the project on the
 * developers' machines and in CI, not in a user's clone): give --data PATH otherwise.
 *   npm run bench [-- --data PATH --models ctgan,tvae,copula,argn,cart --backends node-wasm,node-cpu,chromium-webgl,chromium-wasm]
 * Writes tests/bench/out/models.json and tests/bench/out/models.md.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from '../../src/cli/args';
import { benchMarkdown, type BenchRow } from './bench-row';
import { benchBrowser } from './browser-models';

const root = resolve(import.meta.dirname, '..', '..');
const out = join(root, 'tests', 'bench', 'out');

/**
 * Epochs per run: 20 on Node wasm (the fastest CPU path), so the tensor counts show there is no
 * leak over 20 epochs; enough to time a warm epoch elsewhere; few where a backend is very slow.
 */
function epochsFor(model: string, backend: string): number {
  if (model === 'copula' || model === 'cart') return 1;
  // ARGN: a few epochs time it (it may stop early on its validation loss).
  if (model === 'argn') return backend.endsWith('cpu') ? 2 : backend === 'node-wasm' ? 6 : 3;
  if (backend === 'node-wasm') return 20;
  if (backend.endsWith('cpu')) return model === 'ctgan' ? 1 : 2;
  return model === 'ctgan' ? 3 : 5;
}

function runNode(data: string, model: string, backend: string): BenchRow {
  const r = spawnSync(
    'npx',
    [
      'tsx',
      'tests/bench/node-models.ts',
      '--data',
      data,
      '--model',
      model,
      '--backend',
      backend,
      '--epochs',
      String(epochsFor(model, `node-${backend}`)),
    ],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const line = r.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (r.status !== 0 || !line)
    throw new Error(`node-${backend} ${model} failed (exit ${r.status})`);
  return JSON.parse(line.slice(6)) as BenchRow;
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2), ['data', 'models', 'backends']);
  const data = resolve(a.one('data') ?? join(root, '..', 'shared', 'data', 'adult.csv'));
  if (!existsSync(data)) {
    console.log(
      `bench skipped: ${data} is missing (../shared is only beside the project on developer machines and in CI; pass --data PATH).`,
    );
    return;
  }
  const models = (a.one('models') ?? 'ctgan,tvae,copula,argn,cart').split(',');
  const backends = (a.one('backends') ?? 'node-wasm,node-cpu,chromium-webgl,chromium-wasm').split(
    ',',
  );
  const rows = readFileSync(data, 'utf8').trim().split('\n').length - 1;
  mkdirSync(out, { recursive: true });
  const results: BenchRow[] = [];
  for (const backend of backends.filter((b) => b.startsWith('node-'))) {
    for (const model of models) results.push(runNode(data, model, backend.slice(5)));
  }
  const browserBackends = backends
    .filter((b) => b.startsWith('chromium-'))
    .map((b) => b.slice(9) as 'webgl' | 'wasm');
  if (browserBackends.length > 0) {
    results.push(
      ...(await benchBrowser(root, data, rows, models, browserBackends, (m, b) =>
        epochsFor(m, `chromium-${b}`),
      )),
    );
  }
  const table = benchMarkdown(results);
  writeFileSync(
    join(out, 'models.json'),
    JSON.stringify({ data, date: new Date().toISOString(), results }, null, 2),
  );
  writeFileSync(join(out, 'models.md'), `${table}\n`);
  console.log(table);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
