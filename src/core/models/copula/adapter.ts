/** The Gaussian copula behind the one contract: fits in one go, saves its plain state. */
import { Rng } from '../../rng';
import type { ModelImplementation, Synthesizer } from '../contract';
import { refuseFixedCells } from '../common/refuse';
import { fitCopula, sampleCopula, type CopulaState } from './copula';

function copulaSynthesizer(state: CopulaState): Synthesizer<'copula'> {
  return {
    kind: 'copula',
    training: null,
    async sample(rows, seed, options) {
      refuseFixedCells(options);
      return sampleCopula(state, rows, new Rng(seed));
    },
    save: async () => state,
    dispose: () => undefined,
  };
}

export const COPULA: ModelImplementation<'copula'> = {
  build: ({ prepared, config }) =>
    copulaSynthesizer(fitCopula(prepared.trainingTable, new Rng(config.seed).fork())),
  restore(file) {
    if (!file.state) throw new Error('The model file has no copula in it.');
    return copulaSynthesizer(file.state);
  },
};
