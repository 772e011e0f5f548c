/**
 * Multi-threaded WebAssembly in Chromium (`npm run bench:threads`): each neural model trained on
 * the wasm backend in the engine worker, once from a plain static server (not cross-origin
 * isolated: tfjs' single-thread SIMD binary, 1 thread) and once from `vite preview` (COOP/COEP:
 * the threaded SIMD binary on min(cores, 8) threads), seconds per epoch after the first.
 *   npm run bench:threads [-- --data PATH --rows 10000 --models ctgan,tvae,argn --epochs 3]
 * Runs on the first --rows rows of ../shared/data/adult.csv by default. Writes
 * tests/bench/out/threads.json and tests/bench/out/threads.md. Set E2E_DIST to use another
 * build folder than dist.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { parseArgs } from '../../src/cli/args';
import { chromiumLaunch } from '../../playwright.config';
import { median } from './bench-row';
import { runOne } from './browser-models';
import { startPreviewServer } from './preview-server';
import { startStaticServer } from './static-server';

const root = resolve(import.meta.dirname, '..', '..');
const out = join(root, 'tests', 'bench', 'out');

interface ThreadRow {
  model: string;
  server: 'plain' | 'isolated';
  badge: string;
  threads: number;
  secondsPerEpoch: number;
  epochsTimed: number;
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2), ['data', 'rows', 'models', 'epochs']);
  const source = resolve(a.one('data') ?? join(root, '..', 'shared', 'data', 'adult.csv'));
  if (!existsSync(source)) {
    console.log(`bench skipped: ${source} is missing (pass --data PATH).`);
    return;
  }
  const rows = Number(a.one('rows') ?? 10_000);
  const epochs = Number(a.one('epochs') ?? 3);
  const models = (a.one('models') ?? 'ctgan,tvae,argn').split(',');
  mkdirSync(out, { recursive: true });
  const lines = readFileSync(source, 'utf8').trim().split('\n');
  const data = join(out, `threads-${rows}.csv`);
  writeFileSync(data, `${lines.slice(0, rows + 1).join('\n')}\n`);
  const dist = resolve(root, process.env.E2E_DIST ?? 'dist');
  const isolated = await startPreviewServer(root, 4182, 60_000, dist);
  const plain = await startStaticServer(dist);
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  const results: ThreadRow[] = [];
  try {
    for (const model of models) {
      for (const [server, url] of [
        ['plain', plain.url],
        ['isolated', isolated.url],
      ] as const) {
        // no service worker: it would add the isolation headers to the plain server's pages
        const context = await browser.newContext({ baseURL: url, serviceWorkers: 'block' });
        const page = await context.newPage();
        await page.goto('/');
        process.stderr.write(`${model} on the ${server} server: ${epochs} epochs\n`);
        const r = await runOne(page, data, model, 'wasm', epochs, 1_000);
        const seconds = r.log.map((l) => Number(l[1]));
        const timed = seconds.length > 1 ? seconds.slice(1) : seconds;
        const threads = Number(/WebAssembly, (\d+) thread/.exec(r.badge)?.[1] ?? 1);
        results.push({
          model,
          server,
          badge: r.badge,
          threads,
          secondsPerEpoch: median(timed),
          epochsTimed: timed.length,
        });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await plain.stop();
    await isolated.stop();
  }
  const table = [
    '| model | 1 thread (not isolated), s/epoch | threads (isolated) | s/epoch | speed-up |',
    '| --- | --- | --- | --- | --- |',
    ...models.map((m) => {
      const one = results.find((r) => r.model === m && r.server === 'plain');
      const many = results.find((r) => r.model === m && r.server === 'isolated');
      if (!one || !many) return `| ${m} | - | - | - | - |`;
      const speedUp = one.secondsPerEpoch / many.secondsPerEpoch;
      return `| ${m} | ${one.secondsPerEpoch.toFixed(2)} (${one.threads} thread) | ${many.threads} | ${many.secondsPerEpoch.toFixed(2)} | ${speedUp.toFixed(2)}x |`;
    }),
  ].join('\n');
  writeFileSync(
    join(out, 'threads.json'),
    JSON.stringify(
      { data: source, rows, epochs, date: new Date().toISOString(), results },
      null,
      2,
    ),
  );
  writeFileSync(join(out, 'threads.md'), `${table}\n`);
  console.log(table);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
