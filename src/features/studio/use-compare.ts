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
  const current = useRef<number | null>(null);
  const stopped = useRef(false);

  const update = (kind: ModelKind, f: (r: CompareRun) => CompareRun) =>
    setState((s) => ({ ...s, runs: s.runs.map((r) => (r.kind === kind ? f(r) : r)) }));

  const start = useCallback(
    async (configs: SynthesisConfig[], backends: BackendName[]) => {
      const client = engine();
      if (!client) return;
      stopped.current = false;
      setState({ running: true, runs: configs.map((c) => fresh(c.model)) });
      let last: ModelSummary | null = null;
      for (const config of configs) {
        const kind = config.model;
        if (stopped.current) {
          update(kind, (r) => ({ ...r, status: 'stopped' }));
          continue;
        }
        update(kind, (r) => ({ ...r, status: 'training' }));
        const { runId, done } = client.train(config, backends, {
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
        current.current = runId;
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
      current.current = null;
      setState((s) => ({ ...s, running: false }));
      if (last) onModel(last);
    },
    [engine, onModel],
  );

  const stop = useCallback(async () => {
    stopped.current = true;
    const client = engine();
    if (client && current.current !== null) await client.control('stop', current.current);
  }, [engine]);

  return { state, commands: { start, stop } };
}
