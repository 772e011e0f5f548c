/**
 * Sequence model files: `{ format: 'facsimile-sequence-model', version, kind, createdAt, state }`
 * as JSON, weights packed as base64 float32 as in table model files. A sequence model file never
 * holds training rows, keys or entities (only codecs, bin ranges, weights and fingerprints).
 */
import type { SequenceModelFile, SequenceModelKind } from '../models/sequence-contract';
import { isSequenceModelKind } from '../models/sequence-registry';
import { packWeights, unpackWeights } from './model-file';

export const SEQUENCE_MODEL_FORMAT = 'facsimile-sequence-model';

/** The file's text for a model of `kind` whose state is `state`. */
export function serializeSequenceModel(
  kind: SequenceModelKind,
  state: unknown,
  now = new Date(),
): string {
  const file: SequenceModelFile = {
    format: SEQUENCE_MODEL_FORMAT,
    version: 1,
    kind,
    createdAt: now.toISOString(),
    state: packWeights(state),
  };
  return JSON.stringify(file);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads a sequence model file, or throws an Error in the user's words. */
export function parseSequenceModel(text: string): SequenceModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('This file is not a Facsimile model: it is not valid JSON.');
  }
  if (isObject(raw) && raw.format === 'facsimile-model')
    throw new Error(
      'This is a model of one table, not of entities with events: load it in the table steps above.',
    );
  if (!isObject(raw) || raw.format !== SEQUENCE_MODEL_FORMAT)
    throw new Error('This file is not a Facsimile sequence model.');
  if (raw.version !== 1)
    throw new Error(
      `This sequence model file is version ${String(raw.version)}; this app reads version 1.`,
    );
  if (!isSequenceModelKind(raw.kind))
    throw new Error(
      `This model file holds a sequence model this app does not know ("${String(raw.kind)}").`,
    );
  return {
    format: SEQUENCE_MODEL_FORMAT,
    version: 1,
    kind: raw.kind,
    createdAt: typeof raw.createdAt === 'string' ? raw.createdAt : '',
    state: unpackWeights(raw.state),
  };
}
