import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type Dispatch,
  type SetStateAction,
} from 'react';
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
  const [state, setState] = useState<DatasetState>(EMPTY_STATE);
  const latest = useRef(state);
  // kept current after each commit, for the commands (which run in event handlers)
  useLayoutEffect(() => {
    latest.current = state;
  });

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
      if (client) await loadTable(client, name, start, kept, setState);
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
      await applySchema(client, current, { overrides, missingTokens }, setState);
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
    setOverrides: (changes: Record<string, ColumnOverride>) =>
      void apply(mergeOverrides(latest.current.overrides, changes), latest.current.missingTokens),
    applyFix: (column: string, fix: EncodingFix) => setOverride(column, overrideOfFix(fix)),
    setMissingTokens: (tokens: string[]) => void apply(latest.current.overrides, tokens),
    dismissError: () => setState((s) => ({ ...s, error: null })),
    fetchRows: (start: number, count: number) =>
      engine.current?.getRows(start, count) ?? Promise.resolve([]),
  };
  const getEngine = useCallback(() => engine.current, []);
  return { state, commands, engine: getEngine };
}

const EMPTY_STATE: DatasetState = {
  status: { state: 'idle' },
  dataset: null,
  error: null,
  overrides: {},
  missingTokens: [...DEFAULT_MISSING_TOKENS],
};

/** `overrides` with each column's `changes` laid over its own. */
function mergeOverrides(
  overrides: Record<string, ColumnOverride>,
  changes: Record<string, ColumnOverride>,
): Record<string, ColumnOverride> {
  const merged = { ...overrides };
  for (const [column, change] of Object.entries(changes)) {
    merged[column] = { ...merged[column], ...change };
  }
  return merged;
}

/** The schema change an encoding fix makes. */
const overrideOfFix = (fix: EncodingFix): ColumnOverride =>
  fix.type === 'kind' ? { kind: fix.kind, topK: null } : { topK: fix.k };

type SetDatasetState = Dispatch<SetStateAction<DatasetState>>;

/**
 * Reads a table with `start`, then applies the choices remembered for its header (or `kept`,
 * those a resumed run was trained with). A failure keeps the table there was before.
 */
async function loadTable(
  client: EngineClient,
  name: string,
  start: (e: EngineClient) => Promise<DatasetView>,
  kept: RememberedChoices | undefined,
  setState: SetDatasetState,
): Promise<void> {
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
}

/** Sends schema choices to the engine, shows the re-inferred table and remembers them. */
async function applySchema(
  client: EngineClient,
  current: DatasetView,
  choices: { overrides: Record<string, ColumnOverride>; missingTokens: string[] },
  setState: SetDatasetState,
): Promise<void> {
  const { overrides, missingTokens } = choices;
  setState((s) => ({ ...s, overrides, missingTokens }));
  try {
    const dataset = await client.updateSchema(missingTokens, overrides);
    setState((s) => ({ ...s, dataset, error: null }));
    await saveChoices(current.columnNames, { overrides, missingTokens });
  } catch (e) {
    setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
  }
}
