import type { ModelKind } from '../../worker/engine-client';

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

// Defaults mirror CTGAN_DEFAULTS / TVAE_DEFAULTS in core/models; they are repeated here because
// importing those modules would pull tfjs into the page bundle.
export const MODELS: Record<ModelKind, ModelInfo> = {
  ctgan: {
    title: 'CTGAN',
    explain:
      'A generator learns to write rows while a critic learns to tell them from real ones; each number column is split into its modes, and training is conditioned on category levels so rare ones are not forgotten. Pick it for mixed tables with strong category structure, when you can wait for many epochs.',
    quick: 5,
    best: 300,
    epochs: true,
    savable: true,
    losses: [
      { key: 'generator', label: 'Generator loss', color: '#2e75b6' },
      { key: 'discriminator', label: 'Discriminator loss', color: '#c0504d' },
      { key: 'penalty', label: 'Gradient penalty', color: '#9bbb59' },
    ],
    lossHelp:
      'Read the generator and discriminator losses as a tug of war: they should settle into a steady band rather than one running away, while the gradient penalty stays small.',
    defaults: [
      { label: 'Noise width', value: '128' },
      { label: 'Generator layers', value: '256, 256 (residual)' },
      { label: 'Discriminator layers', value: '256, 256' },
      { label: 'Rows per critic sample (pac)', value: '10' },
      { label: 'Learning rates', value: '2e-4 (both)' },
      { label: 'Weight decay', value: '1e-6' },
      { label: 'Gradient penalty weight', value: '10' },
      { label: 'Gumbel-softmax temperature', value: '0.2' },
    ],
  },
  tvae: {
    title: 'TVAE',
    explain:
      'An encoder squeezes each row into a small code and a decoder learns to rebuild the row from it; new rows come from decoding new random codes. It trains several times faster than CTGAN and often keeps pairs of columns together better.',
    quick: 10,
    best: 300,
    epochs: true,
    savable: true,
    losses: [
      { key: 'reconstruction', label: 'Reconstruction loss', color: '#2e75b6' },
      { key: 'kl', label: 'KL term', color: '#c0504d' },
    ],
    lossHelp:
      'Lower is better: reconstruction falls as the decoder learns to rebuild rows, while the KL term rises a little as the codes start to carry information.',
    defaults: [
      { label: 'Latent code width', value: '128' },
      { label: 'Encoder layers', value: '128, 128' },
      { label: 'Decoder layers', value: '128, 128' },
      { label: 'Reconstruction weight', value: '2' },
      { label: 'Learning rate', value: '1e-3' },
      { label: 'Weight decay', value: '1e-5' },
    ],
  },
  copula: {
    title: 'Gaussian copula',
    explain:
      "A statistical baseline: it learns each column's distribution and how the columns move together, then samples from that. It fits in seconds and keeps every column's shape, but misses patterns that are not simple correlations.",
    quick: 1,
    best: 1,
    epochs: false,
    savable: true,
    losses: [],
    lossHelp: 'The copula fits in one pass, so it has no loss curve.',
    defaults: [
      { label: 'Marginals', value: 'empirical quantiles per column' },
      { label: 'Dependence', value: 'correlation of normal scores' },
    ],
  },
  argn: {
    title: 'ARGN',
    explain:
      'An autoregressive network predicts each column from the columns already written, visiting the columns in a fresh random order every batch, so one network learns every order. It trains quickly, stops by itself once held-out rows stop improving, and suits tables with many category columns.',
    quick: 5,
    best: 100,
    epochs: true,
    savable: true,
    losses: [
      { key: 'loss', label: 'Training cross-entropy', color: '#2e75b6' },
      { key: 'validation', label: 'Validation cross-entropy', color: '#c0504d' },
    ],
    lossHelp:
      'Lower is better: the training curve should keep falling, and when the validation curve (rows held out from training) flattens or turns up the model has learned what it can and stops.',
    defaults: [
      { label: 'Regressor units', value: '16 × ln(levels) per column' },
      { label: 'Dropout', value: '0.25' },
      { label: 'Weight decay (AdamW)', value: '0.01' },
      { label: 'Validation rows', value: '10%' },
      { label: 'Batch size and learning rate', value: 'automatic, from the row count' },
      { label: 'Early stop', value: 'after 4 epochs without validation gain' },
    ],
  },
  cart: {
    title: 'Sequential trees (CART)',
    explain:
      'Each column is predicted from the columns before it by a decision tree, and each synthetic value is borrowed from a real row in the same leaf and blurred a little. It fits in seconds and is very faithful, but it keeps training rows inside, so it cannot be saved as a model file.',
    quick: 1,
    best: 1,
    epochs: false,
    savable: false,
    losses: [],
    lossHelp: 'The trees are fitted in one pass, so there is no loss curve.',
    defaults: [
      { label: 'Fewest rows per leaf', value: '20' },
      { label: 'Numeric values', value: 'blurred by a kernel, kept in range' },
      { label: 'Copies of training rows', value: 'never (redrawn)' },
    ],
  },
};

/** The models in the order the picker and the comparison show them. */
export const MODEL_ORDER = Object.keys(MODELS) as ModelKind[];

/** "5 epochs", "1 pass". */
export function epochsLabel(info: ModelInfo, n: number): string {
  return info.epochs ? `${n} ${n === 1 ? 'epoch' : 'epochs'}` : 'one pass';
}
