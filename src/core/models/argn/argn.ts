/**
 * Any-order autoregressive network over discretised columns (TabularARGN, arXiv 2501.12012),
 * on the fused network of argn-net.ts. p(row) = Π_j p(x_σ(j) | x_σ(<j)) with σ redrawn every
 * batch, so one network learns every column order and can sample conditioned on any subset.
 *
 * Decisions worth knowing:
 * - Sizes follow the reference's medium model: embedding width max(10, 3·ceil(k^0.25)) capped
 *   at k, regressor units `regressorUnits[l] · round(ln max(k, e))` per column; dropout before
 *   each regressor layer.
 * - Batch 2^floor(log2(rows / 64)) in [8, 2048] (four times that on WebGL, where a step costs
 *   about the same at any small size), learning rate 0.001·sqrt(batch / 32), AdamW.
 * - A seeded `validationShare` of the rows is held out. After each epoch the validation loss
 *   (same seeded permutations every epoch, so epochs compare) drives reduce-on-plateau and
 *   early stopping; the best weights are copied and restored at the end.
 * - Sampling is in argn-sample.ts. A saved model holds config, discretizer state and weights,
 *   never rows. A checkpoint (`trainingState`) adds AdamW's moments, the best weights so far and
 *   the schedule's counters; built with the table again, it continues the run (same split).
 */
import * as tf from '@tensorflow/tfjs';
import { discretize, fitDiscretizer, type DiscretizerState } from '../../data/discretizer';
import type { ModelTable } from '../../data/model-table';
import { Rng } from '../../rng';
import { AdamW } from '../common/adamw';
import {
  createParams,
  crossEntropy,
  disposeConstants,
  forward,
  multiHot,
  paramVariables,
  permutationMask,
  restoreArgnParams,
  argnModelState,
  uploadConstants,
  type ArgnConstants,
  type ArgnParams,
  type ArgnShape,
} from './argn-net';
import type { EpochOutcome, ModelState, TrainableModel } from '../common/neural';
import { ordinalPositions } from './argn-ordinal';
import { sampleArgn, type ArgnSampleOptions } from './argn-sample';
import {
  extraNumber,
  hasTensors,
  restoreOptimizer,
  restoreTensors,
  saveOptimizer,
  saveTensors,
} from '../common/training-state';
import { installFastWasmKernels } from '../common/wasm-kernels';

export type { ArgnSampleOptions } from './argn-sample';
export { ordinalPositions } from './argn-ordinal';

export { ARGN_DEFAULTS, type ArgnConfig } from './config';
export { argnShape } from './argn-setup';
import {
  argnShape,
  checkConfig,
  logPrior,
  stepRanks,
  tokenOrder,
  type TokenOrder,
} from './argn-setup';
import { ARGN_DEFAULTS, type ArgnConfig } from './config';
import { afterValidation, type ScheduleState } from './argn-schedule';

/** A trained (or restored) ARGN. */
export interface ArgnModel extends TrainableModel {
  readonly kind: 'argn';
  readonly discretizer: DiscretizerState;
  /** Current learning rate (falls on validation plateaus). */
  readonly learningRate: number;
  sampleTable(rows: number, seed: number, options?: ArgnSampleOptions): Promise<ModelTable>;
  save(): Promise<ModelState>;
  /** A checkpoint's state: `save` plus optimiser, best weights and schedule (never rows). */
  trainingState(): Promise<ModelState>;
  dispose(): void;
}

const VALIDATION_CHUNK = 256;
/** Checkpoint names of the best weights so far and of AdamW's moments. */
const BEST = 'train.best';
const OPTIMIZER = 'train.adam';

/**
 * Builds an ARGN: trainable on `table` (discretised here), restored from `state` for sampling,
 * or, with both, restored to continue training (a checkpoint's state brings back the optimiser,
 * the best weights and the validation split). All randomness (split, init, permutations,
 * dropout) derives from `seed`.
 */
export function createArgn(opts: {
  table?: ModelTable;
  config?: Partial<ArgnConfig>;
  seed: number;
  state?: ModelState;
}): ArgnModel {
  installFastWasmKernels();
  if (opts.state) {
    if (opts.state.kind !== 'argn')
      throw new Error(`This is a ${opts.state.kind} model, not ARGN.`);
    const config = { ...ARGN_DEFAULTS, ...(opts.state.config as Partial<ArgnConfig>) };
    const disc = opts.state.extras.discretizer as DiscretizerState | undefined;
    if (!disc || !Array.isArray(disc.columns))
      throw new Error('The model file has no column tokens for ARGN.');
    const training = opts.state.extras.training as Record<string, unknown> | undefined;
    // A continued run keeps the batch it started with, whatever backend it now runs on.
    const batch = extraNumber(training, 'batchSize', 0);
    if (opts.table && config.batchSize === null && batch > 0) config.batchSize = batch;
    const shape = argnShape(disc, config);
    const params = restoreArgnParams(shape, opts.state.weights);
    if (!opts.table) return new Argn(config, disc, shape, params, null, opts.seed);
    const data = { tokens: discretize(disc, opts.table), rows: opts.table.rows };
    const splitSeed = extraNumber(training, 'splitSeed', opts.seed);
    const argn = new Argn(config, disc, shape, params, data, splitSeed);
    argn.continueFrom(opts.state);
    return argn;
  }
  if (!opts.table) throw new Error('ARGN needs a table to train on, or a saved state.');
  const config = { ...ARGN_DEFAULTS, ...opts.config };
  checkConfig(config);
  if (opts.table.rows < 2) throw new Error('ARGN needs at least two rows to train on.');
  if (opts.table.columns.length < 1) throw new Error('ARGN needs at least one column.');
  const disc = fitDiscretizer(opts.table, {
    minCount: config.minCount,
    finePositions: config.finePositions,
  });
  const shape = argnShape(disc, config);
  const tokens = discretize(disc, opts.table);
  const rng = new Rng(opts.seed);
  const prior = logPrior(shape, tokens, opts.table.rows);
  const params = createParams(shape, prior, rng, config.ordinal ? ordinalPositions(disc) : null);
  return new Argn(config, disc, shape, params, { tokens, rows: opts.table.rows }, rng.seed());
}

interface Training extends ScheduleState {
  train: tf.Tensor2D;
  trainRows: number;
  validation: tf.Tensor2D | null;
  validationRows: number;
  optimizer: AdamW;
  rng: Rng;
  order: Int32Array | null;
  cursor: number;
  bestWeights: tf.Tensor[] | null;
}

class Argn implements ArgnModel {
  readonly kind = 'argn';
  readonly lossNames = ['loss'] as const;
  readonly batchSize: number;
  readonly constants: ArgnConstants;
  private readonly variables: tf.Variable[];
  readonly vocabulary: number;
  private readonly training: Training | null;
  /** Token columns to table columns, for the step orders. */
  private readonly order: TokenOrder;

  constructor(
    private readonly config: ArgnConfig,
    readonly discretizer: DiscretizerState,
    readonly shape: ArgnShape,
    readonly params: ArgnParams,
    data: { tokens: Int32Array; rows: number } | null,
    private readonly splitSeed: number,
  ) {
    this.constants = uploadConstants(shape);
    this.variables = paramVariables(params);
    this.vocabulary = shape.cards.reduce((a, b) => a + b, 0);
    this.order = tokenOrder(discretizer);
    const rows = data?.rows ?? 0;
    const valRows = rows >= 20 ? Math.round(rows * config.validationShare) : 0;
    const auto = 2 ** Math.floor(Math.log2(Math.max(1, (rows - valRows) / 64)));
    const scale = tf.getBackend() === 'webgl' ? 4 : 1;
    const batch = config.batchSize ?? Math.min(2048, Math.max(8, auto) * scale);
    this.batchSize = Math.max(1, Math.min(batch, rows - valRows || batch));
    this.training = data ? this.startTraining(data, valRows, new Rng(splitSeed)) : null;
  }

  /**
   * Puts a checkpoint's optimiser, best weights and schedule counters back, and reseeds the
   * batch order, so a continued run goes on rather than replaying its first epoch.
   */
  continueFrom(state: ModelState): void {
    const t = this.training;
    if (!t) return;
    const saved = state.extras.training as Record<string, unknown> | undefined;
    restoreOptimizer(OPTIMIZER, t.optimizer, state, saved?.adam);
    t.best = extraNumber(saved, 'best', Infinity);
    t.sinceBest = extraNumber(saved, 'sinceBest', 0);
    t.sinceCut = extraNumber(saved, 'sinceCut', 0);
    t.firstLearningRate = extraNumber(saved, 'firstLearningRate', t.firstLearningRate);
    if (hasTensors(BEST, state.weights))
      t.bestWeights = restoreTensors(BEST, this.variables, state.weights);
    t.rng = new Rng((this.splitSeed ^ Math.imul(t.optimizer.steps + 1, 0x9e3779b1)) >>> 0);
  }

  get learningRate(): number {
    return this.training?.optimizer.learningRate ?? 0;
  }

  private startTraining(
    data: { tokens: Int32Array; rows: number },
    valRows: number,
    rng: Rng,
  ): Training {
    const cols = this.shape.cards.length;
    const perm = rng.permutation(data.rows);
    const pick = (from: number, to: number) => {
      const out = new Int32Array((to - from) * cols);
      for (let i = from; i < to; i += 1) {
        const row = (perm[i] as number) * cols;
        out.set(data.tokens.subarray(row, row + cols), (i - from) * cols);
      }
      return tf.tensor2d(out, [to - from, cols], 'int32');
    };
    const lr = this.config.learningRate ?? 0.001 * Math.sqrt(this.batchSize / 32);
    return {
      train: pick(valRows, data.rows),
      trainRows: data.rows - valRows,
      validation: valRows > 0 ? pick(0, valRows) : null,
      validationRows: valRows,
      optimizer: new AdamW(this.variables, {
        learningRate: lr,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
        weightDecay: this.config.weightDecay,
      }),
      rng,
      order: null,
      cursor: 0,
      best: Infinity,
      bestWeights: null,
      sinceBest: 0,
      sinceCut: 0,
      firstLearningRate: lr,
    };
  }

  stepsPerEpoch(): number {
    return Math.max(1, Math.floor((this.training?.trainRows ?? 0) / this.batchSize));
  }

  private randomRanks(rng: Rng): Float32Array {
    return stepRanks(this.order, this.config.writeOrderShare, rng);
  }

  private maskTensor(rank: Float32Array): tf.Tensor2D {
    const values = permutationMask(this.shape, rank);
    const units = (this.shape.units[0] as number[]).reduce((a, b) => a + b, 0);
    return tf.tensor2d(values, [values.length / units, units]);
  }

  /** One AdamW step on one batch under a fresh column order; reports `{ loss }` (nats/row). */
  async trainStep(readLosses: boolean): Promise<Record<string, number> | null> {
    const t = this.training;
    if (!t)
      throw new Error('This ARGN was restored for sampling only; it has no data to train on.');
    const indices = this.nextBatch(t);
    const rank = this.randomRanks(t.rng);
    const dropout = { rate: this.config.dropout, rng: t.rng };
    const loss = tf.tidy(() => {
      const x = multiHot(
        tf.gather(t.train, tf.tensor1d(indices, 'int32')),
        this.constants,
        this.vocabulary,
      );
      const mask = this.maskTensor(rank);
      const { value, grads } = tf.variableGrads(
        () =>
          crossEntropy(forward(this.params, this.constants, x, mask, dropout), x, this.constants),
        this.variables,
      );
      t.optimizer.apply(grads);
      return value;
    });
    if (!readLosses) {
      loss.dispose();
      return null;
    }
    const values = await loss.data();
    loss.dispose();
    return { loss: values[0] as number };
  }

  private nextBatch(t: Training): Int32Array {
    if (t.order === null || t.cursor + this.batchSize > t.trainRows) {
      t.order = t.rng.permutation(t.trainRows);
      t.cursor = 0;
    }
    const indices = t.order.subarray(t.cursor, t.cursor + this.batchSize);
    t.cursor += this.batchSize;
    return indices;
  }

  /** Mean validation loss (nats/row) under the same seeded permutations every time. */
  private async validationLoss(t: Training): Promise<number> {
    const val = t.validation as tf.Tensor2D;
    const rng = new Rng(0x7a11d);
    const total = tf.tidy(() => {
      let sum: tf.Tensor = tf.scalar(0);
      for (let start = 0; start < t.validationRows; start += VALIDATION_CHUNK) {
        const n = Math.min(VALIDATION_CHUNK, t.validationRows - start);
        const x = multiHot(tf.slice(val, [start, 0], [n, -1]), this.constants, this.vocabulary);
        const mask = this.maskTensor(this.randomRanks(rng));
        const logits = forward(this.params, this.constants, x, mask, null);
        sum = tf.add(sum, tf.mul(crossEntropy(logits, x, this.constants), n));
      }
      return sum;
    });
    const value = (await total.data())[0] as number;
    total.dispose();
    return value / t.validationRows;
  }

  async endEpoch(last: boolean): Promise<EpochOutcome> {
    const t = this.training;
    if (!t || !t.validation)
      return { validationLoss: null, stop: false, learningRate: this.learningRate };
    const loss = await this.validationLoss(t);
    const step = afterValidation(t, loss, t.optimizer.learningRate, this.config);
    t.optimizer.learningRate = step.learningRate;
    if (step.best) {
      if (t.bestWeights) tf.dispose(t.bestWeights);
      t.bestWeights = this.variables.map((v) => tf.keep(v.clone()));
    }
    const stop = step.stop;
    if ((stop || last) && t.bestWeights) {
      const best = t.bestWeights;
      this.variables.forEach((v, i) => v.assign(best[i] as tf.Tensor));
    }
    return { validationLoss: loss, stop, learningRate: t.optimizer.learningRate };
  }

  sampleTable(rows: number, seed: number, options: ArgnSampleOptions = {}): Promise<ModelTable> {
    return sampleArgn(this, rows, seed, options);
  }

  save(): Promise<ModelState> {
    return argnModelState(this.config, this.discretizer, this.params, this.shape);
  }

  async trainingState(): Promise<ModelState> {
    const state = await this.save();
    const t = this.training;
    if (!t) return state;
    const adam = await saveOptimizer(OPTIMIZER, t.optimizer);
    const best = t.bestWeights ? await saveTensors(BEST, t.bestWeights) : [];
    const training = {
      adam: adam.saved,
      splitSeed: this.splitSeed,
      batchSize: this.batchSize,
      // JSON has no Infinity: an unset best is left out
      ...(Number.isFinite(t.best) ? { best: t.best } : {}),
      sinceBest: t.sinceBest,
      sinceCut: t.sinceCut,
      firstLearningRate: t.firstLearningRate,
    };
    return {
      ...state,
      extras: { ...state.extras, training },
      weights: [...state.weights, ...best, ...adam.weights],
    };
  }

  dispose(): void {
    tf.dispose(this.variables);
    disposeConstants(this.constants);
    const t = this.training;
    if (t) {
      tf.dispose([t.train, ...(t.validation ? [t.validation] : []), ...(t.bestWeights ?? [])]);
      t.optimizer.dispose();
    }
  }
}
