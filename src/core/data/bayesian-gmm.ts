/**
 * A variational Bayesian Gaussian mixture for one-dimensional data, as CTGAN's mode-specific
 * normalisation uses it: scikit-learn's documented `BayesianGaussianMixture` with a
 * Dirichlet-process (stick-breaking) weight prior, 10 components, weight concentration 0.001,
 * at most 100 iterations, tolerance 1e-3 on the lower bound and covariance regularisation 1e-6.
 *
 * The priors are sklearn's defaults for one feature: mean prior = the data mean, mean precision
 * prior 1, degrees of freedom 1, covariance prior = the data variance. Responsibilities start
 * from a k-means++ clustering drawn with the caller's {@link Rng}. The variational updates follow
 * Bishop, Pattern Recognition and Machine Learning, section 10.2, with Blei and Jordan's
 * truncated stick-breaking for the weights.
 */
import type { Rng } from '../rng';

/** Settings of the fit; the defaults are CTGAN's. */
export interface BgmOptions {
  /** Upper bound on the number of mixture components (fewer when the data has fewer values). */
  components: number;
  /** Stick-breaking concentration: small values switch unneeded components off. */
  concentration: number;
  maxIter: number;
  /** Stop when the lower bound moves by less than this between iterations. */
  tol: number;
  /** Added to every component's variance, in squared data units. */
  regCovar: number;
}

export const DEFAULT_BGM_OPTIONS: BgmOptions = {
  components: 10,
  concentration: 0.001,
  maxIter: 100,
  tol: 1e-3,
  regCovar: 1e-6,
};

/**
 * A fitted mixture, plain JSON. Every array has one entry per component, in the same order.
 * `weights`, `means` and `stds` describe the modes (data units); `logWeights`,
 * `meanPrecisions` and `degreesOfFreedom` are the variational posterior terms that
 * {@link predictProba} needs to weigh a value between components exactly as the fit did.
 */
export interface GaussianMixture1D {
  /** Expected stick-breaking weights, summing to 1. */
  weights: number[];
  means: number[];
  /** Square roots of the posterior covariances. */
  stds: number[];
  /** Expected log weights E[log pi_k] under the stick-breaking posterior. */
  logWeights: number[];
  /** Posterior precision scale of each mean (beta_k). */
  meanPrecisions: number[];
  /** Posterior Wishart degrees of freedom (nu_k). */
  degreesOfFreedom: number[];
}

/** The result of {@link fitBayesianGmm}: the mixture and how the optimisation ended. */
export interface BgmFit {
  mixture: GaussianMixture1D;
  iterations: number;
  converged: boolean;
}

const EPS = 2.220446049250313e-16;
const LOG_2PI = Math.log(2 * Math.PI);

/** The digamma function for x > 0 (recurrence up to 6, then the asymptotic series). */
export function digamma(x: number): number {
  let shift = 0;
  let z = x;
  while (z < 6) {
    shift -= 1 / z;
    z += 1;
  }
  const inv2 = 1 / (z * z);
  const tail =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return shift + Math.log(z) - 0.5 / z - tail;
}

/** log Gamma(x) for x > 0 (recurrence up to 7, then Stirling's series). */
export function logGamma(x: number): number {
  let shift = 0;
  let z = x;
  while (z < 7) {
    shift -= Math.log(z);
    z += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
  return shift + (z - 0.5) * Math.log(z) - z + 0.5 * LOG_2PI + series;
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/** Squared distance from each value to its nearest centre. */
function nearestSquared(x: Float64Array, centres: number[]): Float64Array {
  const d2 = new Float64Array(x.length).fill(Infinity);
  for (let i = 0; i < x.length; i += 1) {
    for (const c of centres) {
      const d = (x[i] as number) - c;
      if (d * d < (d2[i] as number)) d2[i] = d * d;
    }
  }
  return d2;
}

/** Greedy k-means++ seeding: each new centre is the best of 2 + ln(k) D^2-weighted draws. */
function kmeansPlusPlus(x: Float64Array, k: number, rng: Rng): number[] {
  const centres = [x[rng.int(x.length)] as number];
  let d2 = nearestSquared(x, centres);
  const trials = 2 + Math.floor(Math.log(k));
  while (centres.length < k) {
    let best = { centre: 0, d2, potential: Infinity };
    for (let t = 0; t < trials; t += 1) {
      const centre = x[rng.weighted(d2)] as number;
      const next = nearestSquared(x, [centre]);
      let potential = 0;
      for (let i = 0; i < x.length; i += 1) {
        next[i] = Math.min(next[i] as number, d2[i] as number);
        potential += next[i] as number;
      }
      if (potential < best.potential) best = { centre, d2: next, potential };
    }
    centres.push(best.centre);
    d2 = best.d2;
  }
  return centres;
}

/** Lloyd's k-means from k-means++ seeds; returns the cluster label of each value. */
function kmeansLabels(x: Float64Array, k: number, rng: Rng): Int32Array {
  const centres = kmeansPlusPlus(x, k, rng);
  const labels = new Int32Array(x.length).fill(-1);
  for (let iter = 0; iter < 300; iter += 1) {
    let changed = 0;
    for (let i = 0; i < x.length; i += 1) {
      const v = x[i] as number;
      let best = 0;
      for (let j = 1; j < k; j += 1) {
        if (Math.abs(v - (centres[j] as number)) < Math.abs(v - (centres[best] as number))) {
          best = j;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed += 1;
      }
    }
    if (changed === 0) break;
    const sums = new Float64Array(k);
    const counts = new Float64Array(k);
    labels.forEach((label, i) => {
      sums[label] = (sums[label] as number) + (x[i] as number);
      counts[label] = (counts[label] as number) + 1;
    });
    for (let j = 0; j < k; j += 1) {
      if ((counts[j] as number) > 0) centres[j] = (sums[j] as number) / (counts[j] as number);
    }
  }
  return labels;
}

/** The priors, fixed from the data before the first update. */
interface Prior {
  concentration: number;
  mean: number;
  meanPrecision: number;
  dof: number;
  covariance: number;
}

/** The variational posterior: Beta sticks (a, b) and Gaussian-Wishart terms per component. */
interface Posterior {
  a: Float64Array;
  b: Float64Array;
  meanPrecision: Float64Array;
  mean: Float64Array;
  dof: Float64Array;
  /** Expected covariance, W^-1 / nu. */
  covariance: Float64Array;
}

/** The M step: sufficient statistics of `resp` ([n, k] row-major) -> posterior. */
function updatePosterior(
  x: Float64Array,
  resp: Float64Array,
  k: number,
  prior: Prior,
  regCovar: number,
): Posterior {
  const nk = new Float64Array(k).fill(10 * EPS);
  const xk = new Float64Array(k);
  for (let i = 0; i < x.length; i += 1) {
    for (let j = 0; j < k; j += 1) {
      const r = resp[i * k + j] as number;
      nk[j] = (nk[j] as number) + r;
      xk[j] = (xk[j] as number) + r * (x[i] as number);
    }
  }
  for (let j = 0; j < k; j += 1) xk[j] = (xk[j] as number) / (nk[j] as number);
  const sk = new Float64Array(k);
  for (let i = 0; i < x.length; i += 1) {
    for (let j = 0; j < k; j += 1) {
      const d = (x[i] as number) - (xk[j] as number);
      sk[j] = (sk[j] as number) + (resp[i * k + j] as number) * d * d;
    }
  }
  const post: Posterior = {
    a: new Float64Array(k),
    b: new Float64Array(k),
    meanPrecision: new Float64Array(k),
    mean: new Float64Array(k),
    dof: new Float64Array(k),
    covariance: new Float64Array(k),
  };
  let after = 0;
  for (let j = k - 1; j >= 0; j -= 1) {
    const n = nk[j] as number;
    const s = (sk[j] as number) / n + regCovar;
    const diff = (xk[j] as number) - prior.mean;
    post.a[j] = 1 + n;
    post.b[j] = prior.concentration + after;
    post.meanPrecision[j] = prior.meanPrecision + n;
    post.mean[j] =
      (prior.meanPrecision * prior.mean + n * (xk[j] as number)) / (prior.meanPrecision + n);
    post.dof[j] = prior.dof + n;
    const scatter = n * s + ((n * prior.meanPrecision) / (prior.meanPrecision + n)) * diff * diff;
    post.covariance[j] = (prior.covariance + scatter) / (prior.dof + n);
    after += n;
  }
  return post;
}

/** Expected weights and expected log weights of the truncated stick-breaking posterior. */
function stickWeights(a: Float64Array, b: Float64Array): { weights: number[]; logs: number[] } {
  const weights: number[] = [];
  const logs: number[] = [];
  let remaining = 1;
  let logRemaining = 0;
  for (let j = 0; j < a.length; j += 1) {
    const aj = a[j] as number;
    const bj = b[j] as number;
    weights.push((remaining * aj) / (aj + bj));
    logs.push(logRemaining + digamma(aj) - digamma(aj + bj));
    remaining *= bj / (aj + bj);
    logRemaining += digamma(bj) - digamma(aj + bj);
  }
  const total = weights.reduce((s, w) => s + w, 0);
  return { weights: weights.map((w) => w / total), logs };
}

function toMixture(post: Posterior): GaussianMixture1D {
  const { weights, logs } = stickWeights(post.a, post.b);
  return {
    weights,
    means: Array.from(post.mean),
    stds: Array.from(post.covariance, Math.sqrt),
    logWeights: logs,
    meanPrecisions: Array.from(post.meanPrecision),
    degreesOfFreedom: Array.from(post.dof),
  };
}

/**
 * Writes, for each value, the normalised responsibilities of the mixture's components into
 * `out` ([n, k] row-major) and returns sum(r * log r) (for the lower bound). This is the
 * variational E step: expected log weight plus expected log density under the posterior.
 */
function responsibilities(m: GaussianMixture1D, x: ArrayLike<number>, out: Float64Array): number {
  const k = m.means.length;
  const offsets = new Float64Array(k);
  const halfInvVar = new Float64Array(k);
  const means = Float64Array.from(m.means);
  for (let j = 0; j < k; j += 1) {
    const nu = m.degreesOfFreedom[j] as number;
    const std = m.stds[j] as number;
    const expectedLogPrecision = Math.LN2 + digamma(0.5 * nu) - 1 / (m.meanPrecisions[j] as number);
    const logDet = -Math.log(std) - 0.5 * Math.log(nu);
    offsets[j] = (m.logWeights[j] as number) + logDet + 0.5 * expectedLogPrecision - 0.5 * LOG_2PI;
    halfInvVar[j] = 0.5 / (std * std);
  }
  const shifted = new Float64Array(k);
  const expd = new Float64Array(k);
  let negEntropy = 0;
  for (let i = 0; i < x.length; i += 1) {
    const v = x[i] as number;
    let max = -Infinity;
    for (let j = 0; j < k; j += 1) {
      const d = v - (means[j] as number);
      const logp = (offsets[j] as number) - d * d * (halfInvVar[j] as number);
      shifted[j] = logp;
      if (logp > max) max = logp;
    }
    let sum = 0;
    for (let j = 0; j < k; j += 1) {
      shifted[j] = (shifted[j] as number) - max;
      expd[j] = Math.exp(shifted[j] as number);
      sum += expd[j] as number;
    }
    const logSum = Math.log(sum);
    for (let j = 0; j < k; j += 1) {
      const r = (expd[j] as number) / sum;
      out[i * k + j] = r;
      if (r > 0) negEntropy += r * ((shifted[j] as number) - logSum);
    }
  }
  return negEntropy;
}

/** sklearn's variational lower bound (up to a constant), used only to test convergence. */
function lowerBound(post: Posterior, negEntropy: number): number {
  let bound = -negEntropy;
  for (let j = 0; j < post.a.length; j += 1) {
    const nu = post.dof[j] as number;
    const logDetChol = -0.5 * Math.log(post.covariance[j] as number) - 0.5 * Math.log(nu);
    bound += nu * logDetChol + 0.5 * nu * Math.LN2 + logGamma(0.5 * nu);
    bound += logBeta(post.a[j] as number, post.b[j] as number);
    bound -= 0.5 * Math.log(post.meanPrecision[j] as number);
  }
  return bound;
}

function priorOf(x: Float64Array, concentration: number): Prior {
  let mean = 0;
  for (const v of x) mean += v;
  mean /= x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) * (v - mean);
  // numpy's cov divides by n - 1
  const covariance = x.length > 1 ? ss / (x.length - 1) : 0;
  return { concentration, mean, meanPrecision: 1, dof: 1, covariance };
}

function distinctCount(x: Float64Array, limit: number): number {
  const seen = new Set<number>();
  for (const v of x) {
    seen.add(v);
    if (seen.size >= limit) break;
  }
  return seen.size;
}

/**
 * Fits the mixture to `values` (finite numbers, at least 2 distinct). The number of components
 * is `min(options.components, distinct values)`.
 *
 * @param values the sample, data units; length n (cost is O(n * components) per iteration)
 * @param rng draws the k-means++ seeds
 */
export function fitBayesianGmm(
  values: Float64Array,
  rng: Rng,
  options: Partial<BgmOptions> = {},
): BgmFit {
  const opts = { ...DEFAULT_BGM_OPTIONS, ...options };
  const k = distinctCount(values, opts.components);
  if (k < 2) throw new Error('a Bayesian mixture needs at least 2 distinct values');
  const prior = priorOf(values, opts.concentration);
  const labels = kmeansLabels(values, k, rng);
  const resp = new Float64Array(values.length * k);
  labels.forEach((label, i) => (resp[i * k + label] = 1));
  let post = updatePosterior(values, resp, k, prior, opts.regCovar);
  let bound = -Infinity;
  for (let iter = 1; iter <= opts.maxIter; iter += 1) {
    const negEntropy = responsibilities(toMixture(post), values, resp);
    post = updatePosterior(values, resp, k, prior, opts.regCovar);
    const previous = bound;
    bound = lowerBound(post, negEntropy);
    if (Math.abs(bound - previous) < opts.tol) {
      return { mixture: toMixture(post), iterations: iter, converged: true };
    }
  }
  return { mixture: toMixture(post), iterations: opts.maxIter, converged: false };
}

/**
 * The posterior probability of each component for each value, like sklearn's
 * `predict_proba`, but normalised over the components of `mixture` only, so a mixture cut down
 * by {@link keepModes} weighs values between its kept modes.
 *
 * @returns Float64Array of shape [values.length, components], row-major; rows sum to 1
 */
export function predictProba(mixture: GaussianMixture1D, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length * mixture.means.length);
  responsibilities(mixture, values, out);
  return out;
}

/**
 * The components whose weight is above `minWeight`, sorted by mean (weights are not
 * renormalised; they stay the fitted shares).
 */
export function keepModes(mixture: GaussianMixture1D, minWeight = 0.005): GaussianMixture1D {
  const kept = mixture.weights
    .map((w, j) => ({ w, j }))
    .filter(({ w }) => w > minWeight)
    .map(({ j }) => j)
    .sort((p, q) => (mixture.means[p] as number) - (mixture.means[q] as number));
  const pick = (xs: number[]) => kept.map((j) => xs[j] as number);
  return {
    weights: pick(mixture.weights),
    means: pick(mixture.means),
    stds: pick(mixture.stds),
    logWeights: pick(mixture.logWeights),
    meanPrecisions: pick(mixture.meanPrecisions),
    degreesOfFreedom: pick(mixture.degreesOfFreedom),
  };
}
