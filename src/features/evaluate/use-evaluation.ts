import { useCallback, useState } from 'react';
import { reportToHtml } from '../../core/io/report-html';
import { reportToJson } from '../../core/io/report-json';
import { downloadBlob } from '../../ui/download';
import type { EngineClient, EvaluationReport } from '../../worker/engine-client';
import type { AttackSettings } from '../../core/eval/attacks/privacy-attacks';
import type { AttackState } from './AttacksSection';
import type { EvaluationProgress } from './EvaluatePanel';

export interface EvaluationState {
  progress: EvaluationProgress | null;
  report: EvaluationReport | null;
  message: string | null;
  attacks: AttackState;
}

const NO_ATTACKS: AttackState = { progress: null, report: null, message: null };
const INITIAL: EvaluationState = {
  progress: null,
  report: null,
  message: null,
  attacks: NO_ATTACKS,
};

/** Runs the evaluation in the engine and turns its report into the two downloads. */
export function useEvaluation(engine: () => EngineClient | null) {
  const [state, setState] = useState<EvaluationState>(INITIAL);

  const evaluate = useCallback(
    async (target: string | null, seed: number) => {
      const client = engine();
      if (!client) return;
      setState({
        progress: { stage: 'starting', share: 0 },
        report: null,
        message: null,
        attacks: NO_ATTACKS,
      });
      try {
        const report = await client.evaluate(target, seed, (stage, share) =>
          setState((s) => ({ ...s, progress: { stage, share } })),
        );
        setState({ progress: null, report, message: null, attacks: NO_ATTACKS });
      } catch (e) {
        setState({
          progress: null,
          report: null,
          message: e instanceof Error ? e.message : String(e),
          attacks: NO_ATTACKS,
        });
      }
    },
    [engine],
  );

  /** Runs the privacy attacks and adds them (or why they could not run) to the report. */
  const attack = useCallback(
    async (settings: AttackSettings, target: string | null, seed: number) => {
      const client = engine();
      if (!client) return;
      const setAttacks = (attacks: AttackState) => setState((s) => ({ ...s, attacks }));
      setAttacks({ progress: 0, report: null, message: null });
      try {
        const r = await client.attack(settings, target, seed, (share) =>
          setState((s) => ({ ...s, attacks: { ...s.attacks, progress: share } })),
        );
        setState((s) => ({
          ...s,
          attacks: { progress: null, report: r.report, message: r.error },
          report: s.report && {
            ...s.report,
            privacyAttacks: r.report,
            ...(r.error ? { privacyAttacksError: r.error } : { privacyAttacksError: undefined }),
          },
        }));
      } catch (e) {
        setAttacks({
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

  return { state, commands: { evaluate, attack, reset, downloadHtml, downloadJson } };
}
