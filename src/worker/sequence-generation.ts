/**
 * The sequence Generate step's draw: N new entities, and when the user set conditions on
 * subject columns, only entities that meet them (core's `sampleEntitiesUnderRules`, the same
 * path the CLI takes, so page and command line agree for the same data, conditions and seed).
 */
import type { SequenceSynthesizer } from '../core/models/sequence-contract';
import { Rng } from '../core/rng';
import type { Condition } from '../core/rules/conditions';
import { ConstraintError } from '../core/rules/constraints';
import type { EntityTable } from '../core/sequence/entity-table';
import { bindSubjectRules } from '../core/sequence/subject-rules';
import { sampleEntitiesUnderRules } from '../core/sequence/subject-sampling';

/** Distinct values shown per subject column in the condition picker. */
const MAX_VALUES = 200;

/** Per subject column, the values the training subjects hold (sorted, at most 200). */
export function subjectValues(t: EntityTable | null): Record<string, string[]> {
  if (!t) return {};
  return Object.fromEntries(
    t.subjectColumns.map((name, j) => {
      const seen = new Set<string>();
      for (const c of t.subjects[j] ?? []) if (c !== null && seen.size < MAX_VALUES) seen.add(c);
      return [name, [...seen].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))];
    }),
  );
}

/**
 * `entities` new entities from `model`, seeded; with conditions, only those whose subject
 * columns meet them (checked against `train`, the training entities).
 *
 * @throws ConstraintError in the user's words for a condition that cannot apply.
 */
export async function drawEntities(
  model: SequenceSynthesizer,
  entities: number,
  seed: number,
  conditions: readonly Condition[],
  train: EntityTable | null,
): Promise<{ synth: EntityTable; message: string | null }> {
  if (conditions.length === 0)
    return { synth: await model.sample(entities, new Rng(seed)), message: null };
  if (!train)
    throw new ConstraintError(
      'Conditions on subject columns need the training entities: a loaded model knows no subject values. Train a model on your data to use them.',
    );
  const rules = bindSubjectRules({ conditions, constraints: [] }, train);
  const out = await sampleEntitiesUnderRules(model, entities, new Rng(seed), rules);
  return { synth: out.table, message: out.message };
}
