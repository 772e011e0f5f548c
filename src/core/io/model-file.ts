/**
 * Model files: one JSON document holding the model's kind and that kind's state (weights as
 * base64 float32, so a CTGAN generator is about 1 MB rather than 6 MB of decimal text), the
 * config, the codec and the constraints' plan when there is one. A model file never holds
 * training rows.
 *
 * Version 2 keeps one `state` per kind; version 1 files (one nullable field per model kind:
 * `transformer`, `neural`, `copula`) are read and upgraded.
 */
import type { TransformerState } from '../data/data-transformer';
import type { ModelFile, ModelKind } from '../models/contract';
import type { ModelState, SavedTensor } from '../models/common/neural';
import type { CopulaState } from '../models/copula/copula';
import type { ConstraintPlan } from '../rules/constraint-plan';

interface PackedTensor {
  name: string;
  shape: number[];
  base64: string;
}

/** A version-1 model file, as the first file format wrote it. */
interface ModelFileV1 {
  format: 'facsimile-model';
  version: 1;
  kind: ModelKind;
  createdAt: string;
  config: ModelFile['config'];
  codec: ModelFile['codec'];
  transformer: TransformerState | null;
  neural: ModelState | null;
  copula: CopulaState | null;
  plan?: ConstraintPlan | null;
}

function toBase64(values: readonly number[]): string {
  const bytes = new Uint8Array(Float32Array.from(values).buffer);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function fromBase64(text: string): number[] {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return Array.from(new Float32Array(bytes.buffer));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

const isSavedTensor = (v: unknown): v is SavedTensor =>
  isObject(v) && typeof v.name === 'string' && Array.isArray(v.shape) && Array.isArray(v.values);

const isPackedTensor = (v: unknown): v is PackedTensor =>
  isObject(v) &&
  typeof v.name === 'string' &&
  Array.isArray(v.shape) &&
  typeof v.base64 === 'string';

/** `value` with every weight list (anywhere inside a model's state) packed or unpacked. */
function mapWeights(value: unknown, pack: boolean): unknown {
  if (Array.isArray(value)) {
    if (value.length > 0 && pack && value.every(isSavedTensor))
      return value.map((w): PackedTensor => ({
        name: w.name,
        shape: w.shape,
        base64: toBase64(w.values),
      }));
    if (value.length > 0 && !pack && value.every(isPackedTensor))
      return value.map((w): SavedTensor => ({
        name: w.name,
        shape: w.shape,
        values: fromBase64(w.base64),
      }));
    return value.map((v) => mapWeights(v, pack));
  }
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapWeights(v, pack)]));
}

/** Every weight list inside `state` packed as base64 float32 (for any model file). */
export function packWeights(state: unknown): unknown {
  return mapWeights(state, true);
}

/** The inverse of {@link packWeights}. */
export function unpackWeights(state: unknown): unknown {
  return mapWeights(state, false);
}

/** The model file as text. */
export function serializeModel(file: ModelFile): string {
  return JSON.stringify({ ...file, state: mapWeights(file.state, true) });
}

/** A model file of any version this app wrote, as the current version. */
export function upgradeModelFile(file: ModelFile | ModelFileV1): ModelFile {
  if (!isObject(file) || file.format !== 'facsimile-model')
    throw new Error('This is not a Facsimile model file, or it was made by a newer version.');
  if (file.version === 2) return file;
  if (file.version !== 1)
    throw new Error(
      `This model file is version ${String((file as { version: unknown }).version)}; this app reads versions 1 and 2.`,
    );
  const { transformer, neural, copula, version: _v, ...head } = file;
  const plan = file.plan ?? null;
  const state =
    file.kind === 'copula'
      ? copula
      : file.kind === 'ctgan' || file.kind === 'tvae'
        ? transformer && neural
          ? { transformer, model: neural }
          : null
        : neural;
  return { ...head, version: 2, plan, state } as ModelFile;
}

/** Reads a model file, or throws an Error in the user's words. */
export function parseModel(text: string): ModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('This file is not a Facsimile model: it is not valid JSON.');
  }
  if (isObject(raw) && raw.format === 'facsimile-sequence-model')
    throw new Error(
      'This is a model of entities with events: load it under "Entities with events" instead.',
    );
  if (!isObject(raw) || raw.format !== 'facsimile-model') {
    throw new Error('This file is not a Facsimile model.');
  }
  if (raw.version !== 1 && raw.version !== 2)
    throw new Error(
      `This model file is version ${String(raw.version)}; this app reads versions 1 and 2.`,
    );
  const plan = readPlan(raw.plan);
  if (raw.version === 1) {
    const neural = raw.neural ? mapWeights(raw.neural, false) : null;
    return upgradeModelFile({
      ...(raw as unknown as ModelFileV1),
      neural: neural as ModelState | null,
      plan,
    });
  }
  return {
    ...(raw as unknown as ModelFile),
    state: mapWeights(raw.state, false),
    plan,
  } as ModelFile;
}

/**
 * The constraints' plan of a model file, or null (none, or a file made before constraints);
 * throws in the user's words when it is there but not a plan this app can use.
 */
function readPlan(value: unknown): ConstraintPlan | null {
  if (value === undefined || value === null) return null;
  const plan = value as Partial<ConstraintPlan>;
  const ok =
    typeof plan === 'object' &&
    plan.version === 1 &&
    Array.isArray(plan.constraints) &&
    Array.isArray(plan.columns) &&
    typeof plan.learned === 'object' &&
    plan.learned !== null &&
    typeof plan.transforms === 'object' &&
    plan.transforms !== null &&
    Array.isArray(plan.transforms.steps);
  if (!ok)
    throw new Error(
      'The constraints saved in this model file are damaged or from a newer version: train the model again.',
    );
  return plan as ConstraintPlan;
}
