/**
 * A short-lived worker that scores one evaluation (see evaluation-runner.ts): the engine starts
 * it, sends the job, and terminates it when the job is done or cancelled.
 */
import { evaluateGenerated } from './evaluation-session';
import type { EvaluationJob, EvaluationMessage } from './evaluation-runner';

/** The worker's global scope, as this file uses it. */
interface EvaluationScope {
  postMessage(message: EvaluationMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<EvaluationJob>) => void): void;
}

const scope: EvaluationScope = self;

scope.addEventListener('message', ({ data: job }) => {
  let lastPost = 0;
  try {
    const report = evaluateGenerated({
      ...job,
      onProgress: (stage, share) => {
        const now = performance.now();
        if (now - lastPost < 200) return;
        lastPost = now;
        scope.postMessage({ type: 'progress', stage, share });
      },
    });
    scope.postMessage({ type: 'done', report });
  } catch (e) {
    scope.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
});
