import { useCallback, useEffect, useRef, useState } from 'react';
import type { EncodingFix } from '../core/data/encoding-warnings';
import type { ColumnKind, ColumnOverride } from '../core/types';
import { DEFAULT_MISSING_TOKENS } from '../core/types';
import { demoUrl, type DemoDataset } from '../features/load-data/demo-datasets';
import {
  loadChoices,
  saveChoices,
  type RememberedChoices,
} from '../features/schema/override-store';
import {
  EngineClient,
  EngineError,
  type DatasetView,
  type LoadProgress,
} from '../worker/engine-client';

export type LoadStatus =
  | { state: 'idle' }
  | { state: 'loading'; name: string; progress: LoadProgress | null }
  | { state: 'ready' };

export interface DatasetState {
  status: LoadStatus;
  dataset: DatasetView | null;
  error: string | null;
  overrides: Record<string, ColumnOverride>;
  missingTokens: string[];
}

/**
 * The small global state of the data step, and its commands as plain functions. A failed load
 * keeps the table that was there before: bad input never loses the user's work.
 */
export function useDataset() {
  const engine = useRef<EngineClient | null>(null);
  const [state, setState] = useState<DatasetState>({
    status: { state: 'idle' },
    dataset: null,
    error: null,
    overrides: {},
    missingTokens: [...DEFAULT_MISSING_TOKENS],
  });
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    const client = new EngineClient();
    engine.current = client;
    return () => {
      client.dispose();
      engine.current = null;
    };
  }, []);

  /** `kept`: the schema choices the engine has already applied (a resumed run's). */
  const load = useCallback(
    async (
      name: string,
      start: (e: EngineClient) => Promise<DatasetView>,
      kept?: RememberedChoices,
    ) => {
      const client = engine.current;
      if (!client) return;
      setState((s) => ({ ...s, status: { state: 'loading', name, progress: null }, error: null }));
      try {
        let dataset = await start(client);
        const remembered = kept ?? (await loadChoices(dataset.columnNames));
        const overrides = remembered?.overrides ?? {};
        const missingTokens = remembered?.missingTokens ?? [...DEFAULT_MISSING_TOKENS];
        if (remembered && !kept) dataset = await client.updateSchema(missingTokens, overrides);
        setState({ status: { state: 'ready' }, dataset, error: null, overrides, missingTokens });
      } catch (e) {
        const message = e instanceof EngineError || e instanceof Error ? e.message : String(e);
        setState((s) => ({
          ...s,
          status: s.dataset ? { state: 'ready' } : { state: 'idle' },
          error: message,
        }));
      }
    },
    [],
  );

  const onProgress = useCallback((name: string) => {
    return (progress: LoadProgress) =>
      setState((s) =>
        s.status.state === 'loading' ? { ...s, status: { state: 'loading', name, progress } } : s,
      );
  }, []);

  const loadFile = useCallback(
    (file: File) => load(file.name, (c) => c.loadFile(file, { onProgress: onProgress(file.name) })),
    [load, onProgress],
  );

  const loadDemo = useCallback(
    (demo: DemoDataset) =>
      load(demo.file, (c) =>
        c.loadUrl(demoUrl(demo), demo.file, { onProgress: onProgress(demo.file) }),
      ),
    [load, onProgress],
  );

  /**
   * Shows the table of a resumed run, which the engine reads again from this browser's storage
   * with the choices the run was trained with. `begin` starts the read.
   */
  const showResumed = useCallback(
    (
      name: string,
      choices: RememberedChoices,
      begin: (onProgress: (p: LoadProgress) => void) => Promise<DatasetView>,
    ) => load(name, () => begin(onProgress(name)), choices),
    [load, onProgress],
  );

  const apply = useCallback(
    async (overrides: Record<string, ColumnOverride>, missingTokens: string[]) => {
      const client = engine.current;
      const current = latest.current.dataset;
      if (!client || !current) return;
      setState((s) => ({ ...s, overrides, missingTokens }));
      try {
        const dataset = await client.updateSchema(missingTokens, overrides);
        setState((s) => ({ ...s, dataset, error: null }));
        await saveChoices(current.columnNames, { overrides, missingTokens });
      } catch (e) {
        setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
      }
    },
    [],
  );

  const setOverride = useCallback(
    (column: string, change: ColumnOverride) => {
      const s = latest.current;
      const overrides = { ...s.overrides, [column]: { ...s.overrides[column], ...change } };
      void apply(overrides, s.missingTokens);
    },
    [apply],
  );

  const commands = {
    loadFile,
    loadDemo,
    showResumed,
    setKind: (column: string, kind: ColumnKind) => setOverride(column, { kind }),
    setExcluded: (column: string, excluded: boolean) => setOverride(column, { excluded }),
    setOverrides: (changes: Record<string, ColumnOverride>) => {
      const s = latest.current;
      const overrides = { ...s.overrides };
      for (const [column, change] of Object.entries(changes))
        overrides[column] = { ...overrides[column], ...change };
      void apply(overrides, s.missingTokens);
    },
    applyFix: (column: string, fix: EncodingFix) =>
      setOverride(column, fix.type === 'kind' ? { kind: fix.kind, topK: null } : { topK: fix.k }),
    setMissingTokens: (tokens: string[]) => void apply(latest.current.overrides, tokens),
    dismissError: () => setState((s) => ({ ...s, error: null })),
    fetchRows: (start: number, count: number) =>
      engine.current?.getRows(start, count) ?? Promise.resolve([]),
  };
  const getEngine = useCallback(() => engine.current, []);
  return { state, commands, engine: getEngine };
}
