/** CTGAN behind the one contract: the mode-specific matrix in, native conditional draws out. */
import { decodeMatrix, type TransformerState } from '../../data/data-transformer';
import { conditionalVectorChoice } from '../../rules/conditions';
import type { ModelImplementation, Synthesizer } from '../contract';
import {
  buildNeural,
  neuralFileState,
  neuralSynthesizer,
  restoreNeural,
  type NeuralInit,
} from '../common/mode-specific';
import type { SynthesisConfig } from '../contract';
import { createCtganModel, type CtganModel } from './ctgan';

const create = (config: SynthesisConfig) => (init: NeuralInit) =>
  createCtganModel({ ...init, ...(config.ctgan ? { config: config.ctgan } : {}) });

/**
 * CTGAN's conditional generation (Xu et al.): the conditional vector fixed on the rarest
 * discrete condition it can take; null when no condition is on a discrete column it models.
 */
function ctganSynthesizer(
  model: CtganModel,
  transformer: TransformerState,
  trains: boolean,
): Synthesizer<'ctgan'> {
  return neuralSynthesizer('ctgan', model, transformer, trains, (conditions, plan) => {
    if (conditions.length === 0) return null;
    const levels = new Map<string, (string | null)[]>(
      transformer.columns.flatMap((c) => (c.type === 'discrete' ? [[c.name, c.levels]] : [])),
    );
    const native = conditionalVectorChoice(conditions, levels, model.sampler, plan?.transforms);
    if (!native) return null;
    return async (n, seed) =>
      decodeMatrix(transformer, await model.sampleWhere(n, seed, native.span, native.levels), n);
  });
}

export const CTGAN: ModelImplementation<'ctgan'> = {
  build(input) {
    const { model, transformer } = buildNeural(input, create(input.config));
    return ctganSynthesizer(model, transformer, true);
  },
  restore(file) {
    const { transformer, model } = neuralFileState(file);
    return ctganSynthesizer(
      restoreNeural(file.config, transformer, model, create(file.config)),
      transformer,
      false,
    );
  },
  fromCheckpoint(prepared, config, state) {
    if (!prepared.transformer) throw new Error('prepare() did not encode the table');
    const model = restoreNeural(config, prepared.transformer, state, create(config));
    return ctganSynthesizer(model, prepared.transformer, false);
  },
};
