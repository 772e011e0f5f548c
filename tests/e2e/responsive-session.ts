/**
 * A whole session as a user drives it, timed for main-thread long tasks: load a table, train
 * with every live view opened in turn, generate, evaluate and read the report. Shared by the
 * short e2e check (tests/e2e/responsive.spec.ts) and the long benchmark
 * (`npm run bench:responsive`). Long tasks come from PerformanceObserver('longtask') and are
 * labelled with the phase that was running.
 */
import type { Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LONG_TASK_LIMIT_MS = 100;

export interface SessionPlan {
  /** 'penguins' (the demo) or a generated all-numeric table of this many columns. */
  table: 'penguins' | { numericColumns: number; rows: number };
  /** The model's label in the picker. */
  model: string;
  epochs: number;
  /**
   * Training ends at `epochs` or after this long, whichever comes first. A run stopped by the
   * clock keeps no model, so a 2-epoch run follows it before generating.
   */
  trainMs: number;
  generateRows: number;
  compute?: string;
}

export interface LongTask {
  phase: string;
  /** ms from the page's time origin */
  at: number;
  ms: number;
  /** The scripts of the long animation frame that held it (where the time went), if any. */
  scripts?: string[];
}

export interface SessionResult {
  tasks: LongTask[];
  /** The training progress line when training ended. */
  progress: string;
  /** Whether training was stopped by the time limit (else it completed its epochs). */
  stopped: boolean;
}

/** Epochs of the run that follows a stopped one, so that there is a model to generate with. */
const SHORT_RUN_EPOCHS = 2;

const TABS = ['Distributions', 'Pair trends', 'How it works', 'Losses'] as const;

/** Records every long task, with the phase set by {@link setPhase}, into `window.longTasks`. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: LongTask[]; phase: string };
    w.longTasks = [];
    w.phase = 'start-up';
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.longTasks.push({ phase: w.phase, at: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: false });
    // Long animation frames name the scripts that ran in them: printed beside each long task.
    interface FrameScript {
      invoker: string;
      sourceURL: string;
      sourceFunctionName: string;
      sourceCharPosition: number;
      duration: number;
    }
    const frames: { start: number; end: number; scripts: string[] }[] = [];
    (window as unknown as { longFrames: typeof frames }).longFrames = frames;
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const scripts = ((e as unknown as { scripts?: FrameScript[] }).scripts ?? []).map(
            (x) =>
              `${x.invoker} ${x.sourceURL.split('/').pop() ?? ''}:${x.sourceCharPosition} ${x.sourceFunctionName} ${Math.round(x.duration)} ms`,
          );
          frames.push({ start: e.startTime, end: e.startTime + e.duration, scripts });
        }
      }).observe({ type: 'long-animation-frame', buffered: false });
    } catch {
      // an older browser without long animation frames: the tasks are still recorded
    }
  });
}

/**
 * Waits until the element with `testId` holds text matching `pattern`, polling in the page
 * every 250 ms. Not `expect(...).toContainText`: its retries build an accessibility snapshot on
 * the page's main thread, long tasks of the tool's own that would be counted as the app's.
 */
async function waitForText(
  page: Page,
  testId: string,
  pattern: RegExp,
  timeout: number,
): Promise<void> {
  await page.waitForFunction(
    ([id, source, flags]) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return el !== null && new RegExp(source, flags).test(el.textContent ?? '');
    },
    [testId, pattern.source, pattern.flags] as const,
    { timeout, polling: 250 },
  );
}

async function setPhase(page: Page, phase: string): Promise<void> {
  console.log(`${new Date().toISOString().slice(11, 19)} ${phase}`);
  // also a User Timing mark, so a performance trace of the session shows where each phase began
  await page.evaluate((p) => {
    (window as unknown as { phase: string }).phase = p;
    performance.mark(`phase: ${p}`);
  }, phase);
}

/**
 * A seeded all-numeric CSV: `columns` columns driven by three shared factors plus noise, so the
 * pair heatmaps have structure to show. Written to a temporary file; returns its path.
 */
export function numericCsv(columns: number, rows: number, seed = 7): string {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const names = Array.from({ length: columns }, (_, c) => `m${c + 1}`);
  const lines = [names.join(',')];
  for (let r = 0; r < rows; r += 1) {
    const f = [normal(), normal(), normal()];
    const cells = names.map((_, c) => {
      const x = (f[c % 3] as number) * (1 + (c % 5)) + normal() * 0.5 + c * 10;
      return x.toFixed(2);
    });
    lines.push(cells.join(','));
  }
  const dir = join(tmpdir(), 'facsimile-responsive');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `numeric-${columns}x${rows}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function loadTable(page: Page, plan: SessionPlan): Promise<void> {
  await page.goto('/');
  await setPhase(page, 'load');
  if (plan.table === 'penguins') {
    await page.getByLabel('Try a demo data set').selectOption('penguins');
    await waitForText(page, 'read-summary', /344 rows/, 60_000);
    return;
  }
  const { numericColumns, rows } = plan.table;
  await page.getByLabel('Load CSV').setInputFiles(numericCsv(numericColumns, rows));
  const shape = `${rows.toLocaleString('en-US')} rows × ${numericColumns} columns`;
  await waitForText(page, 'read-summary', new RegExp(shape), 60_000);
}

/** Trains, opening each live view in turn, until the run ends or the time is up. */
async function train(
  page: Page,
  plan: SessionPlan,
): Promise<{ progress: string; stopped: boolean }> {
  await page.getByLabel('Model', { exact: true }).selectOption({ label: plan.model });
  await page.getByLabel('Epochs', { exact: true }).fill(String(plan.epochs));
  if (plan.compute) {
    await page.locator('.settings summary').click();
    await page.getByLabel('Compute', { exact: true }).selectOption(plan.compute);
  }
  await setPhase(page, 'train');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const status = page.getByTestId('run-status');
  const started = Date.now();
  let done = false;
  for (let i = 0; !done && Date.now() - started < plan.trainMs; i += 1) {
    const tab = page.getByRole('tab', { name: TABS[i % TABS.length] });
    if (await tab.isVisible()) await tab.click();
    await page.waitForTimeout(Math.min(5_000, plan.trainMs / TABS.length));
    done = /Training complete|stopped at epoch/.test((await status.textContent()) ?? '');
  }
  const progress = (await page.locator('.progress-text').first().textContent()) ?? '';
  if (!done) {
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitForText(page, 'run-status', /Training stopped/, 60_000);
    // A stopped run keeps no model: a short run to the end gives generate one.
    await setPhase(page, 'train (short run for generate)');
    await page.getByLabel('Epochs', { exact: true }).fill(String(SHORT_RUN_EPOCHS));
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForText(page, 'run-status', /Training complete|stopped at epoch/, 5 * 60_000);
  }
  return { progress, stopped: !done };
}

async function generateAndEvaluate(page: Page, plan: SessionPlan): Promise<void> {
  await setPhase(page, 'generate');
  await page.getByLabel('Rows to generate').fill(String(plan.generateRows));
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  const rows = `${plan.generateRows.toLocaleString('en-US')} synthetic rows`;
  await waitForText(page, 'generated-summary', new RegExp(rows), 120_000);
  for (const tab of TABS.slice(0, 2)) {
    await page.getByRole('tab', { name: tab }).click();
    await page.waitForTimeout(1_000);
  }
  await setPhase(page, 'evaluate');
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await waitForText(page, 'evaluation-report', /./, 240_000);
  await page.getByTestId('evaluation-report').scrollIntoViewIfNeeded();
  await page.waitForTimeout(2_000);
}

/** Runs the whole session; returns the long tasks seen after start-up, by phase. */
export async function runSession(page: Page, plan: SessionPlan): Promise<SessionResult> {
  await loadTable(page, plan);
  const { progress, stopped } = await train(page, plan);
  await generateAndEvaluate(page, plan);
  await setPhase(page, 'done');
  const tasks = await page.evaluate(() => {
    const w = window as unknown as {
      longTasks: LongTask[];
      longFrames: { start: number; end: number; scripts: string[] }[];
    };
    return w.longTasks.map((t) => ({
      ...t,
      scripts: w.longFrames
        .filter((f) => f.start <= t.at + 1 && t.at <= f.end)
        .flatMap((f) => f.scripts),
    }));
  });
  return { tasks: tasks.filter((t) => t.phase !== 'start-up'), progress, stopped };
}

/** One line per phase: count of long tasks and the longest. */
export function phaseLines(tasks: readonly LongTask[]): string[] {
  const phases = [...new Set(tasks.map((t) => t.phase))];
  return phases.map((p) => {
    const mine = tasks.filter((t) => t.phase === p).map((t) => t.ms);
    return `${p}: ${mine.length} tasks over 50 ms, longest ${Math.round(Math.max(...mine))} ms`;
  });
}
