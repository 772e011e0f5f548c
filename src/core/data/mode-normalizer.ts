/**
 * Mode-specific normalisation of one numeric column (Xu et al. 2019, section 4.2), with two
 * additions the reference lacks. A value is encoded as a component index plus a scalar:
 *
 * - mixture modes: a variational Bayesian mixture (at most 10 modes, modes with weight
 *   <= 0.005 dropped) is fitted to the column; a value's mode is SAMPLED from its posterior
 *   over the kept modes, and its scalar is `(x - mean_k) / (4 * std_k)` clipped to
 *   [-0.99, 0.99];
 * - point masses: a value that holds at least 5% of the non-missing rows of a column with more
 *   than 10 distinct values (at most 3 such values, the most frequent first) is a component of
 *   its own, decoded to exactly that value. Adult's capital-gain is 91.7% zeros; a Gaussian
 *   mode would smear them into small non-zero numbers. The mixture is fitted on the other
 *   values. Columns with 10 or fewer distinct values are left to the mixture alone (they are
 *   near-categorical, and integer columns round back to their values anyway); the cap of 3
 *   keeps the mixture a continuum to fit, since more than 10 distinct values leaves at least 8;
 * - missing values (NaN, or any non-finite number) are one more component when the fitted
 *   column had any.
 *
 * Components are ordered [modes (by mean)..., point masses..., missing?]; the scalar is 0 for
 * point-mass and missing rows. The mixture is fitted on at most 10,000 values drawn without
 * replacement with the caller's Rng, so a column's fit costs the same for any row count.
 */
import type { Rng } from '../rng';
import {
  fitBayesianGmm,
  keepModes,
  predictProba,
  type BgmOptions,
  type GaussianMixture1D,
} from './bayesian-gmm';

/** Settings of {@link fit}; the defaults are described in the module comment. */
export interface ModeNormalizerOptions {
  maxModes: number;
  /** Modes with an expected weight at or below this are dropped. */
  minModeWeight: number;
  /** Most values the mixture is fitted on (a random subsample beyond this). */
  maxFitValues: number;
  /** Share of the non-missing rows a single value needs to become a point mass. */
  pointMassShare: number;
  /** Point masses are only looked for in columns with MORE distinct values than this. */
  pointMassMinDistinct: number;
  maxPointMasses: number;
  bgm: Partial<BgmOptions>;
}

export const DEFAULT_MODE_NORMALIZER_OPTIONS: ModeNormalizerOptions = {
  maxModes: 10,
  minModeWeight: 0.005,
  maxFitValues: 10_000,
  pointMassShare: 0.05,
  pointMassMinDistinct: 10,
  maxPointMasses: 3,
  bgm: {},
};

/**
 * A fitted column encoder, plain JSON, sized by the number of components (never by the row
 * count).
 */
export interface ModeNormalizerState {
  /** The kept mixture modes, sorted by mean (empty when the column had no values). */
  modes: GaussianMixture1D;
  /** Values decoded exactly, one component each, most frequent first. */
  pointMasses: number[];
  /** Whether the last component stands for missing values. */
  hasMissing: boolean;
  /** Observed range of the non-missing values (null when there were none). */
  min: number | null;
  max: number | null;
  /**
   * The power of ten the modes are fitted in, for values of extreme magnitude (1e300 or 1e-300
   * would overflow or vanish in a mixture's squares): values are divided by it before the modes
   * see them, decoded values multiplied back. Absent (1) for everyday magnitudes.
   */
  scale?: number;
}

/** Magnitudes a mixture fits safely; outside them the values are scaled by a power of ten. */
const LARGEST_PLAIN = 1e15;
const SMALLEST_PLAIN = 1e-6;

/** The power of ten that brings `values` to everyday magnitudes (1 when they already are). */
function scaleOf(values: Float64Array): number {
  let largest = 0;
  for (const v of values) largest = Math.max(largest, Math.abs(v));
  if (largest === 0 || (largest <= LARGEST_PLAIN && largest >= SMALLEST_PLAIN)) return 1;
  return 10 ** Math.round(Math.log10(largest));
}

/** One column encoded: per row, a component index and a scalar in [-0.99, 0.99]. */
export interface EncodedColumn {
  /** Length rows; 0 for point-mass and missing rows. */
  scalars: Float64Array;
  /** Length rows; indices into [modes..., point masses..., missing?]. */
  components: Int32Array;
}

const SCALAR_LIMIT = 0.99;

/** Width of the column's component one-hot. */
export function componentCount(state: ModeNormalizerState): number {
  return state.modes.means.length + state.pointMasses.length + (state.hasMissing ? 1 : 0);
}

/** Counts of each distinct finite value; the number of missing rows. */
function tally(values: Float64Array): { counts: Map<number, number>; missing: number } {
  const counts = new Map<number, number>();
  let missing = 0;
  for (const v of values) {
    if (Number.isFinite(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
    else missing += 1;
  }
  return { counts, missing };
}

function choosePointMasses(counts: Map<number, number>, opts: ModeNormalizerOptions): number[] {
  if (counts.size <= opts.pointMassMinDistinct) return [];
  let present = 0;
  for (const c of counts.values()) present += c;
  return [...counts]
    .filter(([, c]) => c / present >= opts.pointMassShare)
    .sort(([va, ca], [vb, cb]) => cb - ca || va - vb)
    .slice(0, opts.maxPointMasses)
    .map(([v]) => v);
}

/** Up to `limit` of `values`, drawn without replacement (partial Fisher-Yates on a copy). */
function subsample(values: Float64Array, limit: number, rng: Rng): Float64Array {
  if (values.length <= limit) return values;
  const pool = values.slice();
  for (let i = 0; i < limit; i += 1) {
    const j = i + rng.int(pool.length - i);
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  return pool.subarray(0, limit);
}

const noModes = (): GaussianMixture1D => ({
  weights: [],
  means: [],
  stds: [],
  logWeights: [],
  meanPrecisions: [],
  degreesOfFreedom: [],
});

/** A constant column's one mode; std 0 makes its scalar always 0 and its decode exact. */
const singleMode = (mean: number): GaussianMixture1D => ({
  weights: [1],
  means: [mean],
  stds: [0],
  logWeights: [0],
  meanPrecisions: [1],
  degreesOfFreedom: [1],
});

/** The kept modes of the values that are neither missing nor point masses. */
function fitModes(rest: Float64Array, rng: Rng, opts: ModeNormalizerOptions): GaussianMixture1D {
  if (rest.length === 0) return noModes();
  const sample = subsample(rest, opts.maxFitValues, rng);
  const first = sample[0] as number;
  if (sample.every((v) => v === first)) return singleMode(first);
  const { mixture } = fitBayesianGmm(sample, rng, { ...opts.bgm, components: opts.maxModes });
  return keepModes(mixture, opts.minModeWeight);
}

/**
 * Fits the encoder to one column.
 *
 * @param values one value per row; NaN (or any non-finite number) is missing
 * @param rng draws the fitting subsample and the mixture's k-means++ seeds
 */
export function fit(
  values: Float64Array,
  rng: Rng,
  options: Partial<ModeNormalizerOptions> = {},
): ModeNormalizerState {
  const opts = { ...DEFAULT_MODE_NORMALIZER_OPTIONS, ...options };
  const { counts, missing } = tally(values);
  const pointMasses = choosePointMasses(counts, opts);
  const isPointMass = new Set(pointMasses);
  const rest = values.filter((v) => Number.isFinite(v) && !isPointMass.has(v));
  let min: number | null = null;
  let max: number | null = null;
  for (const v of counts.keys()) {
    if (min === null || v < min) min = v;
    if (max === null || v > max) max = v;
  }
  const scale = scaleOf(rest);
  const modes = fitModes(scale === 1 ? rest : rest.map((v) => v / scale), rng, opts);
  return {
    modes,
    pointMasses,
    hasMissing: missing > 0,
    min,
    max,
    ...(scale !== 1 ? { scale } : {}),
  };
}

const clip = (x: number, limit: number) => Math.min(limit, Math.max(-limit, x));

/**
 * Encodes a column. Missing values and point masses map to their components directly; every
 * other value draws its mode from its posterior over the kept modes (one Rng draw per such row,
 * in row order, when there is more than one mode).
 *
 * @throws when a value is missing but the fitted column had no missing values, or when the
 *   fitted column had no values at all and a value is present
 */
export function transform(
  state: ModeNormalizerState,
  values: Float64Array,
  rng: Rng,
): EncodedColumn {
  const k = state.modes.means.length;
  const pointIndex = new Map(state.pointMasses.map((v, p) => [v, k + p]));
  const missingIndex = state.hasMissing ? k + state.pointMasses.length : -1;
  const scalars = new Float64Array(values.length);
  const components = new Int32Array(values.length);
  const modeRows: number[] = [];
  values.forEach((v, i) => {
    const direct = Number.isFinite(v) ? pointIndex.get(v) : missingIndex;
    if (direct === -1) throw new Error('a missing value, but the column was fitted without any');
    if (direct !== undefined) components[i] = direct;
    else if (k === 0) throw new Error('a value, but the column was fitted with none');
    else modeRows.push(i);
  });
  const scale = state.scale ?? 1;
  const modeValues = modeRows.map((i) => (values[i] as number) / scale);
  const proba = k > 1 ? predictProba(state.modes, modeValues) : null;
  modeRows.forEach((row, j) => {
    const mode = proba ? rng.weighted(proba.subarray(j * k, (j + 1) * k)) : 0;
    const std = state.modes.stds[mode] as number;
    const offset = (modeValues[j] as number) - (state.modes.means[mode] as number);
    components[row] = mode;
    scalars[row] = std > 0 ? clip(offset / (4 * std), SCALAR_LIMIT) : 0;
  });
  return { scalars, components };
}

/**
 * Decodes one value: a mode's `mean + scalar * 4 * std` (scalar clipped to [-1, 1]), a point
 * mass's exact value, or NaN for the missing component.
 */
export function inverse(
  state: ModeNormalizerState,
  scalar: number,
  componentIndex: number,
): number {
  const k = state.modes.means.length;
  if (componentIndex >= 0 && componentIndex < k) {
    const std = state.modes.stds[componentIndex] as number;
    const value = (state.modes.means[componentIndex] as number) + clip(scalar, 1) * 4 * std;
    return value * (state.scale ?? 1);
  }
  const point = state.pointMasses[componentIndex - k];
  if (componentIndex >= k && point !== undefined) return point;
  if (state.hasMissing && componentIndex === k + state.pointMasses.length) return NaN;
  throw new RangeError(`component ${componentIndex} of ${componentCount(state)}`);
}
