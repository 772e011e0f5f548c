/**
 * Runs an evaluation so that it can be cancelled. Scoring is one long synchronous computation
 * (distances between every synthetic and every real row, then two classifiers), during which a
 * worker reads no messages; so in a browser it runs in its own short-lived worker, which a
 * cancel terminates at once, and the engine stays free meanwhile. Where there are no workers
 * (Node: the unit tests, the command line) it runs in place.
 */
import type { EvaluationReport } from '../core/eval/evaluate';
import { evaluateGenerated, type EvaluationInput } from './evaluation-session';
import { Cancelled } from './generation';

/** What crosses to the evaluation worker: the input without its progress callback. */
export type EvaluationJob = Omit<EvaluationInput, 'onProgress'>;

/** Messages from the evaluation worker. */
export type EvaluationMessage =
  | { type: 'progress'; stage: string; share: number }
  | { type: 'done'; report: EvaluationReport }
  | { type: 'failed'; message: string };

/** A worker as the runner uses it (the browser's Worker). */
export interface EvaluationWorker {
  postMessage(job: EvaluationJob): void;
  onmessage: ((event: MessageEvent<EvaluationMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

const CANCELLED = 'Evaluation was cancelled.';

/** A new evaluation worker, or null where workers do not exist. */
function startWorker(): EvaluationWorker | null {
  if (typeof Worker === 'undefined') return null;
  return new Worker(new URL('./evaluation.worker.ts', import.meta.url), { type: 'module' });
}

/**
 * Scores `job`; rejects with {@link Cancelled} as soon as `signal` aborts (the worker doing it
 * is terminated), or with the evaluation's own error.
 */
export function runEvaluation(
  job: EvaluationJob,
  options: {
    signal?: AbortSignal;
    onProgress?: (stage: string, share: number) => void;
    start?: () => EvaluationWorker | null;
  } = {},
): Promise<EvaluationReport> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(new Cancelled(CANCELLED));
  const worker = (options.start ?? startWorker)();
  if (!worker) {
    return Promise.resolve().then(() =>
      evaluateGenerated({ ...job, ...(onProgress ? { onProgress } : {}) }),
    );
  }
  return new Promise<EvaluationReport>((resolve, reject) => {
    const end = () => {
      signal?.removeEventListener('abort', cancel);
      worker.terminate();
    };
    const cancel = () => {
      end();
      reject(new Cancelled(CANCELLED));
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
