/**
 * The sequential ARGN: subject columns first, then each event conditioned on the subject and on a
 * GRU summary of the events before it, column by column, ending with a learned "last event?"
 * decision (see `seq-argn-net.ts`). The order column is drawn as a first value and then gaps from
 * non-negative bins, so every written entity is in order; new keys never equal a real one; an
 * entity that copies a training entity is drawn again.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../rng';
import type { EntityTable } from '../../sequence/entity-table';
import { entitySignatures } from '../../sequence/signatures';
import { Adam } from '../common/adam';
import { SEQ_ARGN_DEFAULTS, type SeqArgnConfig } from './config';
import { encodeEntities, fitEntityTokens, tokenOfValue, type EntityTokens } from './entity-tokens';
import {
  createSeqArgn,
  disposeSeqArgn,
  seqArgnLoss,
  seqArgnVariables,
  uploadMasks,
  type SeqArgnMasks,
  type SeqArgnParams,
  type SeqArgnShape,
} from './seq-argn-net';

export { SEQ_ARGN_DEFAULTS, type SeqArgnConfig } from './config';

export interface SeqArgnModel {
  kind: 'seq-argn';
  config: SeqArgnConfig;
  template: Pick<
    EntityTable,
    'key' | 'order' | 'orderKind' | 'subjectColumns' | 'eventColumns' | 'trainingCap' | 'shape'
  >;
  tokens: EntityTokens;
  /** Event columns in drawing order (order column first); "last event?" follows them. */
  drawOrder: number[];
  emptyFlag: boolean;
  shape: SeqArgnShape;
  steps: number;
  params: SeqArgnParams;
  masks: SeqArgnMasks;
  realKeys: string[];
  /** Events per training entity. */
  lengths: Int32Array;
  /** Whether an entity signature is a training entity's (a Set, or a check of hashes for a loaded model). */
  trainingSignatures: Pick<ReadonlySet<string>, 'has'>;
  data: { subjects: tf.Tensor2D; events: tf.Tensor3D; valid: tf.Tensor2D };
  optimizer: Adam;
}

/** Training entities as token arrays: subjects `[N, Cs]`, events `[N, T, Ce]`, valid `[N, T]`. */
function tokenize(
  t: EntityTable,
  tokens: EntityTokens,
  drawOrder: number[],
  emptyFlag: boolean,
  steps: number,
) {
  const n = t.keys.length;
  const enc = encodeEntities(
    t,
    tokens.subject.map((c) => c.codec),
    tokens.event.map((c) => c.codec),
  );
  const cs = Math.max(1, tokens.subject.length + (emptyFlag ? 1 : 0));
  const subjects = new Int32Array(n * cs);
  const ce = drawOrder.length + 1;
  const events = new Int32Array(n * steps * ce);
  const valid = new Float32Array(n * steps);
  for (let e = 0; e < n; e += 1) {
    const from = t.eventStart[e] as number;
    const len = Math.min(steps, (t.eventStart[e + 1] as number) - from);
    tokens.subject.forEach(
      (c, j) => (subjects[e * cs + j] = tokenOfValue(c, enc.subjects[j]?.[e] as number)),
    );
    if (emptyFlag) subjects[e * cs + tokens.subject.length] = len > 0 ? 1 : 0;
    for (let s = 0; s < len; s += 1) {
      const i = from + s;
      valid[e * steps + s] = 1;
      drawOrder.forEach((j, k) => {
        const v = enc.events[j]?.[i] as number;
        const gap = j === tokens.orderIndex && s > 0;
        const value = gap ? v - (enc.events[j]?.[i - 1] as number) : v;
        events[(e * steps + s) * ce + k] = tokenOfValue(
          tokens.event[j] as EntityTokens['event'][number],
          value,
          gap,
        );
      });
      events[(e * steps + s) * ce + drawOrder.length] = s === len - 1 ? 1 : 0;
    }
  }
  return {
    subjects: tf.tensor2d(subjects, [n, cs], 'int32'),
    events: tf.tensor3d(events, [n, steps, ce], 'int32'),
    valid: tf.tensor2d(valid, [n, steps]),
  };
}

/** Builds the network and uploads the training entities (once) for {@link trainSeqArgn}. */
export function createSeqArgnModel(
  t: EntityTable,
  config: Partial<SeqArgnConfig>,
  rng: Rng,
): SeqArgnModel {
  const full = { ...SEQ_ARGN_DEFAULTS, ...config };
  if (t.keys.length === 0) throw new Error('There are no entities to learn from.');
  const tokens = fitEntityTokens(t);
  const oi = tokens.orderIndex;
  const drawOrder = [
    ...(oi >= 0 ? [oi] : []),
    ...t.eventColumns.map((_, j) => j).filter((j) => j !== oi),
  ];
  const lengths = t.keys.map(
    (_, e) => (t.eventStart[e + 1] as number) - (t.eventStart[e] as number),
  );
  const emptyFlag = lengths.some((l) => l === 0);
  const steps = Math.max(1, Math.min(full.maxEvents, t.trainingCap, Math.max(...lengths)));
  const subjectCards = tokens.subject.map((c) => c.cardinality);
  if (emptyFlag) subjectCards.push(2);
  if (subjectCards.length === 0) subjectCards.push(1);
  const shape: SeqArgnShape = {
    subjectCards,
    eventCards: [
      ...drawOrder.map((j) => (tokens.event[j] as EntityTokens['event'][number]).cardinality),
      2,
    ],
    hidden: full.hidden,
    headUnits: full.headUnits,
  };
  const params = createSeqArgn(shape, rng);
  return {
    kind: 'seq-argn',
    config: full,
    template: {
      key: t.key,
      order: t.order,
      orderKind: t.orderKind,
      subjectColumns: t.subjectColumns,
      eventColumns: t.eventColumns,
      trainingCap: steps,
      shape: t.shape,
    },
    tokens,
    drawOrder,
    emptyFlag,
    shape,
    steps,
    params,
    masks: uploadMasks(shape),
    realKeys: t.keys,
    lengths: Int32Array.from(lengths),
    trainingSignatures: new Set(entitySignatures(t)),
    data: tokenize(t, tokens, drawOrder, emptyFlag, steps),
    optimizer: new Adam(seqArgnVariables(params), {
      learningRate: full.learningRate,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0,
    }),
  };
}

/**
 * One optimiser step on the entities `rows`, unrolled over their first `steps` events (the
 * longest of them: padding beyond it would cost time and teach nothing). Returns the loss tensor
 * (the caller disposes it).
 */
export function seqArgnStep(m: SeqArgnModel, rows: Int32Array, steps = m.steps): tf.Scalar {
  return tf.tidy(() => {
    const idx = tf.tensor1d(rows, 'int32');
    const vars = seqArgnVariables(m.params);
    const events = tf.slice(tf.gather(m.data.events, idx), [0, 0, 0], [-1, steps, -1]);
    const valid = tf.slice(tf.gather(m.data.valid, idx), [0, 0], [-1, steps]);
    const { value, grads } = tf.variableGrads(
      () => seqArgnLoss(m.params, m.shape, m.masks, tf.gather(m.data.subjects, idx), events, valid),
      vars,
    );
    m.optimizer.apply(grads);
    return value;
  });
}

/**
 * Batches of similar length: the shuffled entities are cut into pools of 8 batches, each pool
 * sorted by length and cut into batches, and the batches shuffled. Returns each batch's rows and
 * its longest length (capped at the model's steps, at least 1).
 */
export function lengthBatches(
  lengths: Int32Array,
  batch: number,
  steps: number,
  rng: Rng,
): { rows: Int32Array; steps: number }[] {
  const order = rng.permutation(lengths.length);
  const out: { rows: Int32Array; steps: number }[] = [];
  const pool = batch * 8;
  for (let at = 0; at < order.length; at += pool) {
    const chunk = Array.from(order.subarray(at, at + pool)).sort(
      (a, b) => (lengths[a] as number) - (lengths[b] as number),
    );
    for (let b = 0; b + batch <= chunk.length; b += batch) {
      const rows = Int32Array.from(chunk.slice(b, b + batch));
      const longest = rows.reduce((mx, r) => Math.max(mx, lengths[r] as number), 1);
      out.push({ rows, steps: Math.min(steps, longest) });
    }
  }
  const shuffled = rng.permutation(out.length);
  return Array.from(shuffled, (i) => out[i] as { rows: Int32Array; steps: number });
}

/** Entities per batch: small tables get small batches, so an epoch is still several steps. */
export function batchSizeOf(m: SeqArgnModel): number {
  return Math.max(1, Math.min(m.config.batchSize, Math.ceil(m.realKeys.length / 4)));
}

/** The epochs to train: the configured ones, or more when they would be fewer than `minSteps` steps. */
export function epochsToTrain(m: SeqArgnModel): number {
  const perEpoch = Math.max(1, Math.floor(m.realKeys.length / batchSizeOf(m)));
  return Math.max(m.config.epochs, Math.ceil(m.config.minSteps / perEpoch));
}

/**
 * Trains for `epochs` epochs of shuffled, length-bucketed entity batches. The loss is read once
 * per epoch (`await data()`), never inside the step loop.
 * @param onEpoch gets the epoch (1-based) and its mean loss (nats per entity).
 */
export async function trainSeqArgn(
  m: SeqArgnModel,
  epochs: number,
  rng: Rng,
  onEpoch?: (epoch: number, loss: number) => void,
): Promise<void> {
  const batch = batchSizeOf(m);
  for (let epoch = 1; epoch <= epochs; epoch += 1) {
    const losses = lengthBatches(m.lengths, batch, m.steps, rng).map((b) =>
      seqArgnStep(m, b.rows, b.steps),
    );
    const mean = tf.tidy(() => tf.mean(tf.stack(losses)));
    const value = (await mean.data())[0] as number;
    tf.dispose([mean, ...losses]);
    onEpoch?.(epoch, value);
  }
}

/** Frees every tensor of the model: weights, optimiser moments, masks and the uploaded data. */
export function disposeSeqArgnModel(m: SeqArgnModel): void {
  disposeSeqArgn(m.params);
  m.optimizer.dispose();
  tf.dispose([...m.masks.subject, ...m.masks.event, m.data.subjects, m.data.events, m.data.valid]);
}
