/**
 * Feature binning for the histogram gradient boosting: each dense feature is cut into at most
 * 255 ordered bins at quantile thresholds learned from the training rows (midpoints between
 * distinct values when there are few of them, as scikit-learn's `_BinMapper` does); a one-hot
 * block keeps its slot as the bin. Trees then split on small integers instead of floats.
 */
import type { Design } from './features';
import type { Rng } from '../../rng';

/** Most ordered bins of a dense feature (the missing bin comes on top). */
export const MAX_BINS = 255;
/** Rows used to find the quantile thresholds (scikit-learn's default subsample). */
const THRESHOLD_SAMPLE = 200_000;

/** What a tree splits on: per feature, its kind and the number of bins. */
export interface Binner {
  /** Dense features: thresholds, ascending; bin = number of thresholds below the value. */
  thresholds: Float64Array[];
  /** One-hot blocks: number of slots (bin `slots` = no slot set, never split off). */
  slots: number[];
}

/**
 * Binned design. Features are the dense ones first, then the one-hot blocks. A dense feature has
 * `thresholds.length + 1` value bins and one last bin for a missing value (NaN), which always
 * goes right; a one-hot block has `slots + 1` bins.
 */
export interface BinnedData {
  rows: number;
  bins: Uint8Array[];
  /** Bins per feature. */
  width: number[];
  /** Whether the feature is a one-hot block (split: this slot against the rest). */
  oneHot: boolean[];
}

function midpointPercentile(sorted: Float64Array, q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  return ((sorted[Math.floor(pos)] as number) + (sorted[Math.ceil(pos)] as number)) / 2;
}

function thresholdsOf(values: Float64Array, rng: Rng): Float64Array {
  let present = values.filter((v) => !Number.isNaN(v));
  if (present.length > THRESHOLD_SAMPLE) {
    const pick = rng.permutation(present.length).subarray(0, THRESHOLD_SAMPLE);
    present = Float64Array.from(pick, (i) => present[i] as number);
  }
  const sorted = present.sort();
  const distinct: number[] = [];
  for (const v of sorted)
    if (distinct.length === 0 || distinct[distinct.length - 1] !== v) distinct.push(v);
  if (distinct.length <= MAX_BINS) {
    const mids = new Float64Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i + 1 < distinct.length; i += 1)
      mids[i] = ((distinct[i] as number) + (distinct[i + 1] as number)) / 2;
    return mids;
  }
  const cuts: number[] = [];
  for (let k = 1; k < MAX_BINS; k += 1) {
    const t = midpointPercentile(sorted, (100 * k) / MAX_BINS);
    if (cuts.length === 0 || (cuts[cuts.length - 1] as number) < t) cuts.push(t);
  }
  return Float64Array.from(cuts);
}

/** Learns the bin thresholds from training rows. */
export function fitBinner(design: Design, rng: Rng): Binner {
  return {
    thresholds: design.numeric.map((values) => thresholdsOf(values, rng.fork())),
    slots: [...design.slots],
  };
}

function binOf(thresholds: Float64Array, v: number): number {
  if (Number.isNaN(v)) return thresholds.length + 1;
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((thresholds[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Maps a design (training or new rows) to bins. */
export function applyBinner(binner: Binner, design: Design): BinnedData {
  if (
    design.numeric.length !== binner.thresholds.length ||
    design.slots.length !== binner.slots.length
  )
    throw new Error('These rows have other features than the rows the model learned from.');
  const bins: Uint8Array[] = [];
  const width: number[] = [];
  const oneHot: boolean[] = [];
  binner.thresholds.forEach((thresholds, j) => {
    const values = design.numeric[j] as Float64Array;
    const out = new Uint8Array(design.rows);
    for (let i = 0; i < design.rows; i += 1) out[i] = binOf(thresholds, values[i] as number);
    bins.push(out);
    width.push(thresholds.length + 2);
    oneHot.push(false);
  });
  binner.slots.forEach((slots, c) => {
    const slot = design.discrete[c] as Int32Array;
    const out = new Uint8Array(design.rows);
    for (let i = 0; i < design.rows; i += 1) {
      const s = slot[i] as number;
      out[i] = s >= 0 && s < slots ? s : slots;
    }
    bins.push(out);
    width.push(slots + 1);
    oneHot.push(true);
  });
  return { rows: design.rows, bins, width, oneHot };
}
