/**
 * A table with no column to learn (every column constant, an identifier or free text) has one
 * honest synthetic answer: its constants repeated, fresh identifiers and placeholder text, all
 * written by the codec. Every model gives that answer through this synthesizer instead of
 * failing on an empty table.
 */
import type { ModelKind, Synthesizer } from '../contract';

/** True when the model-form table has no column for a model to learn. */
export const nothingToLearn = (table: { columns: readonly unknown[] }): boolean =>
  table.columns.length === 0;

/** The synthesizer of a table with nothing to learn: rows with no modelled column. */
export function passThrough<K extends ModelKind>(kind: K): Synthesizer<K> {
  return {
    kind,
    training: null,
    sample: async (rows) => ({ rows, columns: [] }),
    save: async () => null as never,
    dispose: () => undefined,
  };
}
