/**
 * Responsiveness benchmark (`npm run bench:responsive`): the session of
 * tests/e2e/responsive.spec.ts at full length. For each model, a table is loaded, the model
 * trains for `--minutes` with every live view opened in turn, then rows are generated and
 * evaluated; every main-thread task over 50 ms is recorded with its phase. Fails when any task
 * reaches 100 ms.
 *
 *   tsx tests/bench/responsive.bench.ts [--minutes 20] [--models CTGAN,ARGN] [--columns 40]
 *                                        [--rows 2000] [--compute auto]
 *
 * The table is all-numeric with `--columns` columns (40: the pair heatmaps and column cards
 * are largest there). E2E_PORT and E2E_DIST choose the preview port (default 4180) and build
 * folder (default dist). Writes tests/bench/out/responsive.json.
 */
import { chromium } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumLaunch } from '../../playwright.config';
import { parseArgs } from '../../src/cli/args';
import {
  LONG_TASK_LIMIT_MS,
  phaseLines,
  recordLongTasks,
  runSession,
  type SessionResult,
} from '../e2e/responsive-session';
import { measureOtherLoad } from '../e2e/machine-load';
import { startPreviewServer } from './preview-server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = resolve(ROOT, 'tests/bench/out');
const PORT = Number(process.env.E2E_PORT ?? 4180);
const DIST = process.env.E2E_DIST ?? 'dist';

function readArgs(argv: readonly string[]) {
  const a = parseArgs(argv, ['minutes', 'models', 'columns', 'rows', 'compute']);
  return {
    minutes: Math.max(0.1, Number(a.one('minutes') ?? 20)),
    models: (a.one('models') ?? 'CTGAN,ARGN').split(',').map((m) => m.trim()),
    columns: a.int('columns', 40),
    rows: a.int('rows', 2000),
    compute: a.one('compute') ?? 'auto',
  };
}

async function main(): Promise<number> {
  const args = readArgs(process.argv.slice(2));
  const server = await startPreviewServer(ROOT, PORT, 60_000, DIST);
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  const results: (SessionResult & {
    model: string;
    longestMs: number;
    /** Share of all CPUs that other processes used during the session (null: unknown). */
    otherLoad: number | null;
  })[] = [];
  try {
    for (const model of args.models) {
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      page.setDefaultTimeout(10 * 60_000);
      await recordLongTasks(page);
      console.log(`\n${model}: ${args.minutes} min of training on ${args.columns} columns`);
      const otherLoad = measureOtherLoad();
      const result = await runSession(page, {
        table: { numericColumns: args.columns, rows: args.rows },
        model,
        epochs: 100_000,
        trainMs: args.minutes * 60_000,
        generateRows: args.rows,
        compute: args.compute,
      });
      const longestMs = Math.max(0, ...result.tasks.map((t) => t.ms));
      const others = otherLoad();
      results.push({ ...result, model, longestMs, otherLoad: others });
      for (const line of phaseLines(result.tasks)) console.log(`  ${line}`);
      // a wall-clock timing measures the machine when other processes hold its cores
      console.log(
        `  other processes used ${others === null ? 'an unknown share' : `${Math.round(others * 100)}%`} of the CPUs meanwhile`,
      );
      console.log(`  training reached: ${result.progress}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const summary = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores`,
    loadAverage: os.loadavg()[0],
    args,
    results,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(resolve(OUT_DIR, 'responsive.json'), `${JSON.stringify(summary, null, 2)}\n`);
  let failed = 0;
  for (const r of results) {
    const verdict = r.longestMs < LONG_TASK_LIMIT_MS ? 'ok' : 'FAIL';
    if (verdict === 'FAIL') failed += 1;
    console.log(`${verdict}: ${r.model}, longest main-thread task ${Math.round(r.longestMs)} ms`);
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`FAIL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
