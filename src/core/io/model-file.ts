/**
 * Model files: one JSON document holding config, codec and transformer state and the weights
 * (as base64 float32, so a CTGAN generator is about 1 MB rather than 6 MB of decimal text),
 * and the constraints' plan when there is one. A model file never holds training rows.
 */
import type { ModelFile } from '../pipeline';
import type { SavedTensor } from '../models/common/neural';
import type { ConstraintPlan } from '../rules/constraint-plan';

interface PackedTensor {
  name: string;
  shape: number[];
  base64: string;
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

/** The model file as text. */
export function serializeModel(file: ModelFile): string {
  const packed = file.neural
    ? {
        ...file.neural,
        weights: file.neural.weights.map((w): PackedTensor => ({
          name: w.name,
          shape: w.shape,
          base64: toBase64(w.values),
        })),
      }
    : null;
  return JSON.stringify({ ...file, neural: packed });
}

/** Reads a model file, or throws an Error in the user's words. */
export function parseModel(text: string): ModelFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('This file is not a Facsimile model: it is not valid JSON.');
  }
  type PackedState = Omit<NonNullable<ModelFile['neural']>, 'weights'> & {
    weights: PackedTensor[];
  };
  const file = raw as Omit<ModelFile, 'neural'> & { neural: PackedState | null };
  if (!file || typeof file !== 'object' || file.format !== 'facsimile-model') {
    throw new Error('This file is not a Facsimile model.');
  }
  if (file.version !== 1)
    throw new Error(
      `This model file is version ${String(file.version)}; this app reads version 1.`,
    );
  const plan = readPlan((file as { plan?: unknown }).plan);
  if (!file.neural) return { ...file, neural: null, plan };
  const weights: SavedTensor[] = file.neural.weights.map((w) => ({
    name: w.name,
    shape: w.shape,
    values: fromBase64(w.base64),
  }));
  return { ...file, neural: { ...file.neural, weights }, plan };
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
