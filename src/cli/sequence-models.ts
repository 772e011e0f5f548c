/** The sequence models the CLI can run, by name: the sequence registry's, fitted then sampled. */
import type { Rng } from '../core/rng';
import type { EntityTable } from '../core/sequence/entity-table';
import type { BoundSubjectRules } from '../core/sequence/subject-rules';
import { sampleEntitiesUnderRules } from '../core/sequence/subject-sampling';
import {
  SEQUENCE_MODEL_KINDS,
  SEQUENCE_MODEL_REGISTRY,
  type SequenceModelKind,
} from '../core/models/sequence-registry';
import { startNodeBackend } from './node-backend';

export interface SequenceRunOptions {
  epochs?: number;
  backend: 'wasm' | 'cpu';
  progress: (line: string) => void;
  /** Conditions and constraints on subject columns every entity written keeps. */
  rules?: BoundSubjectRules | null;
}

export interface SequenceModelEntry {
  run(
    table: EntityTable,
    entities: number,
    rng: Rng,
    options: SequenceRunOptions,
  ): Promise<EntityTable>;
}

/** Fits `kind` on `table` and writes `entities` new ones, all draws from the one `rng`. */
async function runModel(
  kind: SequenceModelKind,
  table: EntityTable,
  entities: number,
  rng: Rng,
  options: SequenceRunOptions,
): Promise<EntityTable> {
  const entry = SEQUENCE_MODEL_REGISTRY[kind];
  if (entry.needsBackend) options.progress(`backend: ${await startNodeBackend(options.backend)}`);
  const impl = await entry.load();
  const model = await impl.fit(table, {
    epochs: options.epochs ?? null,
    rng,
    onEpoch: (e) => {
      if (e.epoch % 10 === 0 || e.epoch === e.epochs)
        options.progress(`epoch ${e.epoch}: loss ${e.loss.toFixed(3)}`);
    },
  });
  try {
    for (const note of model.notes) options.progress(`warning: ${note}`);
    if (!options.rules) return await model.sample(entities, rng);
    const kept = await sampleEntitiesUnderRules(model, entities, rng, options.rules);
    if (kept.message) options.progress(`warning: ${kept.message}`);
    return kept.table;
  } finally {
    model.dispose();
  }
}

export const SEQUENCE_MODELS: Record<string, SequenceModelEntry | undefined> = Object.fromEntries(
  SEQUENCE_MODEL_KINDS.map((kind) => [
    kind,
    {
      run: (table: EntityTable, entities: number, rng: Rng, options: SequenceRunOptions) =>
        runModel(kind, table, entities, rng, options),
    },
  ]),
);
