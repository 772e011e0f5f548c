import type { SequenceModelEntry } from '../sequence-entry';
import { SEQ_ARGN_DEFAULTS } from './config';

const d = SEQ_ARGN_DEFAULTS;

/** The ARGN idea carried over time: a GRU summary of the events before each one. */
export const SEQ_ARGN_ENTRY: SequenceModelEntry = {
  kind: 'seq-argn',
  title: 'Sequential ARGN (GRU history)',
  explain:
    "A small network writes the entity's own columns one after the other, then each event column by column from the entity and a recurrent summary (a GRU) of every event before it, and learns when an entity ends. The order column is written as a first value and then gaps that are never negative.",
  whenToUse:
    'Pick it when events depend on more than the one before (trends, seasons, long histories), or when you need a model file to generate later without the data. It trains for a minute or more, and writes at most ' +
    `${d.maxEvents} events per entity.`,
  needsBackend: true,
  trainsInEpochs: true,
  defaultEpochs: null,
  maxEvents: d.maxEvents,
  unsavable: null,
  lossHelp:
    'The loss is the nats an entity costs to write (its columns and all its events); it falls as the model learns.',
  settings: [
    { label: 'History (GRU) width', value: String(d.hidden) },
    { label: 'Entities per batch', value: String(d.batchSize) },
    { label: 'Learning rate', value: String(d.learningRate) },
    { label: 'Most events per entity', value: String(d.maxEvents) },
    { label: 'Fewest optimiser steps', value: String(d.minSteps) },
  ],
  load: () => import('./adapter').then((m) => m.SEQ_ARGN),
};
