/**
 * From noisy fine 1-way counts to the bins of the 2-way marginals (post-processing only): a
 * 2-way table costs noise in every cell, so numeric columns are grouped into a few bins of about
 * equal noisy mass, and levels whose noisy count is under three noise deviations share one bin
 * (MST's domain compression).
 */
import { addAt } from './marginals';

/** Per fine cell, its bin; and the number of bins. */
export interface Binning {
  bin: number[];
  bins: number;
  /**
   * A bin made only of levels whose noisy count is under the noise (discrete columns with
   * other bins): its count is noise, so it is given no rows; null when there is none.
   */
  noiseBin?: number | null;
}

/**
 * Numeric columns: the fine cells (missing last) grouped in order into at most `maxBins` bins
 * of about equal noisy mass; the missing cell is a bin of its own when its count is clear of
 * the noise, else it joins the last bin.
 */
export function numericBins(noisy: Float64Array, sigma: number, maxBins: number): Binning {
  const cells = noisy.length - 1;
  const w = Array.from(noisy.subarray(0, cells), (x) => Math.max(x, 0));
  let remaining = w.reduce((s, x) => s + x, 0);
  const bin = new Array<number>(noisy.length).fill(0);
  let b = 0;
  let acc = 0;
  let left = maxBins;
  for (let i = 0; i < cells; i += 1) {
    bin[i] = b;
    acc += w[i] as number;
    if (left > 1 && i < cells - 1 && acc >= remaining / left && acc > 0) {
      remaining -= acc;
      acc = 0;
      left -= 1;
      b += 1;
    }
  }
  // a trailing bin that got no mass is folded into the one before
  if (acc === 0 && b > 0) for (let i = 0; i < cells; i += 1) if (bin[i] === b) bin[i] = b - 1;
  let bins = Math.max(...bin.slice(0, cells)) + 1;
  if ((noisy[cells] as number) >= 3 * sigma) {
    bin[cells] = bins;
    bins += 1;
  } else bin[cells] = bins - 1;
  return { bin, bins };
}

/** Discrete columns: a bin per level clear of the noise, one shared bin for the rest. */
export function discreteBins(noisy: Float64Array, sigma: number): Binning {
  const bin = new Array<number>(noisy.length);
  let bins = 0;
  noisy.forEach((x, i) => {
    if (x >= 3 * sigma) bin[i] = bins++;
  });
  const rare = bins;
  let anyRare = false;
  noisy.forEach((x, i) => {
    if (x < 3 * sigma) {
      bin[i] = rare;
      anyRare = true;
    }
  });
  return { bin, bins: anyRare ? bins + 1 : bins, noiseBin: anyRare && rare > 0 ? rare : null };
}

/** Per bin, the sum of the fine counts it holds. */
export function binSums(fine: ArrayLike<number>, binning: Binning): Float64Array {
  const out = new Float64Array(binning.bins);
  for (let i = 0; i < fine.length; i += 1) addAt(out, binning.bin[i] as number, fine[i] as number);
  return out;
}
