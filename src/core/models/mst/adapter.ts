/**
 * MST behind the one contract: fits in one go under the run's privacy budget, writes a codec
 * with nothing read from the rows outside its budget parts, and carries its privacy statement.
 */
import { Rng } from '../../rng';
import { secretRng } from '../../privacy/secret-rng';
import type { DifferentialPrivacy } from '../../privacy/budget';
import type { ModelImplementation, Synthesizer } from '../contract';
import { refuseFixedCells } from '../common/refuse';
import { DpRefusal, fitMst } from './mst';
import { sampleMst } from './mst-sample';
import { publicCodec } from './public-codec';
import type { MstState } from './state';

function mstSynthesizer(state: MstState, privacy: DifferentialPrivacy): Synthesizer<'mst'> {
  return {
    kind: 'mst',
    training: null,
    async sample(rows, seed, options) {
      refuseFixedCells(options);
      return sampleMst(state, rows, new Rng(seed));
    },
    save: async () => state,
    publicCodec: (codec) => publicCodec(codec, state.columns),
    differentialPrivacy: () => privacy,
    dispose: () => undefined,
  };
}

export const MST: ModelImplementation<'mst'> = {
  build({ prepared, config }) {
    if (!config.privacy) throw new DpRefusal('MST needs a privacy budget: give epsilon and delta.');
    const { target, maxBins } = config.mst ?? {};
    const fit = fitMst(
      prepared.trainingTable,
      {
        ...config.privacy,
        ...(maxBins !== undefined ? { maxBins } : {}),
        ...(target ? { target } : {}),
      },
      // the noise is secret: the seed the file records must not replay it
      secretRng(),
    );
    return mstSynthesizer(fit.state, fit.privacy);
  },
  restore(file) {
    if (!file.state || !file.differentialPrivacy)
      throw new Error('The model file has no MST model or privacy budget in it.');
    return mstSynthesizer(file.state, file.differentialPrivacy);
  },
};
