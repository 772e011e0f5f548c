import { useCallback, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { downloadBlob } from '../../ui/download';
import {
  EngineError,
  type BackendName,
  type EpochLine,
  type LossPoint,
  type EngineClient,
  type GenerateOptions,
  type Generated,
  type ModelSummary,
  type SynthesisConfig,
  type TrainCallbacks,
  type TrainReport,
  type TrainFault,
  type TrainSnapshot,
  type TrainStart,
} from '../../worker/engine-client';

/** A run the engine has begun: its id (for pause / stop) and its end. */
export interface StartedRun {
  runId: number;
  done: Promise<ModelSummary>;
}

export type RunState = 'idle' | 'training' | 'paused' | 'done' | 'stopped' | 'failed';

export interface TrainingState {
  run: RunState;
  backend: { name: BackendName; reason: string; threads?: number } | null;
  report: TrainReport | null;
  /** Loss history, one point per read-back (decimated by the chart). */
  losses: LossPoint[];
  /** One line per finished epoch: how long it took and the live tensor count after it. */
  epochLog: EpochLine[];
  /** The model's anatomy and the real pair associations, from the start of the run. */
  start: TrainStart | null;
  /** The latest real-against-synthetic snapshot. */
  snapshot: TrainSnapshot | null;
  /** Column-shapes score of every snapshot so far. */
  qualitySeries: { epoch: number; score: number }[];
  model: ModelSummary | null;
  message: string | null;
  /** The run's fault (a NaN loss): what was kept and what to try instead; null when none. */
  fault: TrainFault | null;
  generating: { done: number; total: number } | null;
  generated: Generated | null;
  /** The last generation was cancelled (no rows were kept). */
  generateCancelled?: boolean;
}

const INITIAL: TrainingState = {
  run: 'idle',
  backend: null,
  report: null,
  losses: [],
  epochLog: [],
  start: null,
  snapshot: null,
  qualitySeries: [],
  model: null,
  message: null,
  fault: null,
  generating: null,
  generated: null,
};

/** Training and generation state, and the commands as plain functions over the engine. */
export function useTraining(engine: () => EngineClient | null) {
  const [state, setState] = useState<TrainingState>(INITIAL);
  const runId = useRef<number | null>(null);
  const generated = useRef<Generated | null>(null);
  generated.current = state.generated;
  const generation = useRef<AbortController | null>(null);

  /**
   * Follows a run the engine trains, a new one or one resumed after a reload: its messages
   * become this state. `begin` starts it with the callbacks (null: nothing was started).
   */
  const follow = useCallback(async (begin: (callbacks: TrainCallbacks) => StartedRun | null) => {
    const started = begin(runCallbacks(setState));
    if (!started) return;
    setState({ ...INITIAL, run: 'training' });
    const { runId: id, done } = started;
    runId.current = id;
    try {
      const model = await done;
      setState((s) => ({ ...s, run: 'done', model, message: null }));
    } catch (e) {
      const stopped = e instanceof EngineError && e.code === 'cancelled';
      setState((s) => ({
        ...s,
        run: stopped ? 'stopped' : 'failed',
        message: e instanceof Error ? e.message : String(e),
      }));
    } finally {
      runId.current = null;
    }
  }, []);

  const train = useCallback(
    async (config: SynthesisConfig, backends: BackendName[], holdoutShare = 0, measure = false) => {
      const client = engine();
      if (!client) return;
      await follow((callbacks) => client.train(config, backends, callbacks, holdoutShare, measure));
    },
    [engine, follow],
  );

  const control = useCallback(
    async (action: 'pause' | 'resume' | 'stop') => {
      const client = engine();
      if (!client || runId.current === null) return;
      await client.control(action, runId.current);
      if (action !== 'stop')
        setState((s) => ({ ...s, run: action === 'pause' ? 'paused' : 'training' }));
    },
    [engine],
  );

  const generate = useCallback(
    async (rows: number, seed: number, options: GenerateOptions) => {
      const client = engine();
      if (client) await generateRows(client, { rows, seed, options }, setState, generation);
    },
    [engine],
  );

  /** Stops the generation under way; the engine stops after the chunk it is drawing. */
  const cancelGenerate = useCallback(() => generation.current?.abort(), []);

  const saveModel = useCallback(async () => {
    const client = engine();
    if (client) await saveModelFile(client, setState);
  }, [engine]);

  const loadModel = useCallback(
    async (file: File, backends: BackendName[]) => {
      const client = engine();
      if (client) await loadModelFile(client, file, backends, setState);
    },
    [engine],
  );

  /** Takes over a model trained elsewhere on the page (the last one of a comparison). */
  const adopt = useCallback((model: ModelSummary) => {
    setState((s) => ({ ...s, run: 'done', model, message: null, generated: null }));
  }, []);

  const downloadCsv = useCallback((name: string) => {
    if (generated.current) downloadBlob(generated.current.csv, name);
  }, []);

  return {
    state,
    commands: {
      train,
      follow,
      control,
      generate,
      cancelGenerate,
      saveModel,
      loadModel,
      downloadCsv,
      adopt,
    },
  };
}

/** A run's messages, each folded into the training state. */
function runCallbacks(setState: Dispatch<SetStateAction<TrainingState>>): TrainCallbacks {
  return {
    onBackend: (name, reason, threads) =>
      setState((s) => ({
        ...s,
        backend: { name, reason, ...(threads !== undefined ? { threads } : {}) },
      })),
    onReport: (report, losses, epochs) =>
      setState((s) => ({
        ...s,
        report,
        losses: losses.length > 0 ? [...s.losses, ...losses] : s.losses,
        epochLog: epochs.length > 0 ? [...s.epochLog, ...epochs] : s.epochLog,
      })),
    onStart: (start) => setState((s) => ({ ...s, start })),
    onSnapshot: (snapshot) =>
      setState((s) => ({
        ...s,
        snapshot,
        qualitySeries: [
          ...s.qualitySeries,
          { epoch: snapshot.epoch, score: snapshot.columnShapes },
        ],
      })),
    onFault: (fault) => setState((s) => ({ ...s, fault })),
  };
}

/**
 * Generates rows, with progress, into the training state: a cancel is said as such, another
 * error becomes its message.
 */
async function generateRows(
  client: EngineClient,
  ask: { rows: number; seed: number; options: GenerateOptions },
  setState: Dispatch<SetStateAction<TrainingState>>,
  /** Holds this generation's controller while it runs, for Cancel. */
  generation: { current: AbortController | null },
): Promise<void> {
  const { rows, seed, options } = ask;
  const controller = new AbortController();
  generation.current = controller;
  setState((s) => ({
    ...s,
    generating: { done: 0, total: rows },
    message: null,
    generateCancelled: false,
  }));
  try {
    const generated = await client.generate(
      rows,
      seed,
      options,
      (done, total) => setState((s) => ({ ...s, generating: { done, total } })),
      controller.signal,
    );
    setState((s) => ({ ...s, generating: null, generated }));
  } catch (e) {
    const cancelled = e instanceof EngineError && e.code === 'cancelled';
    setState((s) => ({
      ...s,
      generating: null,
      generateCancelled: cancelled,
      message: cancelled ? null : e instanceof Error ? e.message : String(e),
    }));
  } finally {
    if (generation.current === controller) generation.current = null;
  }
}

/** Downloads the trained model as a file (an error becomes the state's message). */
async function saveModelFile(
  client: EngineClient,
  setState: Dispatch<SetStateAction<TrainingState>>,
): Promise<void> {
  try {
    const { file, name } = await client.saveModel();
    downloadBlob(file, name);
  } catch (e) {
    setState((s) => ({ ...s, message: e instanceof Error ? e.message : String(e) }));
  }
}

/** Loads a saved model into the engine; it becomes the model in hand. */
async function loadModelFile(
  client: EngineClient,
  file: File,
  backends: BackendName[],
  setState: Dispatch<SetStateAction<TrainingState>>,
): Promise<void> {
  try {
    const model = await client.loadModel(file, backends, (name, reason, threads) =>
      setState((s) => ({
        ...s,
        backend: { name, reason, ...(threads !== undefined ? { threads } : {}) },
      })),
    );
    setState((s) => ({ ...s, run: 'done', model, message: null, generated: null }));
  } catch (e) {
    setState((s) => ({ ...s, message: e instanceof Error ? e.message : String(e) }));
  }
}
