/**
 * Sequence scale bench (`npm run bench:sequence-scale`, point 7 of issue 15): simulated customers
 * (tests/bench/sequence-sim.ts, 50,000 entities with 20 events on average: about 1,000,000
 * events) are loaded as one long CSV through the built page's "Entities with events" step, and
 * the sequential ARGN trains in the page's engine worker. Reports the read time, seconds per
 * epoch, the browser's peak memory and the longest main-thread task, which must stay at or
 * under 100 ms (a PerformanceObserver of long tasks, as in ingest.bench.ts).
 *
 *   tsx tests/bench/sequence-scale.bench.ts [--entities N] [--epochs E] [--port P] [--dist DIR] [--read-only]
 *
 * --read-only  stops after the page has read the entities (the read at full scale, no training)
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumLaunch } from '../../playwright.config';
import { parseArgs } from '../../src/cli/args';
import { writeCsv } from '../../src/core/data/csv-writer';
import { startPreviewServer } from './preview-server';
import { startPeakMemorySampler } from './process-memory';
import { simulateCustomers } from './sequence-sim';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = resolve(ROOT, 'tests/bench/out');
const LONG_TASK_GOAL_MS = 100;
/** Mean purchases per customer become 20 (1 + 6 × 19/6). */
const PURCHASE_SCALE = 19 / 6;
const TIMEOUT_MS = 60 * 60_000;

/** Records every main-thread long task into `window.__longTasks`; runs before the app. */
function recordLongTasks(): void {
  const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      w.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // long animation frames name the scripts behind a long task (where the time went)
  const l = window as unknown as { __frames: unknown[] };
  l.__frames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const f = e as PerformanceEntry & {
        scripts?: { invoker: string; sourceFunctionName: string; duration: number }[];
      };
      l.__frames.push({
        start: Math.round(f.startTime),
        duration: Math.round(f.duration),
        scripts: (f.scripts ?? []).map(
          (x) => `${x.invoker} ${x.sourceFunctionName} ${Math.round(x.duration)} ms`,
        ),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
}

function writeSimulated(entities: number): { path: string; events: number; mb: number } {
  const sim = simulateCustomers(entities, 7, 'c', PURCHASE_SCALE);
  const text = writeCsv(sim.names, sim.rows);
  mkdirSync(OUT_DIR, { recursive: true });
  const path = resolve(OUT_DIR, `sequence-scale-${entities}.csv`);
  writeFileSync(path, text);
  return { path, events: sim.rows.length, mb: text.length / 1e6 };
}

/** Waits for the run to end; each epoch's seconds, as the run status keeps them. */
async function watchEpochs(page: Page): Promise<number[]> {
  const status = page.getByTestId('seq-run-status');
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const text = (await status.count()) > 0 ? await status.innerText() : '';
    if (text.startsWith('Trained')) {
      const seconds = (await status.getAttribute('data-epoch-seconds')) ?? '';
      return seconds.split(' ').filter(Boolean).map(Number);
    }
    const error = page.locator('.alert-error[role="alert"]');
    if ((await error.count()) > 0) throw new Error(await error.innerText());
    await page.waitForTimeout(1000);
  }
  throw new Error('training did not finish in time');
}

async function main(): Promise<number> {
  const readOnly = process.argv.includes('--read-only');
  const a = parseArgs(
    process.argv.slice(2).filter((x) => x !== '--read-only'),
    ['entities', 'epochs', 'port', 'dist'],
  );
  const entities = a.int('entities', 50_000);
  const epochs = a.int('epochs', 1);
  const file = writeSimulated(entities);
  console.log(
    `CSV: ${file.path}: ${entities} entities, ${file.events} events, ${file.mb.toFixed(1)} MB`,
  );
  const server = await startPreviewServer(
    ROOT,
    a.int('port', 4181),
    60_000,
    a.one('dist') ?? 'dist',
  );
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.addInitScript(recordLongTasks);
    await page.goto(server.url);
    const sampler = startPeakMemorySampler(new Set([server.pid]));
    await page.getByRole('button', { name: 'Work with entities and events' }).click();
    await page.getByLabel('Event table CSV').waitFor({ state: 'attached' });
    await page.waitForTimeout(500);
    const pageStart = await page.evaluate(() => performance.now());
    const readStart = performance.now();
    await page.getByLabel('Event table CSV').setInputFiles(file.path);
    const filesSet = (await page.evaluate(() => performance.now())) - pageStart;
    await page.getByRole('button', { name: 'Read entities' }).click();
    await page.getByTestId('seq-read-summary').waitFor({ timeout: TIMEOUT_MS });
    const readSeconds = (performance.now() - readStart) / 1000;
    const at = () => page.evaluate(() => performance.now());
    const marks: Record<string, number> = { filesSet, read: (await at()) - pageStart };
    const summary = await page.getByTestId('seq-read-summary').innerText();
    console.log(`read in ${readSeconds.toFixed(1)} s: ${summary}`);
    let perEpoch: number[] = [];
    let trainSeconds = 0;
    if (!readOnly) {
      await page.getByRole('radio', { name: /Sequential ARGN/ }).check();
      await page.getByLabel(/Sequence epochs/).fill(String(epochs));
      await page.getByLabel('Entities set aside for the evaluation').selectOption('0');
      const trainStart = performance.now();
      marks.train = (await at()) - pageStart;
      await page.getByRole('button', { name: 'Train sequence model' }).click();
      perEpoch = await watchEpochs(page);
      trainSeconds = (performance.now() - trainStart) / 1000;
      marks.trained = (await at()) - pageStart;
    } else await page.waitForTimeout(3000);
    const memory = sampler.stop();
    const tasks = await page.evaluate(
      () =>
        (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks,
    );
    const during = tasks.filter((t) => t.start + t.duration > pageStart);
    const longest = Math.max(0, ...during.map((t) => t.duration));
    const result = {
      entities,
      events: file.events,
      fileMB: file.mb,
      readSeconds,
      epochs,
      secondsPerEpoch: perEpoch,
      trainSeconds,
      peakRssMB: memory.rssBytes / 1e6,
      peakPssMB: memory.pssBytes / 1e6,
      longestMainThreadTaskMs: longest,
      longTasks: during.map((t) => ({
        startMs: Math.round(t.start - pageStart),
        durationMs: Math.round(t.duration),
      })),
      marksMs: Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, Math.round(v)])),
      longFrames: await page.evaluate(
        () => (window as unknown as { __frames: unknown[] }).__frames,
      ),
      readSummary: summary,
      status: readOnly ? 'read only' : await page.getByTestId('seq-run-status').innerText(),
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        load: os.loadavg(),
      },
      chromium: browser.version(),
      date: new Date().toISOString(),
    };
    console.log(JSON.stringify(result, null, 2));
    writeFileSync(resolve(OUT_DIR, 'sequence-scale.json'), `${JSON.stringify(result, null, 2)}\n`);
    const fails: string[] = [];
    if (!readOnly && !result.status.startsWith('Trained'))
      fails.push(`training did not finish: ${result.status}`);
    if (longest > LONG_TASK_GOAL_MS)
      fails.push(
        `the longest main-thread task took ${longest.toFixed(0)} ms (goal ${LONG_TASK_GOAL_MS} ms)`,
      );
    for (const f of fails) console.error(`FAIL: ${f}`);
    return fails.length > 0 ? 1 : 0;
  } finally {
    await browser.close();
    await server.stop();
  }
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`FAIL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}
process.exit(code);
