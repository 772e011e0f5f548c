/**
 * Every sequence model, one entry each, in the order the page's picker shows them. Plain data,
 * no tfjs; the worker and the CLI load an implementation through its entry's `load`. Sequence
 * models have their own registry because their contract (entities in, entities out) is not the
 * table models' (see `sequence-contract.ts`).
 */
import { SEQ_ARGN_ENTRY } from './seq-argn/entry';
import { SEQ_TREES_ENTRY } from './seq-trees/entry';
import type { SequenceModelKind } from './sequence-contract';
import type { SequenceModelEntry } from './sequence-entry';

export type { SequenceModelKind } from './sequence-contract';
export type { SequenceModelEntry } from './sequence-entry';

export const SEQUENCE_MODEL_REGISTRY: { readonly [K in SequenceModelKind]: SequenceModelEntry } = {
  'seq-trees': SEQ_TREES_ENTRY,
  'seq-argn': SEQ_ARGN_ENTRY,
};

export const SEQUENCE_MODEL_KINDS = Object.keys(SEQUENCE_MODEL_REGISTRY) as SequenceModelKind[];

export function isSequenceModelKind(kind: unknown): kind is SequenceModelKind {
  return typeof kind === 'string' && Object.hasOwn(SEQUENCE_MODEL_REGISTRY, kind);
}

/** The entry of `kind`, or an Error in the user's words. */
export function sequenceModelEntry(kind: string): SequenceModelEntry {
  if (!isSequenceModelKind(kind))
    throw new Error(`This app has no sequence model called "${kind}".`);
  return SEQUENCE_MODEL_REGISTRY[kind];
}
