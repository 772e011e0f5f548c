/**
 * What the registry says about one model: everything the page, the memory check, fault
 * recovery and "How it works" need, as plain data and small pure functions (no tfjs), plus
 * the loader of the model's implementation (a dynamic import, so tfjs stays out of the page).
 */
import type { BudgetPlan, BudgetPlanInput } from '../privacy/budget-plan';
import type { ModelConfigs, ModelImplementation, ModelKind, SynthesisConfig } from './contract';

/** One loss the model reports, as the live chart names it. */
export interface LossInfo {
  key: string;
  label: string;
}

/** A hyperparameter not shown up front, with its default, in words. */
export interface SettingInfo {
  label: string;
  value: string;
}

/** The encoded sizes a network's anatomy is drawn from. */
export interface EncodedDims {
  /** Width of the encoded row. */
  dataDim: number;
  /** Width of the conditional vector (CTGAN). */
  condDim: number;
}

/** The networks of a model on the user's table, for "How it works". */
export interface NetworkAnatomy {
  batchSize: number;
  latentWidth: number;
  conditionalWidth: number | null;
  networks: { name: string; layers: number[] }[];
}

/** How a model's learning rate is read and set (fault recovery offers a lower one). */
export interface LearningRateControl {
  /** The rate `config` asks for, or null for the model's default. */
  get(config: SynthesisConfig): number | null;
  /** The model's default rate (or the base its automatic rate scales from). */
  fallback: number;
  /** `config` with the rate set. */
  set(config: SynthesisConfig, rate: number): SynthesisConfig;
}

export interface ModelEntry<K extends ModelKind = ModelKind> {
  kind: K;
  title: string;
  /** What it does, then when to pick it. */
  explain: string;
  /** Epochs of the "Quick look" and "Best quality" presets. */
  presets: { quick: number; best: number };
  /** Trains over epochs (false: fits in one go, so there is no loss curve). */
  trainsInEpochs: boolean;
  /** Why the model cannot be saved as a model file, in the user's words; null: it can. */
  unsavable: string | null;
  /** Trains under differential privacy, with a budget the run states (`SynthesisConfig.privacy`). */
  differentialPrivacy?: boolean;
  /**
   * How the model will split a privacy budget, worked out before training by the accountant
   * code it spends with (DP models; without it the page says the split comes with training).
   */
  planBudget?(input: BudgetPlanInput): BudgetPlan;
  /**
   * With `differentialPrivacy`: the budget is optional, and without one the model trains as
   * usual, with no formal privacy guarantee (ARGN). Absent: a budget is required (MST).
   */
  privacyOptional?: boolean;
  /** Not offered in the page yet (its settings are on the command line only). */
  commandLineOnly?: boolean;
  losses: LossInfo[];
  /** One sentence on how to read the loss chart. */
  lossHelp: string;
  /** The model's own defaults (the very object its implementation starts from). */
  defaults: ModelConfigs[K];
  /** The hyperparameters not shown up front, with their defaults. */
  settings: SettingInfo[];
  /**
   * What the model learns from: the mode-specific encoded matrix (CTGAN, TVAE; fitted by
   * `prepare`) or the table in model form.
   */
  encoding: 'mode-specific' | 'model-table';
  learningRate: LearningRateControl | null;
  /** Sets the rows per step the page's batch field asks for; null where the model picks it. */
  setBatchSize: ((config: SynthesisConfig, rows: number) => SynthesisConfig) | null;
  /**
   * Float32 values the model's weights take with the optimiser's moments, for a table
   * `width` encoded columns wide with a conditional vector `condWidth` wide.
   */
  weightValues(width: number, condWidth: number): number;
  /** The networks on the user's table, for models with a mode-specific encoding. */
  networks?(dims: EncodedDims, config: SynthesisConfig): NetworkAnatomy;
  /** Loads the implementation (tfjs for the networks): call from the worker or the CLI. */
  load(): Promise<ModelImplementation<K>>;
}
