/** ARGN behind the one contract: trains on the table in model form, fixes cells natively. */
import { Rng } from '../../rng';
import { fixedCells } from '../../rules/conditions';
import { columnsOfCodec } from '../../rules/constraint-plan';
import type { ModelImplementation, Synthesizer, SynthesisConfig } from '../contract';
import type { ModelState } from '../common/neural';
import { DpRefusal, type DifferentialPrivacy } from '../../privacy/budget';
import { createArgn, type ArgnModel } from './argn';
import { argnAnatomy, explainArgnRow, isArgnNet } from './argn-explain';
import { buildDpArgn, restoredPrivacy } from './dp-adapter';

/** `privacy`: what a model trained under differential privacy adds to the contract. */
function argnSynthesizer(
  argn: ArgnModel,
  trains: boolean,
  privacy: Pick<Synthesizer<'argn'>, 'publicCodec' | 'differentialPrivacy'> = {},
): Synthesizer<'argn'> {
  return {
    ...privacy,
    kind: 'argn',
    training: trains ? argn : null,
    sample: (rows, seed, options) => argn.sampleTable(rows, seed, options),
    nativeDraw(conditions, plan, codec, base) {
      if (conditions.length === 0) return null;
      const columns = plan?.columns ?? columnsOfCodec(codec);
      const cells = fixedCells(conditions, columns, plan?.transforms);
      return (n, seed) => argn.sampleTable(n, seed, { ...base, conditions: cells });
    },
    save: () => argn.save(),
    anatomy: (label) => (isArgnNet(argn) ? argnAnatomy(argn, label) : null),
    async explainRow(seed, label) {
      if (!isArgnNet(argn)) throw new Error('This ARGN cannot show its steps.');
      return explainArgnRow(argn, seed, label);
    },
    dispose: () => argn.dispose(),
  };
}

const restoreArgn = (
  config: SynthesisConfig,
  state: ModelState | null,
  privacy?: DifferentialPrivacy,
) => {
  if (!state) throw new Error('The model file has no weights in it.');
  return argnSynthesizer(createArgn({ state, seed: config.seed }), false, restoredPrivacy(privacy));
};

export const ARGN: ModelImplementation<'argn'> = {
  build({ prepared, config, resume }) {
    if (config.privacy) {
      const dp = buildDpArgn({ prepared, config, ...(resume ? { resume } : {}) });
      return argnSynthesizer(dp.model, true, dp.extra);
    }
    const argn = createArgn({
      table: prepared.trainingTable,
      seed: new Rng(config.seed ^ 0x5eed).seed(),
      ...(config.argn ? { config: config.argn } : {}),
      ...(resume ? { state: resume } : {}),
    });
    return argnSynthesizer(argn, true);
  },
  restore: (file) => restoreArgn(file.config, file.state, file.differentialPrivacy),
  fromCheckpoint: (_prepared, config, state) => {
    // the checkpoint of a DP run lacks its budget's record and the codec it may publish
    if (config.privacy)
      throw new DpRefusal('A run under differential privacy keeps no checkpoint to save from.');
    return restoreArgn(config, state);
  },
};
