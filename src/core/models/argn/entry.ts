import type { ModelEntry } from '../entry';
import { ARGN_DEFAULTS } from './config';

const d = ARGN_DEFAULTS;
/** The rate an automatic ARGN learning rate scales from (0.001·sqrt(batch / 32)). */
const BASE_RATE = 1e-3;

/** ARGN: an any-order autoregressive network over the table's tokens. */
export const ARGN_ENTRY: ModelEntry<'argn'> = {
  kind: 'argn',
  title: 'ARGN',
  explain:
    'An autoregressive network predicts each column from the columns already written, visiting the columns in a fresh random order every batch, so one network learns every order. It trains quickly, stops by itself once held-out rows stop improving, and suits tables with many category columns.',
  presets: { quick: 5, best: 100 },
  trainsInEpochs: true,
  unsavable: null,
  differentialPrivacy: true,
  privacyOptional: true,
  losses: [
    { key: 'loss', label: 'Training cross-entropy' },
    { key: 'validation', label: 'Validation cross-entropy' },
  ],
  lossHelp:
    'Lower is better: the training curve should keep falling, and when the validation curve (rows held out from training) flattens or turns up the model has learned what it can and stops.',
  defaults: d,
  settings: [
    { label: 'Regressor units', value: `${d.regressorUnits.join(', ')} × ln(levels) per column` },
    {
      label: 'Numbers',
      value: `up to 100 quantile bins, then up to ${d.finePositions} positions within the bin`,
    },
    { label: 'Dropout', value: String(d.dropout) },
    { label: 'Weight decay (AdamW)', value: String(d.weightDecay) },
    { label: 'Validation rows', value: `${Math.round(d.validationShare * 100)}%` },
    { label: 'Batch size and learning rate', value: 'automatic, from the row count' },
    { label: 'Early stop', value: `after ${d.stopPatience} epochs without validation gain` },
  ],
  encoding: 'model-table',
  learningRate: {
    get: (config) => config.argn?.learningRate ?? null,
    fallback: BASE_RATE,
    set: (config, rate) => ({ ...config, argn: { ...config.argn, learningRate: rate } }),
  },
  setBatchSize: null,
  // about 100 tokens per column, 64 units each, with AdamW's two moments
  weightValues: (width) => width * 100 * 64 * 3,
  load: () => import('./adapter').then((m) => m.ARGN),
};
