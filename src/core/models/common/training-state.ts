/**
 * What a checkpoint holds beyond a model file: the tensors only training needs (CTGAN's critic,
 * TVAE's encoder, ARGN's best weights) and the optimiser's moments, as named plain arrays in
 * the same {@link ModelState}. A model restored for sampling ignores these names; a model built
 * with data and such a state continues training where it stopped. Never a training row.
 */
import * as tf from '@tensorflow/tfjs';
import type { Adam } from './adam';
import type { ModelState, SavedTensor } from './neural';

/** Reads `tensors` back as `<prefix>.<i>` (one GPU read each). */
export async function saveTensors(
  prefix: string,
  tensors: readonly tf.Tensor[],
): Promise<SavedTensor[]> {
  return Promise.all(
    tensors.map(async (t, i) => ({
      name: `${prefix}.${i}`,
      shape: [...t.shape],
      values: Array.from(await t.data()),
    })),
  );
}

/** True when `saved` holds tensors named `<prefix>.<i>`. */
export function hasTensors(prefix: string, saved: readonly SavedTensor[]): boolean {
  return saved.some((s) => s.name === `${prefix}.0`);
}

/** The saved values `<prefix>.<i>` for tensors shaped like `like`, or throws when one does not fit. */
function savedValues(
  prefix: string,
  like: readonly tf.Tensor[],
  saved: readonly SavedTensor[],
): number[][] {
  const byName = new Map(saved.map((s) => [s.name, s]));
  return like.map((t, i) => {
    const s = byName.get(`${prefix}.${i}`);
    if (!s || s.shape.join('x') !== t.shape.join('x') || s.values.length !== t.size) {
      throw new Error(
        `The checkpoint does not fit this model: ${prefix}.${i} is missing or not [${t.shape.join(', ')}].`,
      );
    }
    return s.values;
  });
}

/**
 * Writes saved values `<prefix>.<i>` into `vars` (same order and shapes), or throws in the
 * user's words when the checkpoint does not fit the model.
 */
export function assignTensors(
  prefix: string,
  vars: readonly tf.Variable[],
  saved: readonly SavedTensor[],
): void {
  const values = savedValues(prefix, vars, saved);
  tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(values[i] as number[], v.shape))));
}

/** New tensors from saved `<prefix>.<i>`, shaped like `like` (the caller disposes them). */
export function restoreTensors(
  prefix: string,
  like: readonly tf.Tensor[],
  saved: readonly SavedTensor[],
): tf.Tensor[] {
  const values = savedValues(prefix, like, saved);
  return like.map((t, i) => tf.tensor(values[i] as number[], t.shape));
}

/** The name of the first weight in `state` holding NaN or ±Infinity, or null when all are finite. */
export function firstNonFinite(state: ModelState): string | null {
  for (const w of state.weights) {
    for (const v of w.values) if (!Number.isFinite(v)) return w.name;
  }
  return null;
}

/** A plain-number field of a checkpoint's extras, or `fallback` when absent. */
export function extraNumber(
  extras: Record<string, unknown> | undefined,
  key: string,
  fallback: number,
): number {
  const v = extras?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** An optimiser's place in a checkpoint: its step count and learning rate (moments are weights). */
export interface SavedOptimizer {
  steps: number;
  learningRate: number;
}

/** Adam's moments as weights `<prefix>.m` / `<prefix>.v`, and its steps and learning rate. */
export async function saveOptimizer(
  prefix: string,
  adam: Adam,
): Promise<{ weights: SavedTensor[]; saved: SavedOptimizer }> {
  const [m, v] = adam.moments;
  const weights = await Promise.all(
    [m, v].map(async (t, i) => ({
      name: `${prefix}.${i === 0 ? 'm' : 'v'}`,
      shape: [...t.shape],
      values: Array.from(await t.data()),
    })),
  );
  return { weights, saved: { steps: adam.steps, learningRate: adam.learningRate } };
}

/**
 * Puts an optimiser back as {@link saveOptimizer} left it; returns false (fresh moments) when
 * the state holds none, e.g. a model file rather than a checkpoint.
 */
export function restoreOptimizer(
  prefix: string,
  adam: Adam,
  state: ModelState,
  saved: unknown,
): boolean {
  const m = state.weights.find((w) => w.name === `${prefix}.m`);
  const v = state.weights.find((w) => w.name === `${prefix}.v`);
  if (!m || !v || typeof saved !== 'object' || saved === null) return false;
  const o = saved as Record<string, unknown>;
  adam.restore(m.values, v.values, extraNumber(o, 'steps', 0));
  adam.learningRate = extraNumber(o, 'learningRate', adam.learningRate);
  return true;
}
