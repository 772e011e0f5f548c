import type { ModelEntry } from '../entry';
import { CART_DEFAULTS, CART_UNSAVABLE } from './config';

const d = CART_DEFAULTS;

/** Sequential trees (Reiter 2005, synthpop's CART): one tree per column, values from donors. */
export const CART_ENTRY: ModelEntry<'cart'> = {
  kind: 'cart',
  title: 'Sequential trees (CART)',
  explain:
    'Each column is predicted from the columns before it by a decision tree, and each synthetic value is borrowed from a real row in the same leaf and blurred a little. It fits in seconds and is very faithful, but it keeps training rows inside, so it cannot be saved as a model file. To keep its rows as far from the training rows as fresh real rows are, a tree splits only where the data show a real relation (8× the evidence of chance). That protection costs some fidelity: on adult about 0.005 of F1 and of detection AUC (rows leaning towards the training rows fall from 54% to 51%), more on small or wide tables (a 36-column test table: detection AUC 0.53 to 0.60).',
  presets: { quick: 1, best: 1 },
  trainsInEpochs: false,
  unsavable: CART_UNSAVABLE,
  losses: [],
  lossHelp: 'The trees are fitted in one pass, so there is no loss curve.',
  defaults: d,
  settings: [
    { label: 'Fewest rows per leaf', value: String(d.minLeaf) },
    {
      label: 'Splits',
      value:
        d.splitEvidence > 0
          ? `only with ${d.splitEvidence}× the evidence of chance (costs a little fidelity, keeps rows from leaning towards training rows)`
          : 'wherever they help, however little (rows lean towards training rows)',
    },
    {
      label: 'Numeric values',
      value: d.smoothing ? 'blurred by a kernel, kept in range' : 'copied from donors',
    },
    { label: 'Copies of training rows', value: d.forbidCopies ? 'never (redrawn)' : 'allowed' },
  ],
  encoding: 'model-table',
  learningRate: null,
  setBatchSize: null,
  weightValues: () => 0,
  load: () => import('./adapter').then((m) => m.CART),
};
