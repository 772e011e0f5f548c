/** The sequence models the CLI can run, by name. */
import type { Rng } from '../core/rng';
import type { EntityTable } from '../core/sequence/entity-table';
import { fitSeqTrees, sampleSeqTrees } from '../core/models/seq-trees/seq-trees';

export interface SequenceRunOptions {
  epochs?: number;
  backend: 'wasm' | 'cpu';
  progress: (line: string) => void;
}

export interface SequenceModelEntry {
  run(
    table: EntityTable,
    entities: number,
    rng: Rng,
    options: SequenceRunOptions,
  ): Promise<EntityTable>;
}

export const SEQUENCE_MODELS: Record<string, SequenceModelEntry | undefined> = {
  'seq-trees': {
    run: (table, entities, rng) =>
      Promise.resolve(sampleSeqTrees(fitSeqTrees(table, {}, rng), entities, rng)),
  },
};
