/**
 * ARGN trained under differential privacy: tokens from public facts and noisy counts
 * (dp-tokens.ts), then DP-SGD (dp-sgd.ts) with Poisson sampling, the steps and noise the
 * accountant planned (dp-plan.ts). No rows are held out for validation and nothing stops early
 * on how the private rows score: training runs its planned steps and stops when the budget is
 * spent. The saved model is an ordinary ARGN state (config, tokens, weights), every number in
 * it a public fact or a DP output; sampling is plain ARGN sampling.
 */
import * as tf from '@tensorflow/tfjs';
import { discretize, type DiscretizerState } from '../../data/discretizer';
import type { ModelTable } from '../../data/model-table';
import {
  budgetProblem,
  composeParts,
  DpRefusal,
  type BudgetPart,
  type DifferentialPrivacy,
} from '../../privacy/budget';
import { Rng } from '../../rng';
import { secretRng } from '../../privacy/secret-rng';
import type { DpSettings } from '../contract';
import { AdamW } from '../common/adamw';
import type { EpochOutcome, ModelState } from '../common/neural';
import { domainsUnderBudget } from '../mst/mst';
import type { ColumnDomain } from '../mst/value-ranges';
import { argnShape, ARGN_DEFAULTS, type ArgnConfig, type ArgnModel } from './argn';
import { stepRanks, tokenOrder, type TokenOrder } from './argn-setup';
import {
  createParams,
  disposeConstants,
  multiHot,
  paramVariables,
  permutationMask,
  argnModelState,
  uploadConstants,
  type ArgnConstants,
  type ArgnParams,
  type ArgnShape,
} from './argn-net';
import { ordinalPositions } from './argn-ordinal';
import { sampleArgn, type ArgnNet, type ArgnSampleOptions } from './argn-sample';
import { clippedGradients, noisyMean, stepMasks } from './dp-sgd';
import {
  DP_ARGN_DEFAULTS,
  planTraining,
  tokensBudget,
  trainingPart,
  type DpArgnSettings,
  type DpTrainingPlan,
} from './dp-plan';
import { dpTokens } from './dp-tokens';

/** Padded batches come in multiples of this, so a varying batch reuses few shapes. */
const BUCKET = 64;

/** A DP ARGN: an ARGN that also says what it spent and which domains it may publish. */
export interface DpArgnModel extends ArgnModel, Omit<ArgnNet, 'discretizer'> {
  readonly domains: readonly ColumnDomain[];
  readonly plan: DpTrainingPlan;
  /** Steps taken so far. */
  readonly steps: number;
  differentialPrivacy(): DifferentialPrivacy;
}

/**
 * Each row joins with probability `q`, independently (Poisson sampling): the gaps between
 * chosen rows are geometric, so a step costs its batch, not the table.
 */
export function poissonSample(rows: number, q: number, rng: Rng): Int32Array {
  const out: number[] = [];
  if (q >= 1) return Int32Array.from({ length: rows }, (_, i) => i);
  const logMiss = Math.log1p(-q);
  let at = -1;
  for (;;) {
    let u = rng.uniform();
    while (u === 0) u = rng.uniform();
    at += 1 + Math.floor(Math.log(u) / logMiss);
    if (at >= rows) break;
    out.push(at);
  }
  return Int32Array.from(out);
}

/**
 * Builds an ARGN to train under `privacy` on `table` for at most `epochs` passes (fewer when
 * the DP settings cap them).
 *
 * @throws DpRefusal for a bad or too small budget or too small a table, before anything is kept.
 */
export function createDpArgn(
  table: ModelTable,
  privacy: DpSettings,
  epochs: number,
  seed: number,
  settings: DpArgnSettings = DP_ARGN_DEFAULTS,
): DpArgnModel {
  const problem = budgetProblem(privacy.epsilon, privacy.delta);
  if (problem) throw new DpRefusal(problem);
  if (table.columns.length === 0) throw new DpRefusal('The table has no column ARGN can model.');
  const rng = new Rng(seed);
  const secret = secretRng();
  const { domains, parts } = domainsUnderBudget(table, privacy, secret.fork());
  const tokensPart = tokensBudget(privacy.epsilon, privacy.delta);
  const tokens = dpTokens(table, domains, tokensPart.rho, settings.tokens, secret.fork());
  const before = [...parts, tokensPart.part];
  const runEpochs = Math.min(epochs, settings.epochs);
  const plan = planTraining(
    privacy.epsilon,
    privacy.delta,
    before,
    tokens.rows,
    runEpochs,
    settings,
  );
  const config: ArgnConfig = {
    ...ARGN_DEFAULTS,
    regressorUnits: settings.regressorUnits,
    dropout: 0,
    batchSize: Math.round(plan.expectedBatch),
    learningRate: settings.learningRate,
    validationShare: 0,
    minCount: settings.tokens.minCount,
    finePositions: settings.tokens.finePositions,
  };
  const disc = tokens.discretizer;
  const shape = argnShape(disc, config);
  const params = createParams(shape, tokens.logPrior, rng, ordinalPositions(disc));
  const data = discretize(disc, table);
  return new DpArgn(
    config,
    disc,
    shape,
    params,
    { tokens: data, rows: table.rows },
    {
      domains,
      before,
      plan,
      rng,
      secret,
    },
  );
}

class DpArgn implements DpArgnModel {
  readonly kind = 'argn';
  readonly lossNames = ['loss'] as const;
  readonly batchSize: number;
  readonly constants: ArgnConstants;
  readonly vocabulary: number;
  readonly domains: readonly ColumnDomain[];
  readonly plan: DpTrainingPlan;
  private readonly variables: tf.Variable[];
  private readonly rows: tf.Tensor2D;
  private readonly rowCount: number;
  private readonly optimizer: AdamW;
  private readonly before: BudgetPart[];
  private readonly rng: Rng;
  private readonly secret: Rng;
  private taken = 0;
  /** Token columns to table columns, for the step orders. */
  private readonly order: TokenOrder;

  constructor(
    private readonly config: ArgnConfig,
    readonly discretizer: DiscretizerState,
    readonly shape: ArgnShape,
    readonly params: ArgnParams,
    data: { tokens: Int32Array; rows: number },
    dp: {
      domains: ColumnDomain[];
      before: BudgetPart[];
      plan: DpTrainingPlan;
      /** Column orders (seeded). */
      rng: Rng;
      /** Batches and noise (secret). */
      secret: Rng;
    },
  ) {
    this.constants = uploadConstants(shape);
    this.variables = paramVariables(params);
    this.vocabulary = shape.cards.reduce((a, b) => a + b, 0);
    this.order = tokenOrder(discretizer);
    this.domains = dp.domains;
    this.plan = dp.plan;
    this.before = dp.before;
    this.rng = dp.rng;
    this.secret = dp.secret;
    this.batchSize = Math.round(dp.plan.expectedBatch);
    this.rowCount = data.rows;
    this.rows = tf.tensor2d(data.tokens, [data.rows, shape.cards.length], 'int32');
    this.optimizer = new AdamW(this.variables, {
      learningRate: config.learningRate ?? 1e-3,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: config.weightDecay,
    });
  }

  get learningRate(): number {
    return this.optimizer.learningRate;
  }

  get steps(): number {
    return this.taken;
  }

  stepsPerEpoch(): number {
    return this.plan.stepsPerEpoch;
  }

  /** One DP-SGD step on a Poisson batch; reports `{ loss }` (nats per row of the batch). */
  async trainStep(readLosses: boolean): Promise<Record<string, number> | null> {
    if (this.taken >= this.plan.steps)
      throw new DpRefusal('The privacy budget is spent: this ARGN has taken every planned step.');
    const chosen = poissonSample(this.rowCount, this.plan.samplingRate, this.secret);
    const size = Math.max(BUCKET, Math.ceil(chosen.length / BUCKET) * BUCKET);
    const indices = new Int32Array(size);
    indices.set(chosen);
    const weights = new Float32Array(size);
    weights.fill(1, 0, chosen.length);
    // The column order is public (seeded, data-free): it costs no privacy.
    const rank = stepRanks(this.order, this.config.writeOrderShare, this.rng);
    const { clip, noiseMultiplier, expectedBatch } = this.plan;
    const loss = tf.tidy(() => {
      const x = multiHot(
        tf.gather(this.rows, tf.tensor1d(indices, 'int32')),
        this.constants,
        this.vocabulary,
      );
      const values = permutationMask(this.shape, rank);
      const dims = this.shape.embWidths.reduce((a, b) => a + b, 0);
      const mask = tf.tensor2d(values, [dims, values.length / dims]);
      const w = tf.tensor1d(weights);
      const step = clippedGradients(this.params, this.constants, x, w, mask, clip);
      const masks = stepMasks(this.params, this.constants, mask);
      const seed = () => this.secret.seed();
      this.optimizer.apply(
        noisyMean(step.grads, masks, noiseMultiplier * clip, expectedBatch, seed),
      );
      return tf.div(step.lossSum, Math.max(1, chosen.length));
    });
    this.taken += 1;
    if (!readLosses) {
      loss.dispose();
      return null;
    }
    const values = await loss.data();
    loss.dispose();
    return { loss: values[0] as number };
  }

  /** No validation under DP; stops once the planned steps (the budget) are spent. */
  endEpoch(): Promise<EpochOutcome> {
    return Promise.resolve({
      validationLoss: null,
      stop: this.taken >= this.plan.steps,
      learningRate: this.learningRate,
    });
  }

  differentialPrivacy(): DifferentialPrivacy {
    return composeParts([...this.before, trainingPart(this.plan, this.taken)]);
  }

  sampleTable(rows: number, seed: number, options: ArgnSampleOptions = {}): Promise<ModelTable> {
    return sampleArgn(this, rows, seed, options);
  }

  save(): Promise<ModelState> {
    return argnModelState(this.config, this.discretizer, this.params, this.shape);
  }

  /** A checkpoint holds what sampling needs; a DP run is never continued from one. */
  trainingState(): Promise<ModelState> {
    return this.save();
  }

  dispose(): void {
    tf.dispose(this.variables);
    disposeConstants(this.constants);
    this.rows.dispose();
    this.optimizer.dispose();
  }
}
