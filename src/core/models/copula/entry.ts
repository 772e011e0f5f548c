import type { ModelEntry } from '../entry';

/** The Gaussian copula: empirical marginals joined by the correlation of normal scores. */
export const COPULA_ENTRY: ModelEntry<'copula'> = {
  kind: 'copula',
  title: 'Gaussian copula',
  explain:
    "A statistical baseline: it learns each column's distribution and how the columns move together, then samples from that. It fits in seconds and keeps every column's shape, but misses patterns that are not simple correlations.",
  presets: { quick: 1, best: 1 },
  trainsInEpochs: false,
  unsavable: null,
  losses: [],
  lossHelp: 'The copula fits in one pass, so it has no loss curve.',
  defaults: {},
  settings: [
    { label: 'Marginals', value: 'empirical quantiles per column' },
    { label: 'Dependence', value: 'correlation of normal scores' },
  ],
  encoding: 'model-table',
  learningRate: null,
  setBatchSize: null,
  weightValues: () => 0,
  load: () => import('./adapter').then((m) => m.COPULA),
};
