import { useCallback, useRef, useState } from 'react';
import { reportToHtml } from '../../core/io/report-html';
import { reportToJson } from '../../core/io/report-json';
import { downloadBlob } from '../../ui/download';
import { EngineError, type EngineClient, type EvaluationReport } from '../../worker/engine-client';
import type { EvaluationProgress } from './EvaluatePanel';

export interface EvaluationState {
  progress: EvaluationProgress | null;
  report: EvaluationReport | null;
  message: string | null;
  /** The last evaluation was cancelled (nothing was scored). */
  cancelled: boolean;
}

const INITIAL: EvaluationState = { progress: null, report: null, message: null, cancelled: false };

/** Runs the evaluation in the engine and turns its report into the two downloads. */
export function useEvaluation(engine: () => EngineClient | null) {
  const [state, setState] = useState<EvaluationState>(INITIAL);
  const running = useRef<AbortController | null>(null);

  const evaluate = useCallback(
    async (target: string | null, seed: number) => {
      const client = engine();
      if (!client) return;
      const controller = new AbortController();
      running.current = controller;
      setState({ ...INITIAL, progress: { stage: 'starting', share: 0 } });
      try {
        const report = await client.evaluate(
          target,
          seed,
          (stage, share) => setState((s) => ({ ...s, progress: { stage, share } })),
          controller.signal,
        );
        setState({ ...INITIAL, report });
      } catch (e) {
        if (e instanceof EngineError && e.code === 'cancelled') {
          setState({ ...INITIAL, cancelled: true });
          return;
        }
        setState({ ...INITIAL, message: e instanceof Error ? e.message : String(e) });
      } finally {
        if (running.current === controller) running.current = null;
      }
    },
    [engine],
  );

  /** Stops the evaluation under way; the engine stops scoring at once. */
  const cancel = useCallback(() => running.current?.abort(), []);

  const reset = useCallback(() => setState(INITIAL), []);

  const downloadHtml = useCallback(
    (baseName: string) => {
      if (!state.report) return;
      const html = reportToHtml(state.report, {
        title: `Facsimile report: ${baseName}`,
        generatedAt: new Date().toISOString(),
      });
      downloadBlob(new Blob([html], { type: 'text/html' }), `${baseName}-report.html`);
    },
    [state.report],
  );

  const downloadJson = useCallback(
    (baseName: string) => {
      if (!state.report) return;
      const json = reportToJson(state.report);
      downloadBlob(new Blob([json], { type: 'application/json' }), `${baseName}-report.json`);
    },
    [state.report],
  );

  return { state, commands: { evaluate, cancel, reset, downloadHtml, downloadJson } };
}
