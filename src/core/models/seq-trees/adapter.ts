/** The sequence trees behind the sequence contract: one pass, no epochs, never saved. */
import type { SequenceModelImplementation, SequenceSynthesizer } from '../sequence-contract';
import { SEQ_TREES_UNSAVABLE } from './config';
import { newKeys } from '../../sequence/new-keys';
import { fitSeqTrees, sampleSeqTrees } from './seq-trees';
import { traceSeqTreesEntity } from './seq-trees-trace';

export const SEQ_TREES: SequenceModelImplementation = {
  kind: 'seq-trees',
  fit(table, options) {
    if (options.signal?.aborted) throw new DOMException('Training was stopped.', 'AbortError');
    const model = fitSeqTrees(table, {}, options.rng);
    const synthesizer: SequenceSynthesizer = {
      kind: 'seq-trees',
      template: model.template,
      epochs: 0,
      notes: [],
      sample: (n, rng, sampling) =>
        Promise.resolve(sampleSeqTrees(model, n, rng, {}, undefined, sampling?.fixed)),
      newKeys: (count) => newKeys(model.realKeys, count),
      trace: (seed) => Promise.resolve(traceSeqTreesEntity(model, seed)),
      save: () => Promise.reject(new Error(SEQ_TREES_UNSAVABLE)),
      dispose: () => undefined,
    };
    return Promise.resolve(synthesizer);
  },
  restore() {
    throw new Error(SEQ_TREES_UNSAVABLE);
  },
};
