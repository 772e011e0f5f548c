import { useCallback, useRef, useState } from 'react';
import {
  EngineError,
  type BackendName,
  type EngineClient,
  type LossPoint,
  type ModelKind,
  type ModelSummary,
  type SynthesisConfig,
  type TrainReport,
} from '../../worker/engine-client';

export interface CompareRun {
  kind: ModelKind;
  status: 'waiting' | 'training' | 'done' | 'stopped' | 'failed';
  losses: LossPoint[];
  quality: { epoch: number; score: number }[];
  report: TrainReport | null;
  model: ModelSummary | null;
  message: string | null;
}

export interface CompareState {
  running: boolean;
  runs: CompareRun[];
}

const fresh = (kind: ModelKind): CompareRun => ({
  kind,
  status: 'waiting',
  losses: [],
  quality: [],
  report: null,
  model: null,
  message: null,
});

/**
 * Trains several models one after another on the same data and settings, keeping each one's
 * charts and headline figures. The engine keeps the last model trained; `onModel` hands it to
 * the generate panel.
 */
export function useCompare(
  engine: () => EngineClient | null,
  onModel: (model: ModelSummary) => void,
) {
  const [state, setState] = useState<CompareState>({ running: false, runs: [] });
  /** Aborts the comparison: the run training now stops and the ones after it never start. */
  const comparison = useRef<AbortController | null>(null);

  const update = (kind: ModelKind, f: (r: CompareRun) => CompareRun) =>
    setState((s) => ({ ...s, runs: s.runs.map((r) => (r.kind === kind ? f(r) : r)) }));

  const start = useCallback(
    async (configs: SynthesisConfig[], backends: BackendName[]) => {
      const client = engine();
      if (!client) return;
      const controller = new AbortController();
      comparison.current = controller;
      setState({ running: true, runs: configs.map((c) => fresh(c.model)) });
      let last: ModelSummary | null = null;
      for (const config of configs) {
        const kind = config.model;
        if (controller.signal.aborted) {
          update(kind, (r) => ({ ...r, status: 'stopped' }));
          continue;
        }
        update(kind, (r) => ({ ...r, status: 'training' }));
        const { done } = client.train(config, backends, {
          signal: controller.signal,
          onReport: (report, losses) =>
            update(kind, (r) => ({
              ...r,
              report,
              losses: losses.length > 0 ? [...r.losses, ...losses] : r.losses,
            })),
          onSnapshot: (snap) =>
            update(kind, (r) => ({
              ...r,
              quality: [...r.quality, { epoch: snap.epoch, score: snap.columnShapes }],
            })),
        });
        try {
          const model = await done;
          last = model;
          update(kind, (r) => ({ ...r, status: 'done', model }));
        } catch (e) {
          const wasStopped = e instanceof EngineError && e.code === 'cancelled';
          update(kind, (r) => ({
            ...r,
            status: wasStopped ? 'stopped' : 'failed',
            message: e instanceof Error ? e.message : String(e),
          }));
          last = null;
        }
      }
      if (comparison.current === controller) comparison.current = null;
      setState((s) => ({ ...s, running: false }));
      if (last) onModel(last);
    },
    [engine, onModel],
  );

  const stop = useCallback(() => comparison.current?.abort(), []);

  return { state, commands: { start, stop } };
}
