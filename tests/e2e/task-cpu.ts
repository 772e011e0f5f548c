/**
 * What the page's main thread spent on each of its tasks, from a Chromium trace: wall time and
 * the thread's own CPU time. A long task whose CPU time is small was not the page's work but the
 * thread waiting for a core (other processes, or the model's own threads, had them), so the two
 * together tell a slow page from a busy machine. Used by tests/e2e/responsive.spec.ts.
 */
import type { Browser, Page } from '@playwright/test';

/** Trace categories: top-level tasks (with thread CPU time) and the phase marks. */
const CATEGORIES = ['toplevel', 'blink.user_timing', '__metadata'];

export interface TaskCpu {
  /** The session phase the task ran in (from the `phase: …` performance marks). */
  phase: string;
  wallMs: number;
  cpuMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export async function startTaskTrace(browser: Browser, page: Page): Promise<void> {
  await browser.startTracing(page, { categories: CATEGORIES, screenshots: false });
}

/**
 * Stops the trace and returns every main-thread task of the page that ran 50 ms or longer or used
 * 25 ms of CPU or more, with the phase it ran in. The page's main thread is the renderer main
 * thread that holds the phase marks.
 */
export async function stopTaskTrace(browser: Browser): Promise<TaskCpu[]> {
  const buffer = await browser.stopTracing();
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] };
  const marks = traceEvents.filter((e) => e.name.startsWith('phase: ')).sort((a, b) => a.ts - b.ts);
  const first = marks[0];
  if (!first) return [];
  const thread = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const markThreads = new Set(marks.map(thread));
  const phaseAt = (ts: number) => {
    let phase = 'start-up';
    for (const m of marks) if (m.ts <= ts) phase = m.name.slice('phase: '.length);
    return phase;
  };
  return traceEvents
    .filter(
      (e) =>
        e.ph === 'X' &&
        e.name === 'ThreadControllerImpl::RunTask' &&
        markThreads.has(thread(e)) &&
        ((e.dur ?? 0) >= 50_000 || (e.tdur ?? 0) >= 25_000),
    )
    .map((e) => ({
      phase: phaseAt(e.ts),
      wallMs: (e.dur ?? 0) / 1000,
      cpuMs: (e.tdur ?? 0) / 1000,
    }))
    .filter((t) => t.phase !== 'start-up');
}
