import { useCallback, useState } from 'react';
import { reportToHtml } from '../../core/io/report-html';
import { reportToJson } from '../../core/io/report-json';
import { downloadBlob } from '../../ui/download';
import type { EngineClient, EvaluationReport } from '../../worker/engine-client';
import type { EvaluationProgress } from './EvaluatePanel';

export interface EvaluationState {
  progress: EvaluationProgress | null;
  report: EvaluationReport | null;
  message: string | null;
}

const INITIAL: EvaluationState = { progress: null, report: null, message: null };

/** Runs the evaluation in the engine and turns its report into the two downloads. */
export function useEvaluation(engine: () => EngineClient | null) {
  const [state, setState] = useState<EvaluationState>(INITIAL);

  const evaluate = useCallback(
    async (target: string | null, seed: number) => {
      const client = engine();
      if (!client) return;
      setState({ progress: { stage: 'starting', share: 0 }, report: null, message: null });
      try {
        const report = await client.evaluate(target, seed, (stage, share) =>
          setState((s) => ({ ...s, progress: { stage, share } })),
        );
        setState({ progress: null, report, message: null });
      } catch (e) {
        setState({
          progress: null,
          report: null,
          message: e instanceof Error ? e.message : String(e),
        });
      }
    },
    [engine],
  );

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

  return { state, commands: { evaluate, reset, downloadHtml, downloadJson } };
}
