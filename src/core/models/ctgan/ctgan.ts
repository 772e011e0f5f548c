/**
 * CTGAN (Xu et al., "Modeling Tabular Data using Conditional GAN", NeurIPS 2019) as a
 * {@link NeuralModel}, on raw tfjs ops: a conditional generator with residual blocks, a packed
 * WGAN-GP critic, training-by-sampling and the conditional cross-entropy. Defaults are the
 * reference implementation's.
 *
 * Tensors: the encoded table is uploaded once and batches are gathered on the backend by
 * index; a step uploads only int32 index vectors. Every random draw (weights, batches, noise,
 * Gumbel, dropout) comes from the model's seeded {@link Rng}, so a seed fixes the run on cpu.
 */
import * as tf from '@tensorflow/tfjs';
import { ConditionalSampler } from '../../data/conditional-sampler';
import type { Layout } from '../../data/spans';
import { Rng } from '../../rng';
import { Adam, type AdamConfig } from '../common/adam';
import {
  createDiscriminator,
  createGenerator,
  discriminatorForward,
  discriminatorVariables,
  disposeDiscriminator,
  disposeGenerator,
  generatorForward,
  generatorVariables,
  gradientPenalty,
  pack,
  type DiscriminatorParams,
  type DropoutPlan,
  type GeneratorParams,
} from './ctgan-nets';
import { generatorFromState, readCtganState, writeCtganState } from './ctgan-state';
import { oneHotFloat, SpanActivation } from '../common/span-activation';
import type { EncodedTable, ModelState, NeuralModel } from '../common/neural';
import {
  assignTensors,
  hasTensors,
  restoreOptimizer,
  saveOptimizer,
  saveTensors,
} from '../common/training-state';
import { installFastWasmKernels } from '../common/wasm-kernels';

export { CTGAN_DEFAULTS, type CtganConfig } from './config';
import { CTGAN_DEFAULTS, type CtganConfig } from './config';
import { randomNormal, randomUniform } from '../common/noise';

const ADAM_BETAS = { beta1: 0.5, beta2: 0.9, epsilon: 1e-8 };
const DROPOUT_RATE = 0.5;
/** Checkpoint names of the critic's weights and of the two optimisers' moments. */
const CRITIC = 'train.critic';
const GENERATOR_ADAM = 'train.generatorAdam';
const CRITIC_ADAM = 'train.criticAdam';

export interface CtganOptions {
  layout: Layout;
  config?: Partial<CtganConfig>;
  seed: number;
  /** The encoded training table (to train). */
  data?: EncodedTable;
  /**
   * A saved model: alone, to sample; with `data`, to continue training (a checkpoint's state
   * also brings back the critic and both optimisers' moments).
   */
  state?: ModelState;
}

/** Critic losses of one step (the caller disposes them). */
export interface CriticLosses {
  /** `mean(D(fake)) − mean(D(real))`. */
  loss: tf.Scalar;
  /** `λ · mean((‖∇D(x̂)‖ − 1)²)`. */
  penalty: tf.Scalar;
}

/** Everything only training needs; absent on a model restored for sampling. */
interface Training {
  data: tf.Tensor2D;
  rows: number;
  discriminator: DiscriminatorParams;
  generatorAdam: Adam;
  discriminatorAdam: Adam;
}

/** Builds a CTGAN to train (`data`) or to sample from a saved state (`state`). */
export function createCtgan(opts: CtganOptions): NeuralModel {
  return createCtganModel(opts);
}

/** {@link createCtgan} with the concrete type, whose single steps the tests drive. */
export function createCtganModel(opts: CtganOptions): CtganModel {
  if (!opts.data && !opts.state) throw new Error('CTGAN needs data to train or a saved state');
  installFastWasmKernels();
  return new CtganModel(opts);
}

export class CtganModel implements NeuralModel {
  readonly kind = 'ctgan';
  readonly lossNames = ['generator', 'discriminator', 'penalty'] as const;
  readonly config: CtganConfig;
  readonly generator: GeneratorParams;
  readonly sampler: ConditionalSampler;
  private readonly activation: SpanActivation;
  private rng: Rng;
  private readonly training: Training | null;

  constructor(opts: CtganOptions) {
    const { layout } = opts;
    this.rng = new Rng(opts.seed);
    const restored = opts.state ? readCtganState(opts.state, layout) : null;
    const saved = restored?.config as Partial<CtganConfig> | undefined;
    this.config = validateConfig({ ...CTGAN_DEFAULTS, ...saved, ...opts.config });
    const c = this.config;
    const inDim = c.embeddingDim + layout.condDim;
    if (restored && !opts.data) {
      this.sampler = ConditionalSampler.fromCounts(layout, restored.levelCounts);
      this.generator = generatorFromState(restored, inDim, c.generatorDims, layout.dataDim);
      this.activation = new SpanActivation(layout, c.gumbelTau);
      this.training = null;
      return;
    }
    const data = opts.data as EncodedTable;
    if (data.layout.dataDim !== layout.dataDim || data.layout.condDim !== layout.condDim) {
      throw new Error('the encoded table does not match the layout');
    }
    this.sampler = ConditionalSampler.fromMatrix(data.matrix, data.rows, layout, c.logFrequency);
    this.activation = new SpanActivation(layout, c.gumbelTau);
    this.generator = restored
      ? generatorFromState(restored, inDim, c.generatorDims, layout.dataDim)
      : createGenerator(inDim, c.generatorDims, layout.dataDim, this.rng);
    const dIn = layout.dataDim + layout.condDim;
    const discriminator = createDiscriminator(dIn, c.discriminatorDims, c.pac, this.rng);
    const adam = (lr: number, weightDecay: number): AdamConfig => ({
      learningRate: lr,
      weightDecay,
      ...ADAM_BETAS,
    });
    this.training = {
      data: tf.tensor2d(data.matrix, [data.rows, layout.dataDim]),
      rows: data.rows,
      discriminator,
      generatorAdam: new Adam(
        generatorVariables(this.generator),
        adam(c.generatorLr, c.generatorDecay),
      ),
      discriminatorAdam: new Adam(
        discriminatorVariables(discriminator),
        adam(c.discriminatorLr, c.discriminatorDecay),
      ),
    };
    if (opts.state) this.continueFrom(opts.state, opts.seed);
  }

  /**
   * Puts a checkpoint's critic and optimiser moments back (a plain model file has neither: the
   * critic and the moments then start fresh) and reseeds the draws, so a continued run does not
   * replay the first epoch's batches.
   */
  private continueFrom(state: ModelState, seed: number): void {
    const t = this.requireTraining();
    const extras = state.extras.training as Record<string, unknown> | undefined;
    if (hasTensors(CRITIC, state.weights))
      assignTensors(CRITIC, discriminatorVariables(t.discriminator), state.weights);
    restoreOptimizer(GENERATOR_ADAM, t.generatorAdam, state, extras?.generatorAdam);
    restoreOptimizer(CRITIC_ADAM, t.discriminatorAdam, state, extras?.discriminatorAdam);
    this.rng = new Rng((seed ^ Math.imul(t.generatorAdam.steps + 1, 0x9e3779b1)) >>> 0);
  }

  get batchSize(): number {
    return this.config.batchSize;
  }

  get layout(): Layout {
    return this.sampler.layout;
  }

  /** The generator's trainable variables (what its optimiser moves). */
  generatorVariables(): tf.Variable[] {
    return generatorVariables(this.generator);
  }

  /** The critic's trainable variables (training models only). */
  discriminatorVariables(): tf.Variable[] {
    return discriminatorVariables(this.requireTraining().discriminator);
  }

  stepsPerEpoch(): number {
    return Math.max(1, Math.floor((this.training?.rows ?? 0) / this.config.batchSize));
  }

  async trainStep(readLosses: boolean): Promise<Record<string, number> | null> {
    let critic: CriticLosses | null = null;
    for (let i = 0; i < this.config.discriminatorSteps; i += 1) {
      if (critic) tf.dispose([critic.loss, critic.penalty]);
      critic = this.trainDiscriminatorStep();
    }
    const generatorLoss = this.trainGeneratorStep();
    const losses = critic as CriticLosses;
    const all = [generatorLoss, losses.loss, losses.penalty];
    if (!readLosses) {
      tf.dispose(all);
      return null;
    }
    try {
      const [g, d, p] = await Promise.all(all.map((t) => t.data()));
      return { generator: g?.[0] ?? NaN, discriminator: d?.[0] ?? NaN, penalty: p?.[0] ?? NaN };
    } finally {
      tf.dispose(all);
    }
  }

  /**
   * One critic step (paper's Algorithm 1, reference loop): conditions c1 for the fakes, real rows
   * drawn for a shuffle c2 of c1, loss `mean(D(fake ++ c1)) − mean(D(real ++ c2))` plus the
   * gradient penalty; Adam moves the critic's variables only. The generator runs in training
   * mode (its batch-norm running statistics move, as in PyTorch) but is not differentiated.
   */
  trainDiscriminatorStep(): CriticLosses {
    const t = this.requireTraining();
    const { batchSize, pac, gradientPenalty: lambda } = this.config;
    const conds = this.sampler.sampleTrain(batchSize, this.rng);
    const perm = this.rng.permutation(batchSize);
    const realRows = Int32Array.from(perm, (p) => conds.rowIndex[p] as number);
    const realConds = this.hasConditions
      ? Int32Array.from(perm, (p) => conds.condIndex[p] as number)
      : conds.condIndex;
    const noiseSeed = this.rng.seed();
    const gumbelSeed = this.rng.seed();
    const alphaSeed = this.rng.seed();
    const fakeDrop = this.dropoutPlan();
    const realDrop = this.dropoutPlan();
    const penaltyDrop = this.dropoutPlan();
    return tf.tidy(() => {
      const c1 = this.condMatrix(conds.condIndex);
      const raw = generatorForward(this.generator, this.generatorInput(c1, noiseSeed), 'train');
      const fake = pack(this.withCond(this.activation.soft(raw, gumbelSeed), c1), pac);
      const realData: tf.Tensor2D = tf.gather(t.data, tf.tensor1d(realRows, 'int32'));
      const real = pack(this.withCond(realData, this.condMatrix(realConds)), pac);
      const alpha = randomUniform([batchSize / pac, 1], 0, 1, alphaSeed) as tf.Tensor2D;
      const d = t.discriminator;
      // The two parts are kept past the gradient's tidy for reporting; the caller disposes them.
      const kept: tf.Scalar[] = [];
      const { grads } = tf.variableGrads(() => {
        const yFake = tf.mean(discriminatorForward(d, fake, fakeDrop));
        const yReal = tf.mean(discriminatorForward(d, real, realDrop));
        const loss = tf.keep(tf.sub<tf.Scalar>(yFake, yReal));
        const penalty = tf.keep(gradientPenalty(d, real, fake, alpha, penaltyDrop, lambda));
        kept.push(loss, penalty);
        return tf.add(loss, penalty);
      }, t.discriminatorAdam.variables as tf.Variable[]);
      t.discriminatorAdam.apply(grads);
      const [loss, penalty] = kept as [tf.Scalar, tf.Scalar];
      return { loss, penalty };
    });
  }

  /**
   * One generator step: fresh conditions c1, loss `−mean(D(G(z, c1) ++ c1))` plus the
   * cross-entropy of the raw output on each row's conditioned span; Adam moves the generator's
   * variables only. Returns the loss (the caller disposes it).
   */
  trainGeneratorStep(): tf.Scalar {
    const t = this.requireTraining();
    const { batchSize, pac } = this.config;
    const conds = this.sampler.sampleTrain(batchSize, this.rng);
    const noiseSeed = this.rng.seed();
    const gumbelSeed = this.rng.seed();
    const dropout = this.dropoutPlan();
    return tf.tidy(() => {
      const c1 = this.condMatrix(conds.condIndex);
      const input = this.generatorInput(c1, noiseSeed);
      const { value, grads } = tf.variableGrads(() => {
        const raw = generatorForward(this.generator, input, 'train');
        const fake = pack(this.withCond(this.activation.soft(raw, gumbelSeed), c1), pac);
        const scores = discriminatorForward(t.discriminator, fake, dropout);
        const adversarial = tf.neg<tf.Scalar>(tf.mean(scores));
        if (!c1) return adversarial;
        return tf.add<tf.Scalar>(adversarial, this.activation.conditionalLoss(raw, c1));
      }, t.generatorAdam.variables as tf.Variable[]);
      t.generatorAdam.apply(grads);
      return value;
    });
  }

  /**
   * Raw generator output `[rows, dataDim]` for given noise and conditions, batch norm in
   * inference mode (for tests of batch independence).
   */
  generateRaw(noise: tf.Tensor2D, cond: tf.Tensor2D | null): tf.Tensor2D {
    return tf.tidy(() =>
      generatorForward(this.generator, cond ? tf.concat([noise, cond], 1) : noise, 'inference'),
    );
  }

  async sample(rows: number, seed: number): Promise<Float32Array> {
    return this.generate(rows, seed, (n, rng) => this.sampler.sampleOriginal(n, rng));
  }

  /**
   * Generates `rows` encoded rows `[rows, dataDim]` with the conditional vector fixed to `level`
   * of conditional span `span` (an index into `layout.condSpans`) for every row: the paper's way
   * to generate rows that hold one value of a discrete column. With several levels, each row
   * draws one by its training frequency. The generator was trained to honour the condition
   * (the conditional loss), so most rows hold that level, not every one: check them.
   *
   * @throws when the layout has no such span or level.
   */
  async sampleWhere(
    rows: number,
    seed: number,
    span: number,
    level: number | readonly number[],
  ): Promise<Float32Array> {
    this.sampler.fixedConditions(0, span, level, new Rng(0));
    return this.generate(rows, seed, (n, rng) => this.sampler.fixedConditions(n, span, level, rng));
  }

  /** Runs the generator in inference mode in batches, conditions from `conditions`. */
  private async generate(
    rows: number,
    seed: number,
    conditions: (n: number, rng: Rng) => Int32Array,
  ): Promise<Float32Array> {
    const { dataDim } = this.layout;
    const out = new Float32Array(rows * dataDim);
    const rng = new Rng(seed);
    for (let start = 0; start < rows; start += this.config.batchSize) {
      const n = Math.min(this.config.batchSize, rows - start);
      const conds = conditions(n, rng);
      const noiseSeed = rng.seed();
      const gumbelSeed = rng.seed();
      const chunk = tf.tidy(() => {
        const c = this.condMatrix(conds);
        const noise = this.noise(n, noiseSeed);
        const input = c ? tf.concat([noise, c], 1) : noise;
        const raw = generatorForward(this.generator, input, 'inference');
        return this.activation.hard(raw, gumbelSeed);
      });
      try {
        out.set(await chunk.data(), start * dataDim);
      } finally {
        chunk.dispose();
      }
    }
    return out;
  }

  async save(): Promise<ModelState> {
    return writeCtganState(this.config, this.generator, this.sampler);
  }

  async trainingState(): Promise<ModelState> {
    const state = await this.save();
    const t = this.training;
    if (!t) return state;
    const critic = await saveTensors(CRITIC, discriminatorVariables(t.discriminator));
    const g = await saveOptimizer(GENERATOR_ADAM, t.generatorAdam);
    const d = await saveOptimizer(CRITIC_ADAM, t.discriminatorAdam);
    return {
      ...state,
      extras: { ...state.extras, training: { generatorAdam: g.saved, discriminatorAdam: d.saved } },
      weights: [...state.weights, ...critic, ...g.weights, ...d.weights],
    };
  }

  dispose(): void {
    disposeGenerator(this.generator);
    this.activation.dispose();
    if (this.training) {
      this.training.data.dispose();
      disposeDiscriminator(this.training.discriminator);
      this.training.generatorAdam.dispose();
      this.training.discriminatorAdam.dispose();
    }
  }

  private get hasConditions(): boolean {
    return this.layout.condDim > 0;
  }

  private requireTraining(): Training {
    if (!this.training) throw new Error('this CTGAN was restored for sampling and cannot train');
    return this.training;
  }

  private dropoutPlan(): DropoutPlan {
    return { rate: DROPOUT_RATE, seeds: this.config.discriminatorDims.map(() => this.rng.seed()) };
  }

  /** One-hot conditional vectors `[rows, condDim]` from their positions; null without any. */
  private condMatrix(positions: Int32Array): tf.Tensor2D | null {
    if (!this.hasConditions) return null;
    const indices = tf.tensor1d(positions, 'int32');
    return oneHotFloat(indices, this.layout.condDim);
  }

  private noise(rows: number, seed: number): tf.Tensor2D {
    return randomNormal([rows, this.config.embeddingDim], 0, 1, seed) as tf.Tensor2D;
  }

  private generatorInput(cond: tf.Tensor2D | null, seed: number): tf.Tensor2D {
    const noise = this.noise(this.config.batchSize, seed);
    return cond ? tf.concat([noise, cond], 1) : noise;
  }

  private withCond(x: tf.Tensor2D, cond: tf.Tensor2D | null): tf.Tensor2D {
    return cond ? tf.concat([x, cond], 1) : x;
  }
}

function validateConfig(c: CtganConfig): CtganConfig {
  for (const [key, fallback] of Object.entries(CTGAN_DEFAULTS)) {
    const value: unknown = c[key as keyof CtganConfig];
    const ok = Array.isArray(fallback) ? Array.isArray(value) : typeof value === typeof fallback;
    if (!ok) throw new Error(`CTGAN setting ${key} has the wrong type`);
  }
  const positiveInt = (n: number) => Number.isInteger(n) && n > 0;
  const dims = (d: number[]) => Array.isArray(d) && d.every(positiveInt);
  if (!positiveInt(c.embeddingDim) || !positiveInt(c.pac) || !positiveInt(c.batchSize)) {
    throw new Error('CTGAN sizes must be positive integers');
  }
  if (!dims(c.generatorDims) || !dims(c.discriminatorDims)) {
    throw new Error('CTGAN layer widths must be positive integers');
  }
  if (c.batchSize % c.pac !== 0) {
    throw new Error(`batch size ${c.batchSize} must be a multiple of pac ${c.pac}`);
  }
  if (!positiveInt(c.discriminatorSteps)) throw new Error('discriminatorSteps must be >= 1');
  const rates = [c.generatorLr, c.discriminatorLr, c.gumbelTau];
  if (rates.some((r) => !(r > 0))) throw new Error('learning rates and tau must be positive');
  const nonNegative = [c.generatorDecay, c.discriminatorDecay, c.gradientPenalty];
  if (nonNegative.some((r) => !(r >= 0))) throw new Error('decays and λ must be non-negative');
  return { ...c, generatorDims: [...c.generatorDims], discriminatorDims: [...c.discriminatorDims] };
}
