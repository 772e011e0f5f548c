/**
 * The report loop of one training segment: reads the pipeline's step reports, batches them to
 * the page, gives pause and stop messages a turn, takes due checkpoints, and samples the live
 * snapshots (a few per run) that keep-best scores.
 */
import type { PipelineReport } from '../core/pipeline';
import type { TrainReport } from '../core/train/train-loop';
import type { LiveMonitor } from './live-monitor';
import { PEEK_ROWS } from './live-monitor';
import type { ProgressBatch } from './progress-batch';
import type { EngineResponse } from './protocol';

/** Longest stretch of training before the worker reads its messages. */
export const YIELD_EVERY_MS = 50;
/** Live snapshots in a whole run, at most (plus the first and the last epoch). */
export const SNAPSHOTS_PER_RUN = 30;
/** Least time between two live snapshots, but for the last epoch. */
export const SNAPSHOT_GAP_MS = 700;

/** Resolves on a later task, after pending messages have been handled. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** What the loop asks of the session around it. */
export interface DriveHooks {
  /** A promise to wait on while the run is paused; null when it is not. */
  paused(): Promise<void> | null;
  /** At each epoch end (the checkpoint policy). */
  epochEnd(r: PipelineReport): Promise<void>;
  /** A live snapshot of the model now: its column-shapes score, or null. */
  snapshot(r: PipelineReport): Promise<number | null>;
  /** With keep-best: scores the epoch; true when training should stop for lack of gain. */
  scored?: (r: PipelineReport, score: number) => Promise<boolean>;
}

/** Races waits against a lost context (see training-faults' ContextWatch). */
export interface Guard {
  guard<T>(p: Promise<T>): Promise<T>;
  epoch: number;
}

export interface DriveResult<S> {
  /** The last step report, or null when there was none. */
  last: TrainReport | null;
  /** What the generator returned; null when keep-best ended the run early. */
  result: S | null;
}

/** Whether the epoch of `r` gets a live snapshot (its first, last, and every `every`th). */
export function snapshotDue(r: PipelineReport, every: number, sinceLastMs: number): boolean {
  if (!r.peek || !r.epochEnd) return false;
  const final = r.epoch === r.epochs || r.stoppedEarly === true;
  const due = r.epoch === 1 || final || r.epoch % every === 0;
  return due && (final || sinceLastMs > SNAPSHOT_GAP_MS);
}

/** Drives a training generator to its end (or keep-best's stop). */
export async function driveRun<S>(
  run: AsyncGenerator<PipelineReport, S, undefined>,
  progress: ProgressBatch,
  epochs: number,
  hooks: DriveHooks,
  watch: Guard,
  now: () => number = () => performance.now(),
): Promise<DriveResult<S>> {
  const every = Math.max(1, Math.ceil(epochs / SNAPSHOTS_PER_RUN));
  let lastYield = now();
  let lastSnapshot = -Infinity;
  let last: TrainReport | null = null;
  for (;;) {
    // A step on wasm or cpu may finish without a real await; give pause/stop messages a turn.
    if (now() - lastYield > YIELD_EVERY_MS) {
      await nextTask();
      lastYield = now();
    }
    const paused = hooks.paused();
    if (paused) await paused;
    const next = await watch.guard(run.next());
    if (next.done) {
      progress.flush();
      return { last, result: next.value };
    }
    const r = next.value;
    last = r;
    watch.epoch = r.epoch;
    progress.add(r);
    if (r.epochEnd) await watch.guard(hooks.epochEnd(r));
    if (!snapshotDue(r, every, now() - lastSnapshot)) continue;
    // flush first, so the page sees the epoch's losses no later than its snapshot
    progress.flush();
    const score = await watch.guard(hooks.snapshot(r));
    lastSnapshot = now();
    if (hooks.scored && score !== null && (await watch.guard(hooks.scored(r, score)))) {
      // no gain for `patience` scored epochs: end here, with the best epoch's model
      await run.return(undefined as unknown as S);
      progress.flush();
      return { last, result: null };
    }
  }
}

/**
 * Samples the model as it is after `r`'s epoch and posts real against synthetic; returns the
 * sample's column-shapes score, or null when there is none (a failed snapshot is logged).
 */
export async function liveSnapshot(
  runId: number,
  r: PipelineReport,
  monitor: LiveMonitor,
  seed: number,
  post: (m: EngineResponse) => void,
): Promise<number | null> {
  if (!r.peek) return null;
  try {
    const sample = await r.peek(
      Math.min(PEEK_ROWS, Math.max(50, monitor.real.rows)),
      seed + r.epoch,
    );
    const snapshot = monitor.snapshot(r.epoch, r.epochs, sample);
    post({ type: 'train-snapshot', runId, snapshot });
    return snapshot.columnShapes;
  } catch (e) {
    // a live chart is a view on training, not part of it: training goes on without this one
    console.error('Live snapshot failed', e);
    return null;
  }
}
