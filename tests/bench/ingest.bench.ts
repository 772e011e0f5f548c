/**
 * Ingest benchmark (`npm run bench:ingest`): loads a large CSV through the built app's
 * "Load CSV" input in headless Chromium and measures load time, main-thread long tasks and the
 * browser's peak memory. Fails when loading fails or a main-thread task exceeds 100 ms.
 *
 *   tsx tests/bench/ingest.bench.ts [--rows N] [--file PATH]
 *
 * --rows N     rows of the generated CSV (default 1,000,000), reused from tests/bench/out/
 * --file PATH  benchmark an existing CSV instead of the generated one
 *
 * E2E_PORT and E2E_DIST choose the preview port (default 4180) and build folder (default dist).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumLaunch } from '../../playwright.config';
import { parseArgs } from '../../src/cli/args';
import { BENCH_COLUMNS, ensureBenchCsv } from './bench-csv';
import {
  LONG_TASK_GOAL_MS,
  longTaskLines,
  markdownTable,
  type IngestResult,
  type LongTask,
} from './ingest-report';
import { startPreviewServer } from './preview-server';
import { startPeakMemorySampler, type PeakMemory } from './process-memory';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = resolve(ROOT, 'tests/bench/out');
const PORT = Number(process.env.E2E_PORT ?? 4180);
/** Build folder served (E2E_DIST), so that parallel checkouts need not share dist/. */
const DIST = process.env.E2E_DIST ?? 'dist';
const LOAD_TIMEOUT_MS = 10 * 60_000;
/** Time allowed after the summary shows for follow-up work (effects, preview rows) to run. */
const SETTLE_MS = 3_000;

interface Args {
  rows: number;
  file: string | null;
}

function readArgs(argv: readonly string[]): Args {
  const a = parseArgs(argv, ['rows', 'file']);
  const file = a.one('file');
  return { rows: Math.max(1, a.int('rows', 1_000_000)), file: file ? resolve(file) : null };
}

/** Records every main-thread long task into `window.__longTasks`; runs before the app. */
function recordLongTasks(): void {
  const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** Cleanup steps, run last-in first-out by `finally` and by the signal handlers. */
const cleanups: (() => Promise<void>)[] = [];

async function runCleanups(): Promise<void> {
  for (let step = cleanups.pop(); step; step = cleanups.pop()) {
    try {
      await step();
    } catch (e) {
      console.error(`cleanup: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the browser and the preview server`);
    void runCleanups().finally(() => process.exit(130));
  });
}

interface PageLoad {
  seconds: number;
  loadAverage: { start: number; end: number };
  summary: string;
  longTasks: LongTask[];
  alerts: string[];
  errors: string[];
}

/** Hands the file to "Load CSV" and times it until the read summary names it. */
async function loadThroughPage(page: Page, csvPath: string): Promise<PageLoad> {
  const name = basename(csvPath);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  const crashed = new Promise<never>((_, reject) =>
    page.once('crash', () => reject(new Error('The page crashed (its renderer process died).'))),
  );
  crashed.catch(() => undefined);
  const summary = page.getByTestId('read-summary').filter({ hasText: name });
  const failure = page.locator('.alert-error[role="alert"]');
  const input = page.getByLabel('Load CSV');
  // The first locator use compiles Playwright's injected script on the page's main thread (about
  // 100 ms); do it before the clock so that the tool's own work is not counted as the app's.
  await input.waitFor({ state: 'attached' });
  await page.waitForTimeout(500);
  const pageStart = await page.evaluate(() => performance.now());
  const loadAtStart = os.loadavg()[0] ?? 0;
  const started = performance.now();
  await input.setInputFiles(csvPath);
  await Promise.race([summary.or(failure).first().waitFor({ timeout: LOAD_TIMEOUT_MS }), crashed]);
  const seconds = (performance.now() - started) / 1000;
  const loadAverage = { start: loadAtStart, end: os.loadavg()[0] ?? 0 };
  await Promise.race([page.waitForTimeout(SETTLE_MS), crashed]);
  const raw = await page.evaluate(
    () => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks,
  );
  const alerts = await page.getByRole('alert').allInnerTexts();
  for (const text of await failure.allInnerTexts())
    errors.push(`error shown: ${text.replace(/\s+/g, ' ').trim()}`);
  return {
    seconds,
    loadAverage,
    summary: (await summary.count()) > 0 ? await summary.innerText() : '',
    longTasks: raw.map((t) => ({ startMs: t.start - pageStart, durationMs: t.duration })),
    alerts: alerts.map((a) => a.replace(/\s+/g, ' ').trim()),
    errors,
  };
}

async function mainHeapMB(page: Page): Promise<number | null> {
  try {
    const cdp = await page.context().newCDPSession(page);
    const heap = await cdp.send('Runtime.getHeapUsage');
    await cdp.detach();
    return heap.usedSize / 1e6;
  } catch {
    return null;
  }
}

function summaryNumbers(summary: string): { rows: number; columns: number; read: number | null } {
  const shape = /([\d,]+) rows × (\d+) columns/.exec(summary);
  const read = /read in ([\d.]+) s/.exec(summary);
  return {
    rows: shape ? Number((shape[1] as string).replaceAll(',', '')) : 0,
    columns: shape ? Number(shape[2]) : 0,
    read: read ? Number(read[1]) : null,
  };
}

async function prepareCsv(args: Args): Promise<{ path: string; expectedRows: number | null }> {
  if (args.file) return { path: args.file, expectedRows: null };
  mkdirSync(OUT_DIR, { recursive: true });
  const started = performance.now();
  const { path, reused } = await ensureBenchCsv(OUT_DIR, args.rows);
  const how = reused
    ? 'reused'
    : `written in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  console.log(`CSV: ${path} (${(statSync(path).size / 1e6).toFixed(1)} MB, ${how})`);
  return { path, expectedRows: args.rows };
}

async function launch(): Promise<Browser> {
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true, handleSIGINT: false });
  cleanups.push(() => browser.close());
  return browser;
}

function buildResult(
  csvPath: string,
  load: PageLoad,
  memory: PeakMemory,
  heapMB: number | null,
  chromiumVersion: string,
): IngestResult {
  const shape = summaryNumbers(load.summary);
  // A task counts for the load when it ends after the clock started.
  const during = load.longTasks.filter((t) => t.startMs + t.durationMs > 0);
  const longest = Math.max(0, ...during.map((t) => t.durationMs));
  const cpus = os.cpus();
  return {
    file: csvPath,
    rows: shape.rows,
    columns: shape.columns,
    fileMB: statSync(csvPath).size / 1e6,
    loadSeconds: load.seconds,
    appReadSeconds: shape.read,
    rowsPerSecond: shape.rows / load.seconds,
    longestTaskMs: longest,
    longTasksOverGoal: during.filter((t) => t.durationMs > LONG_TASK_GOAL_MS).length,
    longTasks: during,
    startupLongTasks: load.longTasks.filter((t) => !during.includes(t)),
    peakRssMB: memory.rssBytes / 1e6,
    peakPssMB: memory.pssBytes / 1e6,
    peakProcesses: memory.processes,
    memorySamples: memory.samples,
    mainHeapUsedMB: heapMB,
    alerts: load.alerts,
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`,
    },
    loadAverage: load.loadAverage,
    chromium: chromiumVersion,
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** What is wrong with a finished run, one line each; empty when it passed. */
function problems(r: IngestResult, load: PageLoad, expectedRows: number | null): string[] {
  const found = [...load.errors];
  if (!load.summary) found.push('The read summary never named the file.');
  if (expectedRows !== null && r.rows !== expectedRows)
    found.push(`The page read ${r.rows} rows; the file has ${expectedRows}.`);
  if (expectedRows !== null && r.columns !== BENCH_COLUMNS.length)
    found.push(`The page read ${r.columns} columns; the file has ${BENCH_COLUMNS.length}.`);
  if (r.longestTaskMs > LONG_TASK_GOAL_MS)
    found.push(
      `The longest main-thread task took ${r.longestTaskMs.toFixed(0)} ms, over the ` +
        `${LONG_TASK_GOAL_MS} ms goal (${r.longTasksOverGoal} such tasks).`,
    );
  return found;
}

async function main(): Promise<number> {
  const args = readArgs(process.argv.slice(2));
  const { path: csvPath, expectedRows } = await prepareCsv(args);
  const server = await startPreviewServer(ROOT, PORT, 60_000, DIST);
  cleanups.push(() => server.stop());
  const browser = await launch();
  const page = await browser.newPage();
  await page.addInitScript(recordLongTasks);
  await page.goto(server.url);
  const sampler = startPeakMemorySampler(new Set([server.pid]));
  let load: PageLoad;
  let memory: PeakMemory;
  try {
    load = await loadThroughPage(page, csvPath);
  } finally {
    memory = sampler.stop();
  }
  const result = buildResult(csvPath, load, memory, await mainHeapMB(page), browser.version());
  console.log(`\n${markdownTable(result)}\n`);
  console.log(longTaskLines([...result.startupLongTasks, ...result.longTasks]));
  for (const alert of result.alerts) console.log(`alert on the page: ${alert}`);
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(resolve(OUT_DIR, 'ingest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nJSON: ${resolve(OUT_DIR, 'ingest.json')}`);
  const found = problems(result, load, expectedRows);
  for (const line of found) console.error(`FAIL: ${line}`);
  return found.length > 0 ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`FAIL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
} finally {
  await runCleanups();
}
process.exit(code);
