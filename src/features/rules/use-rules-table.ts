import { useCallback, useState } from 'react';
import type { RulesSpec } from '../../core/rules/rules-spec';
import { downloadBlob } from '../../ui/download';
import type { EngineClient, Generated } from '../../worker/engine-client';

export interface RulesTableState {
  making: { done: number; total: number } | null;
  made: Generated | null;
  error: string | null;
}

/** Making a table from rules alone in the engine worker, and taking the CSV away. */
export function useRulesTable(engine: () => EngineClient | null) {
  const [state, setState] = useState<RulesTableState>({ making: null, made: null, error: null });
  const make = useCallback(
    async (spec: RulesSpec, rows: number, seed: number) => {
      const client = engine();
      if (!client) return;
      setState({ making: { done: 0, total: rows }, made: null, error: null });
      try {
        const result = await client.generateRules(spec, rows, seed, true, (done, total) =>
          setState((s) => ({ ...s, making: { done, total } })),
        );
        setState({ making: null, made: result, error: null });
      } catch (e) {
        setState({ making: null, made: null, error: e instanceof Error ? e.message : String(e) });
      }
    },
    [engine],
  );

  const download = useCallback(
    (name: string) => {
      if (state.made) downloadBlob(state.made.csv, name);
    },
    [state.made],
  );

  return { state, commands: { make, download } };
}
