/**
 * Runs an evaluation (or the privacy attacks) so that it can be cancelled. Scoring is one long synchronous computation
 * (distances between every synthetic and every real row, then two classifiers), during which a
 * worker reads no messages; so in a browser it runs in its own short-lived worker, which a
 * cancel terminates at once, and the engine stays free meanwhile. Where there are no workers
 * (Node: the unit tests, the command line) it runs in place.
 */
import type { EvaluationReport } from '../core/eval/evaluate';
import { attackGenerated, evaluateGenerated, type EvaluationInput } from './evaluation-session';
import { Cancelled } from './generation';

/** An evaluation as it crosses to the evaluation worker: the input without its progress callback. */
export type EvaluationJob = Omit<EvaluationInput, 'onProgress'>;

/** The privacy attacks as they cross to the evaluation worker. */
export type AttackJob = Omit<Parameters<typeof attackGenerated>[0], 'onProgress'>;

/** What the attacks give back: a report, or why they could not run (in the user's words). */
export type AttackOutcome = ReturnType<typeof attackGenerated>;

/** What the evaluation worker is asked to score. */
export type ScoringJob = ({ kind: 'evaluate' } & EvaluationJob) | ({ kind: 'attack' } & AttackJob);

/** Messages from the evaluation worker (`report`: the job's result). */
export type EvaluationMessage =
  | { type: 'progress'; stage: string; share: number }
  | { type: 'done'; report: unknown }
  | { type: 'failed'; message: string };

/** Scores `job` here and now, telling its progress. */
export function scoreJob(
  job: ScoringJob,
  onProgress?: (stage: string, share: number) => void,
): EvaluationReport | AttackOutcome {
  if (job.kind === 'attack') {
    const { kind: _kind, ...input } = job;
    return attackGenerated({
      ...input,
      ...(onProgress ? { onProgress: (share: number) => onProgress('attacks', share) } : {}),
    });
  }
  const { kind: _kind, ...input } = job;
  return evaluateGenerated({ ...input, ...(onProgress ? { onProgress } : {}) });
}

/** A worker as the runner uses it (the browser's Worker). */
export interface EvaluationWorker {
  postMessage(job: ScoringJob): void;
  onmessage: ((event: MessageEvent<EvaluationMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A new evaluation worker, or null where workers do not exist. */
function startWorker(): EvaluationWorker | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./evaluation.worker.ts', import.meta.url), { type: 'module' });
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (stage: string, share: number) => void;
  start?: () => EvaluationWorker | null;
}

/**
 * Scores `job`; rejects with {@link Cancelled} as soon as `signal` aborts (the worker doing it
 * is terminated), or with the evaluation's own error.
 */
export function runEvaluation(
  job: EvaluationJob,
  options: RunOptions = {},
): Promise<EvaluationReport> {
  return runScoring(
    { kind: 'evaluate', ...job },
    'Evaluation was cancelled.',
    options,
  ) as Promise<EvaluationReport>;
}

/** The privacy attacks on `job`, cancellable as {@link runEvaluation} is. */
export function runAttacks(job: AttackJob, options: RunOptions = {}): Promise<AttackOutcome> {
  return runScoring(
    { kind: 'attack', ...job },
    'The attacks were cancelled.',
    options,
  ) as Promise<AttackOutcome>;
}

function runScoring(job: ScoringJob, cancelled: string, options: RunOptions): Promise<unknown> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(new Cancelled(cancelled));
  const worker = (options.start ?? startWorker)();
  if (!worker) return Promise.resolve().then(() => scoreJob(job, onProgress));
  return new Promise<unknown>((resolve, reject) => {
    const end = () => {
      signal?.removeEventListener('abort', cancel);
      worker.terminate();
    };
    const cancel = () => {
      end();
      reject(new Cancelled(cancelled));
    };
    signal?.addEventListener('abort', cancel, { once: true });
    worker.onmessage = ({ data }) => {
      if (data.type === 'progress') {
        onProgress?.(data.stage, data.share);
        return;
      }
      end();
      if (data.type === 'done') resolve(data.report);
      else reject(new Error(data.message));
    };
    worker.onerror = (event) => {
      end();
      reject(new Error(event.message || 'the evaluation worker stopped'));
    };
    worker.postMessage(job);
  });
}
