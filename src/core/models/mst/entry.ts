import type { ModelEntry } from '../entry';
import { planMstBudget } from './budget-plan';
import { MST_DEFAULTS } from './config';

/** MST (McKenna, Miklau, Sheldon 2021): noisy marginals on a spanning tree, under DP. */
export const MST_ENTRY: ModelEntry<'mst'> = {
  kind: 'mst',
  title: 'MST (differential privacy)',
  explain:
    "Measures every column and the most telling pairs of columns with calibrated noise, joins the pairs into a tree and draws rows along it, so one person's row changes what it learns only within a stated privacy budget (epsilon). Pick it when you need a formal privacy guarantee.",
  presets: { quick: 1, best: 1 },
  trainsInEpochs: false,
  unsavable: null,
  differentialPrivacy: true,
  planBudget: planMstBudget,
  losses: [],
  lossHelp: 'MST measures the table in one pass, so it has no loss curve.',
  defaults: MST_DEFAULTS,
  settings: [
    { label: 'Budget', value: 'epsilon and delta, stated by you' },
    { label: 'Bins per number', value: `${MST_DEFAULTS.maxBins} at most in the pairs` },
    { label: 'Ranges and levels', value: 'public facts, or noisy counts (their own budget part)' },
  ],
  encoding: 'model-table',
  learningRate: null,
  setBatchSize: null,
  weightValues: () => 0,
  load: () => import('./adapter').then((m) => m.MST),
};
