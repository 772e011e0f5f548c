/** The ingest benchmark's figures, as a markdown table for people and JSON for tools. */

/** The acceptance goal: no main-thread task longer than this while a file loads. */
export const LONG_TASK_GOAL_MS = 100;

export interface LongTask {
  /** Start, ms after the clock started (just before the file was handed to the page). */
  startMs: number;
  durationMs: number;
}

export interface IngestResult {
  file: string;
  rows: number;
  columns: number;
  fileMB: number;
  loadSeconds: number;
  /** The app's own "read in N s" figure: the worker's read and parse, without inference. */
  appReadSeconds: number | null;
  rowsPerSecond: number;
  /** Longest main-thread task that ran (at least partly) after the clock started. */
  longestTaskMs: number;
  longTasksOverGoal: number;
  /** Long tasks (> 50 ms) from the clock start on. */
  longTasks: LongTask[];
  /** Long tasks while the page started, before the file was chosen: not part of the load. */
  startupLongTasks: LongTask[];
  peakRssMB: number;
  peakPssMB: number;
  peakProcesses: number;
  memorySamples: number;
  mainHeapUsedMB: number | null;
  alerts: string[];
  machine: { cpu: string; cores: number; memoryGB: number; platform: string };
  /** 1-minute load average when the load started and when it ended: other work skews timings. */
  loadAverage: { start: number; end: number };
  chromium: string;
  node: string;
  date: string;
}

const mb = (x: number) => x.toFixed(1);
const count = (x: number) => Math.round(x).toLocaleString('en-US');

/** A two-column markdown table (measure | value). */
export function markdownTable(r: IngestResult): string {
  const rows: [string, string][] = [
    ['file', r.file],
    ['rows', count(r.rows)],
    ['columns', String(r.columns)],
    ['file size (MB)', mb(r.fileMB)],
    ['load time (s), file chosen to summary shown', r.loadSeconds.toFixed(2)],
    ['app-reported read time (s)', r.appReadSeconds === null ? '–' : r.appReadSeconds.toFixed(1)],
    ['rows per second', count(r.rowsPerSecond)],
    ['longest main-thread task during the load (ms)', r.longestTaskMs.toFixed(0)],
    [
      `main-thread long tasks > ${LONG_TASK_GOAL_MS} ms during the load`,
      String(r.longTasksOverGoal),
    ],
    ['main-thread long tasks > 50 ms during the load', String(r.longTasks.length)],
    [
      'longest main-thread task at page start-up, before the load (ms)',
      Math.max(0, ...r.startupLongTasks.map((t) => t.durationMs)).toFixed(0),
    ],
    ['peak browser memory, RSS sum of all Chromium processes (MB)', mb(r.peakRssMB)],
    ['peak browser memory, PSS sum (MB)', mb(r.peakPssMB)],
    ['Chromium processes at most', String(r.peakProcesses)],
    [
      'page main-thread JS heap after load (MB)',
      r.mainHeapUsedMB === null ? '–' : mb(r.mainHeapUsedMB),
    ],
    ['machine', `${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGB} GB`],
    [
      'load average (1 min) at start / end',
      `${r.loadAverage.start.toFixed(2)} / ${r.loadAverage.end.toFixed(2)}`,
    ],
    ['Chromium', r.chromium],
    ['Node', r.node],
  ];
  const lines = ['| measure | value |', '| --- | --- |'];
  for (const [k, v] of rows) lines.push(`| ${k} | ${v.replaceAll('|', '\\|')} |`);
  return lines.join('\n');
}

/** One line per long task, in the order they ran; times are from the clock start. */
export function longTaskLines(tasks: readonly LongTask[]): string {
  if (tasks.length === 0) return 'No main-thread task over 50 ms.';
  return tasks
    .map((t) => {
      const at = t.startMs / 1000;
      return `  long task at ${at < 0 ? '' : '+'}${at.toFixed(2)} s: ${t.durationMs.toFixed(0)} ms`;
    })
    .join('\n');
}
