import type { ModelEntry } from '../entry';
import { TVAE_DEFAULTS } from './config';

const d = TVAE_DEFAULTS;

/** TVAE (Xu et al. 2019): a variational autoencoder over the mode-specific encoding. */
export const TVAE_ENTRY: ModelEntry<'tvae'> = {
  kind: 'tvae',
  title: 'TVAE',
  explain:
    'An encoder squeezes each row into a small code and a decoder learns to rebuild the row from it; new rows come from decoding new random codes. It trains several times faster than CTGAN and often keeps pairs of columns together better.',
  presets: { quick: 10, best: 300 },
  trainsInEpochs: true,
  unsavable: null,
  losses: [
    { key: 'reconstruction', label: 'Reconstruction loss' },
    { key: 'kl', label: 'KL term' },
  ],
  lossHelp:
    'Lower is better: reconstruction falls as the decoder learns to rebuild rows, while the KL term rises a little as the codes start to carry information.',
  defaults: d,
  settings: [
    { label: 'Latent code width', value: String(d.embeddingDim) },
    { label: 'Encoder layers', value: d.compressDims.join(', ') },
    { label: 'Decoder layers', value: d.decompressDims.join(', ') },
    { label: 'Reconstruction weight', value: String(d.lossFactor) },
    { label: 'Learning rate', value: d.learningRate.toExponential() },
    { label: 'Weight decay', value: d.weightDecay.toExponential() },
  ],
  encoding: 'mode-specific',
  learningRate: {
    get: (config) => config.tvae?.learningRate ?? null,
    fallback: d.learningRate,
    set: (config, rate) => ({ ...config, tvae: { ...config.tvae, learningRate: rate } }),
  },
  setBatchSize: (config, rows) => ({ ...config, tvae: { ...config.tvae, batchSize: rows } }),
  weightValues(width) {
    // encoder to a latent mean and spread, the mirror decoder; Adam's two moments: × 3
    const [e1 = 0, e2 = 0] = d.compressDims;
    const [d1 = 0, d2 = 0] = d.decompressDims;
    const z = d.embeddingDim;
    const weights = width * e1 + e1 * e2 + e2 * 2 * z + z * d1 + d1 * d2 + d2 * width;
    return weights * 3;
  },
  networks(dims, config) {
    const c = { ...d, ...config.tvae };
    return {
      batchSize: c.batchSize,
      latentWidth: c.embeddingDim,
      conditionalWidth: null,
      networks: [
        { name: 'Encoder', layers: [dims.dataDim, ...c.compressDims, 2 * c.embeddingDim] },
        { name: 'Decoder', layers: [c.embeddingDim, ...c.decompressDims, dims.dataDim] },
      ],
    };
  },
  load: () => import('./adapter').then((m) => m.TVAE),
};
