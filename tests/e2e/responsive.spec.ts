import { expect, test } from '@playwright/test';
import {
  LONG_TASK_LIMIT_MS,
  phaseLines,
  recordLongTasks,
  runSession,
  type SessionPlan,
} from './responsive-session';
import { CORES, measureOtherLoad } from './machine-load';
import { startTaskTrace, stopTaskTrace, type TaskCpu } from './task-cpu';

// The page must never freeze: with the live charts open while a model trains, then while rows
// are generated and evaluated, no main-thread task may run longer than 100 ms
// (PerformanceObserver 'longtask'). The short version of `npm run bench:responsive`, which runs
// the same session for 20 minutes of training.
//
// One retry: on the 2-core CI machine a task now and then keeps the main thread for over 100 ms of
// wall time with only about 10 ms of its own CPU (a fresh clone's run, 2026-12-06: 114 ms wall,
// 10 ms CPU, while loading the demo, other processes at 1%), the thread waiting for a core that
// Chromium's own worker and GPU process hold. A page that really blocks fails both runs; Playwright
// reports a pass on the retry as "flaky", so it stays visible.
test.describe.configure({ timeout: 300_000, retries: 1 });

/** Compute setting for the runs: 'auto' unless E2E_LONGTASK_COMPUTE says otherwise. */
const COMPUTE = process.env.E2E_LONGTASK_COMPUTE ?? 'auto';
/** Each run trains its epochs or for this long, then generates and evaluates. */
const TRAIN_MS = 30_000;

const PLANS: (SessionPlan & { name: string; limitMs: number })[] = [
  {
    name: 'CTGAN on the penguins demo',
    table: 'penguins',
    model: 'CTGAN',
    epochs: 30,
    trainMs: TRAIN_MS,
    generateRows: 2000,
    compute: COMPUTE,
    limitMs: LONG_TASK_LIMIT_MS,
  },
  {
    // the widest views: 40 column cards and a 40 × 40 pair heatmap
    name: 'ARGN on a table of 40 numeric columns',
    table: { numericColumns: 40, rows: 400 },
    model: 'ARGN',
    epochs: 2,
    trainMs: TRAIN_MS,
    generateRows: 400,
    compute: COMPUTE,
    limitMs: LONG_TASK_LIMIT_MS,
  },
];

/**
 * Each task's own CPU time must stay under half the limit: with the model's threads on every
 * core, the main thread shares one and gets at least half of it, so such a task ends within the
 * limit on a machine doing nothing else. This part holds however busy the machine is.
 */
const CPU_LIMIT_MS = LONG_TASK_LIMIT_MS / 2;
/**
 * Above this share of all CPUs used by other processes during the run, the wall-clock limit
 * measures the machine, not the page: with other processes using 68-74% of a shared 2-core
 * machine, tasks of 7-18 ms of CPU took 147-376 ms of wall time. The wall time is then only held
 * to LOADED_WALL_LIMIT_MS, to catch a page that really hangs, and the CPU limit above still holds.
 */
const OTHERS_BUSY = 0.25;
const LOADED_WALL_LIMIT_MS = 1000;

for (const plan of PLANS) {
  test(`no main-thread task over 100 ms: ${plan.name}, training with live charts, generating and evaluating`, async ({
    page,
    browser,
  }) => {
    await recordLongTasks(page);
    const otherLoad = measureOtherLoad();
    await startTaskTrace(browser, page);
    const result = await runSession(page, plan);
    const cpu = await stopTaskTrace(browser);
    const others = otherLoad();
    for (const t of result.tasks)
      console.log(
        `${plan.model} ${t.phase} at ${Math.round(t.at)} ms: task of ${Math.round(t.ms)} ms${(t.scripts ?? []).map((x) => `\n    ${x}`).join('')}`,
      );
    for (const line of phaseLines(result.tasks)) console.log(`${plan.model} ${line}`);
    for (const line of cpuLines(cpu)) console.log(`${plan.model} ${line}`);
    const loaded = others !== null && others >= OTHERS_BUSY;
    const wallLimit = loaded ? LOADED_WALL_LIMIT_MS : plan.limitMs;
    console.log(
      `${plan.model}: other processes used ${others === null ? 'an unknown share' : `${Math.round(others * 100)}%`} of the ${CORES} CPUs; wall limit ${wallLimit} ms, CPU limit ${CPU_LIMIT_MS} ms`,
    );
    console.log(`${plan.model}: ${result.progress}`);
    expect(result.progress).toMatch(/epoch \d+ of/);
    expect(Math.max(0, ...cpu.map((t) => t.cpuMs))).toBeLessThan(CPU_LIMIT_MS);
    expect(Math.max(0, ...result.tasks.map((t) => t.ms))).toBeLessThan(wallLimit);
  });
}

/** One line per phase: the longest task's own CPU time, and the longest wall time beside it. */
function cpuLines(tasks: readonly TaskCpu[]): string[] {
  const phases = [...new Set(tasks.map((t) => t.phase))];
  return phases.map((p) => {
    const mine = tasks.filter((t) => t.phase === p);
    const cpu = Math.max(...mine.map((t) => t.cpuMs));
    const wall = Math.max(...mine.map((t) => t.wallMs));
    return `${p}: most CPU in one task ${Math.round(cpu)} ms (longest wall ${Math.round(wall)} ms)`;
  });
}
