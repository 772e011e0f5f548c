/**
 * TVAE (Xu et al. 2019, "Modeling Tabular Data using Conditional GAN") as a {@link NeuralModel}
 * on raw tfjs ops: an encoder to a Gaussian posterior over a latent code, a decoder back to the
 * encoded row, and a learned σ per scalar dimension.
 *
 * Shapes: encoder `[batch, dataDim]` → compressDims (ReLU) → `[batch, 2·latent]`, split into mu
 * and logvar (one matMul for the two heads, each initialised as its own `nn.Linear` would be);
 * z = mu + eps·exp(logvar / 2); decoder `[batch, latent]` → decompressDims (ReLU) →
 * `[batch, dataDim]`; σ `[dataDim]` starts at 0.1 and is clamped to [0.01, 1] after every step.
 *
 * Decisions worth knowing:
 * - Steps per epoch are `floor(rows / batch)` (at least 1) and every batch is full: each epoch
 *   walks a fresh seeded permutation and leaves out its last `rows mod batch` rows, which the
 *   next permutation mixes back in. Full batches keep one shape (and one loss scale) throughout.
 * - Weight decay is PyTorch's Adam `weight_decay`: `decay · w` is added to each gradient (σ
 *   included) before the Adam update.
 * - `sample` draws each scalar as `clip(tanh(out) + σ·ε, −1, 1)`, ε ~ N(0, 1), as the reference
 *   does. σ is fitted once per batch (see tvae-loss.ts), so it ends well above the residual
 *   (about 0.4 against an RMSE near 0.02 on adult), but the noise is what spreads the decoder's
 *   too-narrow means: on adult at 30 epochs it raised quality from 0.790 to 0.847 and
 *   gradient-boosting TSTR macro F1 from 0.72 to 0.76 against `tanh(out)` alone.
 * - A saved model holds the config, the decoder and σ: enough to sample, never rows. Restoring
 *   one with `data` as well trains the restored decoder with a fresh encoder; a checkpoint's
 *   state (`trainingState`) also brings back the encoder and Adam's moments, so the run goes on.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../rng';
import type { Layout } from '../../data/spans';
import type { EncodedTable, ModelState, NeuralModel, SavedTensor } from '../common/neural';
import {
  klLoss,
  planLoss,
  reconstructionLoss,
  uploadMasks,
  type LossMasks,
  type LossPlan,
} from './tvae-loss';
import { Adam } from '../common/adam';
import type { DenseParams } from '../common/dense';
import {
  createLayers,
  disposeLayers,
  layerVariables,
  mlp,
  restoreLayers,
  saveLayers,
} from './tvae-net';
import {
  assignTensors,
  hasTensors,
  restoreOptimizer,
  saveOptimizer,
  saveTensors,
} from '../common/training-state';
import { installFastWasmKernels } from '../common/wasm-kernels';

export { TVAE_DEFAULTS, type TvaeConfig } from './config';
import { TVAE_DEFAULTS, type TvaeConfig } from './config';
import { randomNormal } from '../common/noise';

const SIGMA_INIT = 0.1;
const SIGMA_MIN = 0.01;
const SIGMA_MAX = 1;
/** Rows decoded per backend call in `sample` (bounds backend memory). */
const SAMPLE_CHUNK = 4096;
/** Checkpoint names of the encoder's weights and of Adam's moments. */
const ENCODER = 'train.encoder';
const OPTIMIZER = 'train.adam';

interface Training {
  data: tf.Tensor2D;
  rows: number;
  encoder: DenseParams[];
  optimizer: Adam;
  variables: tf.Variable[];
  plan: LossPlan;
  masks: LossMasks;
  rng: Rng;
  order: Int32Array | null;
  cursor: number;
}

/**
 * Builds a TVAE for `layout`: trainable when `data` is given, able to sample once trained or
 * when restored from `state`. Weights are initialised from `seed` (PyTorch `nn.Linear` scheme);
 * all later randomness (batch order, reparameterisation noise) also derives from it.
 *
 * @param opts.data the encoded table `[rows, layout.dataDim]`, uploaded to the backend once
 * @param opts.state a saved TVAE: its config and decoder replace `config` and the initial decoder
 */
export function createTvae(opts: {
  layout: Layout;
  config?: Partial<TvaeConfig>;
  seed: number;
  data?: EncodedTable;
  state?: ModelState;
}): NeuralModel {
  const config = opts.state ? parseConfig(opts.state.config) : { ...TVAE_DEFAULTS, ...opts.config };
  checkConfig(config);
  installFastWasmKernels();
  return new Tvae(opts.layout, config, opts.seed, opts.data, opts.state);
}

class Tvae implements NeuralModel {
  readonly kind = 'tvae';
  readonly lossNames = ['reconstruction', 'kl'] as const;
  readonly batchSize: number;
  private readonly decoder: DenseParams[];
  private readonly sigma: tf.Variable;
  private readonly training: Training | null;

  constructor(
    private readonly layout: Layout,
    private readonly config: TvaeConfig,
    seed: number,
    data: EncodedTable | undefined,
    state: ModelState | undefined,
  ) {
    const rng = new Rng(seed);
    const dataDim = layout.dataDim;
    const encoderDims = [dataDim, ...config.compressDims, 2 * config.embeddingDim];
    const decoderDims = [config.embeddingDim, ...config.decompressDims, dataDim];
    const encoder = data ? createLayers(encoderDims, rng) : [];
    if (state) {
      if (state.kind !== 'tvae') throw new Error(`This is a ${state.kind} model file, not a TVAE.`);
      this.decoder = restoreLayers('decoder', decoderDims, state.weights);
      this.sigma = restoreSigma(state.weights, dataDim);
    } else {
      this.decoder = createLayers(decoderDims, rng);
      this.sigma = tf.tidy(() => tf.variable(tf.fill([dataDim], SIGMA_INIT), true));
    }
    this.batchSize = data ? Math.min(config.batchSize, data.rows) : config.batchSize;
    this.training = data ? this.startTraining(data, encoder, rng) : null;
    if (this.training && state) this.continueFrom(this.training, state, seed);
  }

  /**
   * Puts a checkpoint's encoder and Adam moments back (a plain model file has neither) and
   * reseeds the batch order and noise, so a continued run does not replay the first epoch.
   */
  private continueFrom(t: Training, state: ModelState, seed: number): void {
    if (hasTensors(ENCODER, state.weights))
      assignTensors(ENCODER, layerVariables(t.encoder), state.weights);
    const extras = state.extras.training as Record<string, unknown> | undefined;
    restoreOptimizer(OPTIMIZER, t.optimizer, state, extras?.adam);
    t.rng = new Rng((seed ^ Math.imul(t.optimizer.steps + 1, 0x9e3779b1)) >>> 0);
  }

  private startTraining(data: EncodedTable, encoder: DenseParams[], rng: Rng): Training {
    const dataDim = this.layout.dataDim;
    if (data.layout.dataDim !== dataDim || data.matrix.length !== data.rows * dataDim) {
      throw new Error(`The encoded table is not [${data.rows}, ${dataDim}] as the layout says.`);
    }
    if (data.rows < 1) throw new Error('TVAE needs at least one row to train on.');
    const plan = planLoss(this.layout);
    const { learningRate, weightDecay } = this.config;
    const variables = [...layerVariables(encoder), ...layerVariables(this.decoder), this.sigma];
    return {
      data: tf.tensor2d(data.matrix, [data.rows, dataDim]),
      rows: data.rows,
      encoder,
      optimizer: new Adam(variables, {
        learningRate,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
        weightDecay,
      }),
      variables,
      plan,
      masks: uploadMasks(plan),
      rng,
      order: null,
      cursor: 0,
    };
  }

  stepsPerEpoch(): number {
    const rows = this.training?.rows ?? 0;
    return Math.max(1, Math.floor(rows / this.batchSize));
  }

  /**
   * One Adam step on one batch. Reports `{ reconstruction, kl }` (the two terms as optimised:
   * reconstruction already times `lossFactor`, both per row) when `readLosses` is true.
   */
  async trainStep(readLosses: boolean): Promise<Record<string, number> | null> {
    const t = this.training;
    if (!t)
      throw new Error('This TVAE was restored for sampling only; it has no data to train on.');
    const indices = this.nextBatch(t);
    const noiseSeed = t.rng.seed();
    const losses = tf.tidy(() => {
      const x = tf.gather(t.data, tf.tensor1d(indices, 'int32')) as tf.Tensor2D;
      const eps = randomNormal([x.shape[0], this.config.embeddingDim], 0, 1, noiseSeed);
      let terms: tf.Scalar[] = [];
      const { grads } = tf.variableGrads(() => {
        const { reconstruction, kl } = this.lossTerms(t, x, eps as tf.Tensor2D);
        terms = [tf.keep(reconstruction), tf.keep(kl)];
        return tf.add(reconstruction, kl);
      }, t.variables);
      t.optimizer.apply(grads);
      this.sigma.assign(tf.clipByValue(this.sigma, SIGMA_MIN, SIGMA_MAX));
      const stacked = tf.stack(terms);
      tf.dispose(terms);
      return stacked;
    });
    if (!readLosses) {
      losses.dispose();
      return null;
    }
    const values = await losses.data();
    losses.dispose();
    return { reconstruction: values[0] as number, kl: values[1] as number };
  }

  /** The next batch's row indices: a slice of the current epoch's seeded permutation. */
  private nextBatch(t: Training): Int32Array {
    if (t.order === null || t.cursor + this.batchSize > t.rows) {
      t.order = t.rng.permutation(t.rows);
      t.cursor = 0;
    }
    const indices = t.order.subarray(t.cursor, t.cursor + this.batchSize);
    t.cursor += this.batchSize;
    return indices;
  }

  /** Encoder → reparameterised z → decoder → both loss terms (scalars). */
  private lossTerms(t: Training, x: tf.Tensor2D, eps: tf.Tensor2D) {
    const [mu, logvar] = tf.split(mlp(x, t.encoder, true), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const std = tf.exp(tf.mul(logvar, 0.5)) as tf.Tensor2D;
    const z = tf.add(mu, tf.mul(eps, std)) as tf.Tensor2D;
    const out = mlp(z, this.decoder);
    const reconstruction = reconstructionLoss(
      out,
      x,
      this.sigma as tf.Tensor1D,
      t.plan,
      t.masks,
      this.config.lossFactor,
    );
    return { reconstruction, kl: klLoss(mu, logvar, std) };
  }

  /**
   * Decodes `rows` codes z ~ N(0, I) into encoded rows `[rows, dataDim]` (row-major): scalar
   * dimensions `clip(tanh(out) + σ·ε, −1, 1)`, each softmax span one-hot at its largest logit.
   */
  async sample(rows: number, seed: number): Promise<Float32Array> {
    const rng = new Rng(seed);
    const dataDim = this.layout.dataDim;
    const sigma = (await this.sigma.data()) as Float32Array;
    const result = new Float32Array(rows * dataDim);
    for (let start = 0; start < rows; start += SAMPLE_CHUNK) {
      const n = Math.min(SAMPLE_CHUNK, rows - start);
      const noiseSeed = rng.seed();
      const raw = tf.tidy(() => {
        const z = randomNormal([n, this.config.embeddingDim], 0, 1, noiseSeed);
        return mlp(z as tf.Tensor2D, this.decoder);
      });
      const values = (await raw.data()) as Float32Array;
      raw.dispose();
      activateRows(this.layout, values, sigma, rng, result.subarray(start * dataDim));
    }
    return result;
  }

  async save(): Promise<ModelState> {
    const sigma: SavedTensor = {
      name: 'sigma',
      shape: [this.layout.dataDim],
      values: Array.from(await this.sigma.data()),
    };
    return {
      kind: 'tvae',
      config: { ...this.config },
      extras: { dataDim: this.layout.dataDim },
      weights: [...(await saveLayers('decoder', this.decoder)), sigma],
    };
  }

  async trainingState(): Promise<ModelState> {
    const state = await this.save();
    const t = this.training;
    if (!t) return state;
    const encoder = await saveTensors(ENCODER, layerVariables(t.encoder));
    const adam = await saveOptimizer(OPTIMIZER, t.optimizer);
    return {
      ...state,
      extras: { ...state.extras, training: { adam: adam.saved } },
      weights: [...state.weights, ...encoder, ...adam.weights],
    };
  }

  dispose(): void {
    disposeLayers(this.decoder);
    this.sigma.dispose();
    const t = this.training;
    if (t) {
      disposeLayers(t.encoder);
      tf.dispose([t.data, ...Object.values(t.masks)]);
      t.optimizer.dispose();
    }
  }
}

function restoreSigma(weights: readonly SavedTensor[], dataDim: number): tf.Variable {
  const saved = weights.find((w) => w.name === 'sigma');
  if (!saved || saved.values.length !== dataDim) {
    throw new Error(`The model file has no σ of width ${dataDim}.`);
  }
  return tf.tidy(() => tf.variable(tf.tensor1d(saved.values), true));
}

/**
 * Turns raw decoder outputs `[n, dataDim]` into encoded rows in `target`: on scalar spans
 * `clip(tanh(out) + σ·ε, −1, 1)` with ε drawn from `rng`, on softmax spans a one-hot of the argmax.
 */
function activateRows(
  layout: Layout,
  raw: Float32Array,
  sigma: Float32Array,
  rng: Rng,
  target: Float32Array,
): void {
  const dataDim = layout.dataDim;
  const n = raw.length / dataDim;
  for (let r = 0; r < n; r += 1) {
    const base = r * dataDim;
    for (const span of layout.spans) {
      if (span.activation === 'tanh') {
        for (let d = span.start; d < span.end; d += 1) {
          const noisy = Math.tanh(raw[base + d] as number) + (sigma[d] as number) * rng.normal();
          target[base + d] = Math.max(-1, Math.min(1, noisy));
        }
        continue;
      }
      let best = span.start;
      for (let d = span.start + 1; d < span.end; d += 1) {
        if ((raw[base + d] as number) > (raw[base + best] as number)) best = d;
      }
      target[base + best] = 1;
    }
  }
}

function parseConfig(raw: Record<string, unknown>): TvaeConfig {
  const num = (key: keyof TvaeConfig): number => {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new Error(`TVAE config: ${key} is not a number.`);
    return v;
  };
  const dims = (key: keyof TvaeConfig): number[] => {
    const v = raw[key];
    if (!Array.isArray(v) || !v.every((d) => typeof d === 'number')) {
      throw new Error(`TVAE config: ${key} is not a list of widths.`);
    }
    return v as number[];
  };
  return {
    embeddingDim: num('embeddingDim'),
    compressDims: dims('compressDims'),
    decompressDims: dims('decompressDims'),
    lossFactor: num('lossFactor'),
    batchSize: num('batchSize'),
    learningRate: num('learningRate'),
    weightDecay: num('weightDecay'),
  };
}

function checkConfig(c: TvaeConfig): void {
  const widths = [c.embeddingDim, c.batchSize, ...c.compressDims, ...c.decompressDims];
  if (!widths.every((w) => Number.isInteger(w) && w >= 1)) {
    throw new Error('TVAE config: widths and batch size must be whole numbers of at least 1.');
  }
  if (!(c.learningRate > 0) || !(c.lossFactor > 0) || !(c.weightDecay >= 0)) {
    throw new Error(
      'TVAE config: learning rate and loss factor must be positive, weight decay not negative.',
    );
  }
}
