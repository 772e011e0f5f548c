/** The sequence models the CLI can run, by name. */
import type { Rng } from '../core/rng';
import type { EntityTable } from '../core/sequence/entity-table';
import { fitSeqTrees, sampleSeqTrees } from '../core/models/seq-trees/seq-trees';
import {
  createSeqArgnModel,
  disposeSeqArgnModel,
  epochsToTrain,
  trainSeqArgn,
} from '../core/models/seq-argn/seq-argn';
import { sampleSeqArgn } from '../core/models/seq-argn/seq-argn-sample';
import { startNodeBackend } from './node-backend';

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
  'seq-argn': {
    run: async (table, entities, rng, options) => {
      options.progress(`backend: ${await startNodeBackend(options.backend)}`);
      const model = createSeqArgnModel(table, {}, rng);
      const longer = model.lengths.filter((l) => l > model.steps).length;
      if (longer > 0)
        options.progress(
          `warning: seq-argn learns and writes at most ${model.steps} events per entity; ${longer} entities are longer (their first ${model.steps} events are learned).`,
        );
      const epochs = options.epochs ?? epochsToTrain(model);
      try {
        await trainSeqArgn(model, epochs, rng, (epoch, loss) => {
          if (epoch % 10 === 0 || epoch === epochs)
            options.progress(`epoch ${epoch}: loss ${loss.toFixed(3)}`);
        });
        return await sampleSeqArgn(model, entities, rng);
      } finally {
        disposeSeqArgnModel(model);
      }
    },
  },
};
