/**
 * The sequential ARGN behind the sequence contract: trained epoch by epoch (a stop or a pause
 * takes effect between two epochs), saved as weights, tokens and fingerprints (`seq-argn-state`).
 */
import { newKeysFromMemory, rememberKeys, type KeyMemory } from '../../sequence/key-hash';
import type { Rng } from '../../rng';
import { newKeys } from '../../sequence/new-keys';
import type {
  SequenceModelImplementation,
  SequenceSampleOptions,
  SequenceSynthesizer,
} from '../sequence-contract';
import {
  createSeqArgnModel,
  disposeSeqArgnModel,
  epochsToTrain,
  trainSeqArgn,
  type SeqArgnModel,
} from './seq-argn';
import { sampleSeqArgn } from './seq-argn-sample';
import { traceSeqArgnEntity } from './seq-argn-trace';
import { entityFingerprints, restoreSeqArgn, saveSeqArgn } from './seq-argn-state';

/** Says when some training entities are longer than the network learns and writes. */
export function lengthNote(m: SeqArgnModel): string[] {
  const longer = m.lengths.filter((l) => l > m.steps).length;
  return longer > 0
    ? [
        `The sequential ARGN learns and writes at most ${m.steps} events per entity; ${longer} ${longer === 1 ? 'entity is' : 'entities are'} longer (their first ${m.steps} events are learned).`,
      ]
    : [];
}

function synthesizer(
  m: SeqArgnModel,
  keys: KeyMemory,
  entities: string[],
  epochs: number,
  loaded: boolean,
): SequenceSynthesizer {
  return {
    kind: 'seq-argn',
    template: m.template,
    epochs,
    notes: loaded ? [] : lengthNote(m),
    async sample(n: number, rng: Rng, options?: SequenceSampleOptions) {
      const t = await sampleSeqArgn(m, n, rng, options?.fixed);
      // a loaded model knows the real keys by fingerprint only: its keys are checked against them
      return loaded ? { ...t, keys: newKeysFromMemory(keys, t.keys.length) } : t;
    },
    newKeys: (count: number) =>
      loaded ? newKeysFromMemory(keys, count) : newKeys(m.realKeys, count),
    trace: (seed: number) => traceSeqArgnEntity(m, seed),
    save: () => saveSeqArgn(m, keys, entities),
    dispose: () => disposeSeqArgnModel(m),
  };
}

export const SEQ_ARGN: SequenceModelImplementation = {
  kind: 'seq-argn',
  async fit(table, options) {
    const m = createSeqArgnModel(table, {}, options.rng);
    try {
      const epochs = options.epochs ?? epochsToTrain(m);
      for (let epoch = 1; epoch <= epochs; epoch += 1) {
        await options.between?.();
        if (options.signal?.aborted) throw new DOMException('Training was stopped.', 'AbortError');
        const started = performance.now();
        await trainSeqArgn(m, 1, options.rng, (_, loss) =>
          options.onEpoch?.({
            epoch,
            epochs,
            loss,
            seconds: (performance.now() - started) / 1000,
          }),
        );
      }
      return synthesizer(m, rememberKeys(table.keys), entityFingerprints(table), epochs, false);
    } catch (error) {
      disposeSeqArgnModel(m);
      throw error;
    }
  },
  restore(state) {
    const { model, keys } = restoreSeqArgn(state);
    return synthesizer(
      model,
      keys,
      (state as { entityFingerprints: string[] }).entityFingerprints,
      0,
      true,
    );
  },
};
