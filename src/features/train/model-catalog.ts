import {
  MODEL_KINDS,
  MODEL_REGISTRY,
  type ModelEntry,
  type ModelKind,
} from '../../core/models/registry';

/** One loss the model reports, as charted. */
export interface LossSeries {
  key: string;
  label: string;
  color: string;
}

/** Everything the page shows about a model; the picker, presets and charts read only this. */
export interface ModelInfo {
  title: string;
  /** What it does, then when to pick it. */
  explain: string;
  /** Epochs of the "Quick look" and "Best quality" presets. */
  quick: number;
  best: number;
  /** Trains over epochs (false: fits in one go, so there is no loss curve). */
  epochs: boolean;
  /** Can be saved as a model file. */
  savable: boolean;
  losses: LossSeries[];
  /** One sentence on how to read the loss chart. */
  lossHelp: string;
  /** The hyperparameters not shown up front, with their defaults (the paper's). */
  defaults: { label: string; value: string }[];
}

/** Loss colours, in the order a model names its losses. */
const LOSS_COLORS = ['#2e75b6', '#c0504d', '#9bbb59', '#8064a2'];

/** The page's view of a registry entry. */
function infoOf(entry: ModelEntry): ModelInfo {
  return {
    title: entry.title,
    explain: entry.explain,
    quick: entry.presets.quick,
    best: entry.presets.best,
    epochs: entry.trainsInEpochs,
    savable: entry.unsavable === null,
    losses: entry.losses.map((l, i) => ({
      ...l,
      color: LOSS_COLORS[i % LOSS_COLORS.length] ?? '#000',
    })),
    lossHelp: entry.lossHelp,
    defaults: entry.settings,
  };
}

/** Every model as the page shows it, read from the registry (one entry per model). */
export const MODELS = Object.fromEntries(
  MODEL_KINDS.map((k) => [k, infoOf(MODEL_REGISTRY[k] as ModelEntry)]),
) as Record<ModelKind, ModelInfo>;

/** The models in the order the picker and the comparison show them. */
export const MODEL_ORDER: readonly ModelKind[] = MODEL_KINDS.filter(
  (k) => MODEL_REGISTRY[k].commandLineOnly !== true,
);

/**
 * The models "Compare all models" trains: all but those that train only under differential
 * privacy (such a model needs a budget the user sets for it, so it is trained on its own). Models
 * where DP is optional are compared without it.
 */
export const COMPARE_ORDER: readonly ModelKind[] = MODEL_ORDER.filter(
  (k) =>
    MODEL_REGISTRY[k].differentialPrivacy !== true || MODEL_REGISTRY[k].privacyOptional === true,
);

/** "5 epochs", "1 pass". */
export function epochsLabel(info: ModelInfo, n: number): string {
  return info.epochs ? `${n} ${n === 1 ? 'epoch' : 'epochs'}` : 'one pass';
}
