import type { ModelEntry } from '../entry';
import { CTGAN_DEFAULTS } from './config';

const d = CTGAN_DEFAULTS;
const widths = (dims: readonly number[]) => dims.join(', ');

/** CTGAN (Xu et al. 2019): a conditional GAN over the mode-specific encoding. */
export const CTGAN_ENTRY: ModelEntry<'ctgan'> = {
  kind: 'ctgan',
  title: 'CTGAN',
  explain:
    'A generator learns to write rows while a critic learns to tell them from real ones; each number column is split into its modes, and training is conditioned on category levels so rare ones are not forgotten. Pick it for mixed tables with strong category structure, when you can wait for many epochs.',
  presets: { quick: 5, best: 300 },
  trainsInEpochs: true,
  unsavable: null,
  losses: [
    { key: 'generator', label: 'Generator loss' },
    { key: 'discriminator', label: 'Discriminator loss' },
    { key: 'penalty', label: 'Gradient penalty' },
  ],
  lossHelp:
    'Read the generator and discriminator losses as a tug of war: they should settle into a steady band rather than one running away, while the gradient penalty stays small.',
  defaults: d,
  settings: [
    { label: 'Noise width', value: String(d.embeddingDim) },
    { label: 'Generator layers', value: `${widths(d.generatorDims)} (residual)` },
    { label: 'Discriminator layers', value: widths(d.discriminatorDims) },
    { label: 'Rows per critic sample (pac)', value: String(d.pac) },
    {
      label: 'Learning rates',
      value:
        d.generatorLr === d.discriminatorLr
          ? `${d.generatorLr.toExponential()} (both)`
          : `${d.generatorLr.toExponential()}, ${d.discriminatorLr.toExponential()}`,
    },
    { label: 'Weight decay', value: d.generatorDecay.toExponential() },
    { label: 'Gradient penalty weight', value: String(d.gradientPenalty) },
    { label: 'Gumbel-softmax temperature', value: String(d.gumbelTau) },
  ],
  encoding: 'mode-specific',
  learningRate: {
    get: (config) => config.ctgan?.generatorLr ?? null,
    fallback: d.generatorLr,
    set: (config, rate) => ({
      ...config,
      ctgan: { ...config.ctgan, generatorLr: rate, discriminatorLr: rate },
    }),
  },
  setBatchSize: (config, rows) => ({ ...config, ctgan: { ...config.ctgan, batchSize: rows } }),
  weightValues(width, condWidth) {
    // a residual generator (noise + conditions in, each block concatenating its input) and a
    // critic seeing `pac` rows with their conditions at once; Adam's two moments: × 3
    const [h1 = 0, h2 = 0] = d.generatorDims;
    const g = d.embeddingDim + condWidth;
    const critic = d.discriminatorDims[0] ?? 0;
    const weights =
      g * h1 +
      (g + h1) * h2 +
      (g + h1 + h2) * width +
      (width + condWidth) * d.pac * critic +
      critic * critic +
      critic;
    return weights * 3;
  },
  networks(dims, config) {
    const c = { ...d, ...config.ctgan };
    return {
      batchSize: c.batchSize,
      latentWidth: c.embeddingDim,
      conditionalWidth: dims.condDim,
      networks: [
        {
          name: 'Generator',
          layers: [c.embeddingDim + dims.condDim, ...c.generatorDims, dims.dataDim],
        },
        {
          name: 'Discriminator',
          layers: [(dims.dataDim + dims.condDim) * c.pac, ...c.discriminatorDims, 1],
        },
      ],
    };
  },
  load: () => import('./adapter').then((m) => m.CTGAN),
};
