/**
 * The one contract every model keeps (types only, no tfjs). The pipeline, the worker and the
 * page read models through it and the registry, and never branch on a model's name: adding a
 * model is one folder under `src/core/models/` plus one registry entry.
 *
 * Learned from sdv-dev/CTGAN's `BaseSynthesizer` (one fit / sample surface for every model).
 */
import type { TransformerState } from '../data/data-transformer';
import type { ModelTable } from '../data/model-table';
import type { CodecState } from '../data/table-codec';
import type { ValueLabel } from '../data/value-label';
import type { Condition } from '../rules/conditions';
import type { ConstraintPlan } from '../rules/constraint-plan';
import type { Constraint } from '../rules/constraints';
import type { ConstraintCheck } from '../rules/validity';
import type { DifferentialPrivacy } from '../privacy/budget';
import type { ArgnConfig } from './argn/config';
import type { ArgnAnatomy, ArgnRowExplanation } from './argn/argn-explain';
import type { ArgnSampleOptions } from './argn/argn-sample';
import type { CartConfig } from './cart/config';
import type { CartAnatomy, CartRowExplanation } from './cart/cart-explain';
import type { EncodedTable, ModelState, TrainableModel } from './common/neural';
import type { CopulaState } from './copula/copula';
import type { CtganConfig } from './ctgan/config';
import type { MstSettings } from './mst/config';
import type { MstState } from './mst/state';
import type { PublicFacts } from './mst/value-ranges';
import type { TvaeConfig } from './tvae/config';

/** Each model's own settings (what `SynthesisConfig[kind]` may override). */
export interface ModelConfigs {
  ctgan: CtganConfig;
  tvae: TvaeConfig;
  copula: Record<string, never>;
  argn: ArgnConfig;
  cart: CartConfig;
  mst: MstSettings;
}

export type ModelKind = keyof ModelConfigs;

/** What a model file's `state` holds for each kind (the trees are never saved). */
export interface ModelStates {
  ctgan: ModeSpecificState;
  tvae: ModeSpecificState;
  copula: CopulaState;
  argn: ModelState;
  cart: never;
  mst: MstState;
}

/** A network trained on the mode-specific encoding: the fitted transformer and the weights. */
export interface ModeSpecificState {
  transformer: TransformerState;
  model: ModelState;
}

/** Per-model overrides of the defaults, under the model's own key. */
export type ModelSettings = { [K in ModelKind]?: Partial<ModelConfigs[K]> };

/** A differential-privacy budget and the facts stated as public (never read from the data). */
export interface DpSettings {
  epsilon: number;
  delta: number;
  publicFacts?: PublicFacts;
}

export interface SynthesisConfig extends ModelSettings {
  model: ModelKind;
  /** The privacy budget, for models that train under differential privacy (required there). */
  privacy?: DpSettings;
  /** Epochs to train (ARGN: the most; it stops early when validation stops improving). */
  epochs: number;
  seed: number;
  /** Training-time budget in seconds (no epoch starts after it); none when absent. */
  maxSeconds?: number;
  /**
   * Train on at most this many rows: a seeded random subset of the training rows, for a table
   * too large for this device's memory (the rest are neither trained on nor held out).
   */
  trainRows?: number;
  /**
   * The engine worker scores a sample against the real rows every few epochs (live quality).
   * With this set, it keeps the epoch that scored best, ends with that model when the last epoch
   * scored clearly worse, and stops once `patience` scored epochs in a row brought no gain
   * (null: trains every epoch). Models that train in epochs; ignored elsewhere.
   */
  keepBest?: { patience: number | null };
  /**
   * Rules every synthetic row keeps: checked on the real rows, kept by reversible rewrites of
   * the training table where they can be, by reject sampling otherwise.
   */
  constraints?: Constraint[];
}

/** How to draw rows in model form: temperature, column order and fixed cells (ARGN reads them). */
export type SampleOptions = ArgnSampleOptions;

/** The data made ready for a model, with what it cost. */
export interface Prepared {
  codec: CodecState;
  /** The training rows in model form, as they are (what live charts and scores compare with). */
  table: ModelTable;
  /** What the model learns: `table` with the constraints' rewrites (`table` itself without). */
  trainingTable: ModelTable;
  /** The constraints fitted on the training rows; null without constraints. */
  plan: ConstraintPlan | null;
  /** Per constraint, how many real training rows break it, with examples ([] without). */
  checks: ConstraintCheck[];
  /** The mode-specific transformer, fitted on `trainingTable`, for models that learn from it. */
  transformer: TransformerState | null;
  encoded: EncodedTable | null;
  /** Seconds to fit the codec and the transformer and to encode the table. */
  fitSeconds: number;
}

interface ModelFileHead {
  format: 'facsimile-model';
  version: 2;
  createdAt: string;
  config: SynthesisConfig;
  codec: CodecState;
  /** The constraints' plan (null without constraints). */
  plan: ConstraintPlan | null;
  /**
   * The privacy budget spent, part by part, for a model trained under differential privacy;
   * absent: no formal privacy guarantee. Nothing in such a file is read from the data outside
   * these parts.
   */
  differentialPrivacy?: DifferentialPrivacy;
}

/** A saved model: its kind and that kind's state, config, codec. Never a training row. */
export type ModelFile = {
  [K in ModelKind]: ModelFileHead & { kind: K; state: ModelStates[K] };
}[ModelKind];

/** A fitted model's own anatomy for "How it works". */
export type FittedAnatomy = ArgnAnatomy | CartAnatomy;

/** One synthetic row written step by step, in model form. */
export type RowSteps = ArgnRowExplanation | CartRowExplanation;

/** Draws `rows` rows in model form. */
export type Draw = (rows: number, seed: number) => Promise<ModelTable>;

/** A model the training loop drives, that can hand over a checkpoint of itself. */
export interface CheckpointedModel extends TrainableModel {
  /** The state with what training needs to go on (optimiser moments and the like). */
  trainingState(): Promise<ModelState>;
  /** Frees every tensor the model holds. */
  dispose(): void;
}

/** A fitted (or still training) model behind the one contract. */
export interface Synthesizer<K extends ModelKind = ModelKind> {
  readonly kind: K;
  /**
   * The model as the training loop drives it, for models that train in epochs; null for those
   * that fit in one go when created.
   */
  readonly training: CheckpointedModel | null;
  /**
   * `rows` rows in the form the model learned (the constraints' rewrites applied). Models that
   * cannot fix cells refuse `options.conditions` rather than ignore them.
   */
  sample(rows: number, seed: number, options: SampleOptions): Promise<ModelTable>;
  /**
   * A draw that meets `conditions` natively (ARGN fixes cells, CTGAN its conditional vector),
   * or null when this model cannot for these conditions (the caller then draws plainly; every
   * row is checked after either way).
   */
  nativeDraw?(
    conditions: readonly Condition[],
    plan: ConstraintPlan | null,
    codec: CodecState,
    base: SampleOptions,
  ): Draw | null;
  /** The state a model file keeps; throws in the user's words where the model cannot be saved. */
  save(): Promise<ModelStates[K]>;
  /**
   * The codec a model file may carry, for models under differential privacy (what the codec
   * read from the rows without noise replaced by the model's own private estimates).
   */
  publicCodec?(codec: CodecState): CodecState;
  /** What the model spent of its privacy budget, part by part (DP models only). */
  differentialPrivacy?(): DifferentialPrivacy;
  /** "How it works" for models that can show their fitted insides (numbers written by `label`). */
  anatomy?(label?: ValueLabel): FittedAnatomy | null;
  /** One row written step by step (the same draws as `sample(1, seed)`). */
  explainRow?(seed: number, label?: ValueLabel): Promise<RowSteps>;
  /** Frees every tensor the model holds. */
  dispose(): void;
}

/** What a model is built from: the prepared data, the run's config, and a checkpoint to go on from. */
export interface BuildInput {
  prepared: Prepared;
  config: SynthesisConfig;
  resume?: ModelState;
}

/** A model's implementation (its folder's adapter), loaded by the registry on demand. */
export interface ModelImplementation<K extends ModelKind = ModelKind> {
  /** A model to train (epoch models) or already fitted (one-shot models) on prepared data. */
  build(input: BuildInput): Synthesizer<K>;
  /** A saved model for sampling (no data needed). */
  restore(file: Extract<ModelFile, { kind: K }>): Synthesizer<K>;
  /**
   * The model a checkpoint holds, for sampling and saving (not for training), on the data it
   * was prepared with; models that train in epochs have it.
   */
  fromCheckpoint?(prepared: Prepared, config: SynthesisConfig, state: ModelState): Synthesizer<K>;
}
