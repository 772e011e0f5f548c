import type { SequenceModelEntry } from '../sequence-entry';
import { SEQ_TREES_DEFAULTS, SEQ_TREES_UNSAVABLE } from './config';

const d = SEQ_TREES_DEFAULTS;

/** Sequential trees over subject columns, then each event from the previous one. */
export const SEQ_TREES_ENTRY: SequenceModelEntry = {
  kind: 'seq-trees',
  title: 'Sequence trees (fast baseline)',
  explain:
    "Decision trees write each entity's own columns, then each event column by column from the entity, the event's position and the event before it, and a last tree decides whether the entity ends there. The order column is written as a first value and then gaps that are never negative.",
  whenToUse:
    'Pick it first: it fits in seconds with no training and is very faithful event to event. It sees only the previous event, so long-range patterns (a trend over many events) are weaker, and it keeps training values inside, so it cannot be saved as a model file.',
  needsBackend: false,
  trainsInEpochs: false,
  defaultEpochs: null,
  maxEvents: null,
  unsavable: SEQ_TREES_UNSAVABLE,
  lossHelp: 'The trees are fitted in one pass, so there is no loss curve.',
  settings: [
    { label: 'Fewest rows per leaf', value: String(d.minLeaf) },
    { label: 'Numeric values', value: d.smoothing ? 'blurred by a kernel' : 'copied from donors' },
    { label: 'Copies of training entities', value: `never (redrawn up to ${d.maxRedraws} times)` },
  ],
  load: () => import('./adapter').then((m) => m.SEQ_TREES),
};
