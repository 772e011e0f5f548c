import type { ModelKind } from '../../worker/engine-client';

/** Each model explained in two sentences, and its presets. */
export const MODELS: Record<
  ModelKind,
  { title: string; explain: string; quick: number; best: number }
> = {
  ctgan: {
    title: 'CTGAN',
    explain:
      'A generator learns to write rows while a critic learns to tell them from real ones; each column is split into its modes so skewed and multi-peaked numbers survive. Pick it for mixed tables with strong category structure, when you can wait for many epochs.',
    quick: 5,
    best: 300,
  },
  tvae: {
    title: 'TVAE',
    explain:
      'An encoder squeezes each row into a small code and a decoder learns to rebuild the row from it; new rows come from new codes. It trains several times faster than CTGAN and often keeps pairs of columns together better.',
    quick: 10,
    best: 300,
  },
  copula: {
    title: 'Gaussian copula',
    explain:
      "A statistical baseline: it learns each column's distribution and how the columns move together, then samples from that. It fits in seconds, keeps every column's shape, but misses patterns that are not simple correlations.",
    quick: 1,
    best: 1,
  },
};
