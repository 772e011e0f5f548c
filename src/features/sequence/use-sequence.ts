/**
 * The state of the "Entities with events" steps and their commands as plain functions: files
 * read, entities read with the user's choices, the sequence model, its epochs, the entities
 * written and their evaluation. The engine does the work; this keeps what the page shows.
 */
import { useCallback, useRef, useState } from 'react';
import type { Condition } from '../../core/rules/conditions';
import { EngineError, type EngineClient } from '../../worker/engine-client';
import type {
  EntityTrace,
  SequenceEpoch,
  SequenceFilesView,
  SequenceGenerated,
  SequenceModelKind,
  SequenceModelSummary,
  SequenceReadOptions,
  SequenceReadView,
  SequenceReport,
} from '../../worker/sequence-client';

export interface SequenceEvaluation {
  report: SequenceReport;
  json: string;
  html: string;
}

export interface SequenceState {
  busy: 'reading' | 'training' | 'generating' | 'evaluating' | 'saving' | null;
  /** The model being trained, or the one trained or loaded last. */
  kind: SequenceModelKind | null;
  files: SequenceFilesView | null;
  read: SequenceReadView | null;
  model: SequenceModelSummary | null;
  /** The epochs of the run under way or last finished. */
  epochs: SequenceEpoch[];
  backend: string | null;
  generated: SequenceGenerated | null;
  evaluation: SequenceEvaluation | null;
  error: string | null;
}

const EMPTY: SequenceState = {
  busy: null,
  kind: null,
  files: null,
  read: null,
  model: null,
  epochs: [],
  backend: null,
  generated: null,
  evaluation: null,
  error: null,
};

export interface TrainChoice {
  model: SequenceModelKind;
  epochs: number | null;
  seed: number;
  holdoutShare: number;
}

const messageOf = (e: unknown) =>
  e instanceof EngineError || e instanceof Error ? e.message : String(e);

/** Epoch reports reach the state at most four times a second (a chart redraw each). */
const EPOCH_FLUSH_MS = 250;

type Patch = (p: Partial<SequenceState>) => void;
type Run = (
  busy: NonNullable<SequenceState['busy']>,
  work: (c: EngineClient) => Promise<void>,
) => Promise<void>;

/** Epoch reports, passed on to the state in batches (a chart redraw per batch, not per epoch). */
function useEpochFeed(setState: (f: (s: SequenceState) => SequenceState) => void) {
  const pending = useRef<SequenceEpoch[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const add = pending.current;
    pending.current = [];
    if (add.length > 0) setState((s) => ({ ...s, epochs: [...s.epochs, ...add] }));
  }, [setState]);
  const push = useCallback(
    (e: SequenceEpoch) => {
      pending.current.push(e);
      timer.current ??= setTimeout(flush, EPOCH_FLUSH_MS);
    },
    [flush],
  );
  return { push, flush };
}

/** Generate, evaluate and the model file: plain functions of the engine's answers. */
function outputCommands(run: Run, patch: Patch) {
  return {
    generate: (entities: number, seed: number, conditions: Condition[] = []) =>
      run('generating', async (c) => {
        const generated = await c.sequences.generate(entities, seed, conditions);
        patch({ generated, evaluation: null });
      }),
    evaluate: (seed: number) =>
      run('evaluating', async (c) => {
        patch({ evaluation: await c.sequences.evaluate(seed) });
      }),
    saveModel: (onFile: (file: Blob, name: string) => void) =>
      run('saving', async (c) => {
        const { file, name } = await c.sequences.saveModel();
        onFile(file, name);
      }),
    loadModel: (file: File) =>
      run('training', async (c) => {
        const model = await c.sequences.loadModel(file, ['wasm', 'cpu']);
        patch({ model, kind: model.kind, epochs: [], generated: null, evaluation: null });
      }),
  };
}

export function useSequence(engine: () => EngineClient | null) {
  const [state, setState] = useState<SequenceState>(EMPTY);
  const stop = useRef<AbortController | null>(null);
  const patch: Patch = useCallback((p) => setState((s) => ({ ...s, ...p })), []);
  const feed = useEpochFeed(setState);

  /** Runs `work` on the engine as `busy`, showing its failure in the user's words. */
  const run: Run = useCallback(
    async (busy, work) => {
      const client = engine();
      if (!client) return;
      patch({ busy, error: null });
      try {
        await work(client);
      } catch (e) {
        patch({ error: messageOf(e) });
      } finally {
        patch({ busy: null });
      }
    },
    [engine, patch],
  );

  const train = (choice: TrainChoice) =>
    run('training', async (c) => {
      const controller = new AbortController();
      stop.current = controller;
      patch({
        kind: choice.model,
        epochs: [],
        model: null,
        generated: null,
        evaluation: null,
        backend: null,
      });
      try {
        const model = await c.sequences.train({
          ...choice,
          backends: ['wasm', 'cpu'],
          signal: controller.signal,
          onBackend: (name, reason) => patch({ backend: `${name}: ${reason}` }),
          onEpoch: feed.push,
        });
        patch({ model });
      } finally {
        stop.current = null;
        feed.flush();
      }
    });

  const commands = {
    load: (events: File, subjects: File | null) =>
      run('reading', async (c) => {
        const { files, read } = await c.sequences.load(events, subjects);
        setState({ ...EMPTY, files, read });
      }),
    reread: (options: SequenceReadOptions) =>
      run('reading', async (c) => {
        const read = await c.sequences.read(options);
        patch({ read, model: null, generated: null, evaluation: null, epochs: [] });
      }),
    train,
    stop: () => stop.current?.abort(),
    ...outputCommands(run, patch),
    /** "Write one entity": not a busy step (the studio shows its own progress). */
    trace: (seed: number): Promise<EntityTrace> => {
      const client = engine();
      return client
        ? client.sequences.trace(seed)
        : Promise.reject(new Error('The engine is not running.'));
    },
    dismissError: () => patch({ error: null }),
  };
  return { state, commands };
}
