/** TVAE behind the one contract: the mode-specific matrix in, decoded rows out. */
import type { ModelImplementation, SynthesisConfig } from '../contract';
import {
  buildNeural,
  neuralFileState,
  neuralSynthesizer,
  restoreNeural,
  type NeuralInit,
} from '../common/mode-specific';
import { createTvae } from './tvae';

const create = (config: SynthesisConfig) => (init: NeuralInit) =>
  createTvae({ ...init, ...(config.tvae ? { config: config.tvae } : {}) });

export const TVAE: ModelImplementation<'tvae'> = {
  build(input) {
    const { model, transformer } = buildNeural(input, create(input.config));
    return neuralSynthesizer('tvae', model, transformer, true);
  },
  restore(file) {
    const { transformer, model } = neuralFileState(file);
    const net = restoreNeural(file.config, transformer, model, create(file.config));
    return neuralSynthesizer('tvae', net, transformer, false);
  },
  fromCheckpoint(prepared, config, state) {
    if (!prepared.transformer) throw new Error('prepare() did not encode the table');
    const net = restoreNeural(config, prepared.transformer, state, create(config));
    return neuralSynthesizer('tvae', net, prepared.transformer, false);
  },
};
