import { useCallback, useRef, useState } from 'react';
import type { AttackSettings } from '../../core/eval/attacks/privacy-attacks';
import { reportToHtml } from '../../core/io/report-html';
import { reportToJson } from '../../core/io/report-json';
import { downloadBlob } from '../../ui/download';
import { EngineError, type EngineClient, type EvaluationReport } from '../../worker/engine-client';
import type { AttackState } from './AttacksSection';
import type { EvaluationProgress } from './EvaluatePanel';

export interface EvaluationState {
  progress: EvaluationProgress | null;
  report: EvaluationReport | null;
  message: string | null;
  /** The last evaluation was cancelled (nothing was scored). */
  cancelled: boolean;
  /** The privacy attacks on the evaluated rows. */
  attacks: AttackState;
}

const NO_ATTACKS: AttackState = { progress: null, report: null, message: null };
const INITIAL: EvaluationState = {
  progress: null,
  report: null,
  message: null,
  cancelled: false,
  attacks: NO_ATTACKS,
};

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

  return { state, commands: { evaluate, attack, cancel, reset, downloadHtml, downloadJson } };
}
