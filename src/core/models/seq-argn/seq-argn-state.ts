/**
 * The sequential ARGN as plain data for a model file, and back: the tokens (codecs and bin
 * ranges), the network's shape and weights, and fingerprints of the real keys and entities
 * (so a loaded model still never writes a real key or copies a training entity). No training
 * rows, keys or entities are kept.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import { fingerprint, type KeyMemory } from '../../sequence/key-hash';
import { entitySignatures } from '../../sequence/signatures';
import type { EntityTable } from '../../sequence/entity-table';
import type { SavedTensor } from '../common/neural';
import { Adam } from '../common/adam';
import { createSeqArgn, seqArgnVariables, uploadMasks } from './seq-argn-net';
import type { SeqArgnModel } from './seq-argn';

export interface SeqArgnState {
  config: SeqArgnModel['config'];
  template: SeqArgnModel['template'];
  tokens: SeqArgnModel['tokens'];
  drawOrder: number[];
  emptyFlag: boolean;
  shape: SeqArgnModel['shape'];
  steps: number;
  keys: KeyMemory;
  /** Fingerprints of the training entities' signatures. */
  entityFingerprints: string[];
  /** The network's variables in `seqArgnVariables` order. */
  weights: SavedTensor[];
}

/** Fingerprints of the training entities, taken when the model is fitted. */
export function entityFingerprints(t: EntityTable): string[] {
  return entitySignatures(t).map(fingerprint);
}

export async function saveSeqArgn(
  m: SeqArgnModel,
  keys: KeyMemory,
  entities: string[],
): Promise<SeqArgnState> {
  const weights = await Promise.all(
    seqArgnVariables(m.params).map(async (v, i) => ({
      name: `w${i}`,
      shape: [...v.shape],
      values: Array.from(await v.data()),
    })),
  );
  return {
    config: m.config,
    template: m.template,
    tokens: m.tokens,
    drawOrder: m.drawOrder,
    emptyFlag: m.emptyFlag,
    shape: m.shape,
    steps: m.steps,
    keys,
    entityFingerprints: entities,
    weights,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function checkState(state: unknown): asserts state is SeqArgnState {
  const ok =
    isObject(state) &&
    isObject(state.shape) &&
    isObject(state.tokens) &&
    isObject(state.template) &&
    Array.isArray(state.weights) &&
    Array.isArray(state.drawOrder) &&
    isObject(state.keys) &&
    Array.isArray(state.entityFingerprints);
  if (!ok) throw new Error('This model file does not hold a sequential ARGN.');
}

/** A model for sampling from a saved state (its optimiser fresh, no training data uploaded). */
export function restoreSeqArgn(state: unknown): { model: SeqArgnModel; keys: KeyMemory } {
  checkState(state);
  const params = createSeqArgn(state.shape, new Rng(0));
  const vars = seqArgnVariables(params);
  if (vars.length !== state.weights.length)
    throw new Error('This model file is damaged: its weights do not fit its network.');
  vars.forEach((v, i) => {
    const w = state.weights[i] as SavedTensor;
    if (w.values.length !== v.size)
      throw new Error('This model file is damaged: its weights do not fit its network.');
    v.assign(tf.tensor(w.values, v.shape));
  });
  const fingerprints = new Set(state.entityFingerprints);
  const cs = Math.max(1, state.shape.subjectCards.length);
  const model: SeqArgnModel = {
    kind: 'seq-argn',
    config: state.config,
    template: state.template,
    tokens: state.tokens,
    drawOrder: state.drawOrder,
    emptyFlag: state.emptyFlag,
    shape: state.shape,
    steps: state.steps,
    params,
    masks: uploadMasks(state.shape),
    realKeys: state.keys.numericMax === null ? [] : [String(state.keys.numericMax)],
    lengths: new Int32Array(0),
    trainingSignatures: { has: (s: string) => fingerprints.has(fingerprint(s)) },
    data: {
      subjects: tf.zeros([0, cs], 'int32'),
      events: tf.zeros([0, state.steps, state.drawOrder.length + 1], 'int32'),
      valid: tf.zeros([0, state.steps]),
    },
    optimizer: new Adam(vars, {
      learningRate: state.config.learningRate,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0,
    }),
  };
  return { model, keys: state.keys };
}
