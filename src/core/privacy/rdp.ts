/**
 * Renyi differential privacy (RDP) of the Poisson-subsampled Gaussian mechanism, the mechanism of
 * DP-SGD: each row joins a step's batch with probability `q`, the summed clipped gradients get
 * Gaussian noise of standard deviation `sigma` times the clipping norm. RDP at order alpha
 * follows Mironov, Talwar and Zhang 2019 ("Renyi differential privacy of the sampled Gaussian
 * mechanism"): a finite binomial sum at integer orders, the two-sided series with erfc at
 * fractional orders. Steps compose by adding RDP; the (epsilon, delta) conversion is that of
 * Balle et al. 2020 ("Hypothesis testing interpretations and Renyi differential privacy"), as
 * Opacus' RDP accountant and TensorFlow Privacy use.
 */
import { logErfc } from './erfc';

/** The orders Opacus' RDP accountant uses by default: 1.1 to 10.9 by 0.1, then 12 to 63. */
export const OPACUS_ORDERS: readonly number[] = [
  ...Array.from({ length: 99 }, (_, i) => 1 + (i + 1) / 10),
  ...Array.from({ length: 52 }, (_, i) => 12 + i),
];

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
}

function logSub(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (a <= b) return a === b ? -Infinity : NaN;
  return a + Math.log1p(-Math.exp(b - a));
}

/** log A_alpha at an integer order: the binomial sum of the mixture's moments. */
function logAInteger(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  let logBinom = 0; // log C(alpha, 0)
  for (let i = 0; i <= alpha; i += 1) {
    if (i > 0) logBinom += Math.log((alpha - i + 1) / i);
    const logCoef = logBinom + i * Math.log(q) + (alpha - i) * Math.log1p(-q);
    logA = logAdd(logA, logCoef + (i * i - i) / (2 * sigma * sigma));
  }
  return logA;
}

/** log A_alpha at a fractional order: the two series with erfc, summed until negligible. */
function logAFractional(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  const scale = Math.SQRT2 * sigma;
  let coef = 1; // C(alpha, i), a real binomial coefficient
  for (let i = 0; i < 100_000; i += 1) {
    if (i > 0) coef *= (alpha - i + 1) / i;
    const logCoef = Math.log(Math.abs(coef));
    const j = alpha - i;
    const logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
    const logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / scale);
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / scale);
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (coef > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30) break;
  }
  return logAdd(logA0, logA1);
}

/**
 * RDP at order `alpha` of one step of the Poisson-subsampled Gaussian mechanism.
 *
 * @param q sampling rate, in [0, 1]
 * @param sigma noise multiplier (noise standard deviation over the L2 sensitivity)
 */
export function rdpSubsampledGaussian(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  const logA = Number.isInteger(alpha)
    ? logAInteger(q, sigma, alpha)
    : logAFractional(q, sigma, alpha);
  return logA / (alpha - 1);
}

/**
 * The smallest epsilon over the orders for a composed RDP curve, by Balle et al. 2020:
 * eps = rdp - (log delta + log alpha) / (alpha - 1) + log((alpha - 1) / alpha).
 */
export function epsilonFromRdp(
  rdp: readonly number[],
  orders: readonly number[],
  delta: number,
): { epsilon: number; order: number } {
  let best = Infinity;
  let bestOrder = NaN;
  orders.forEach((alpha, k) => {
    if (alpha <= 1) return;
    const eps =
      (rdp[k] as number) -
      (Math.log(delta) + Math.log(alpha)) / (alpha - 1) +
      Math.log((alpha - 1) / alpha);
    if (eps < best) {
      best = eps;
      bestOrder = alpha;
    }
  });
  return { epsilon: Math.max(best, 0), order: bestOrder };
}

/** (epsilon, delta) of `steps` steps of the Poisson-subsampled Gaussian (DP-SGD). */
export function subsampledGaussianEpsilon(
  q: number,
  sigma: number,
  steps: number,
  delta: number,
  orders: readonly number[] = OPACUS_ORDERS,
): { epsilon: number; order: number } {
  const rdp = orders.map((alpha) => steps * rdpSubsampledGaussian(q, sigma, alpha));
  return epsilonFromRdp(rdp, orders, delta);
}

/**
 * The smallest noise multiplier (to 0.1%) whose `steps` steps at sampling rate `q` stay within
 * `epsilon` at `delta`, found by bisection (epsilon falls as the noise grows).
 */
export function noiseMultiplierFor(
  epsilon: number,
  delta: number,
  q: number,
  steps: number,
): number {
  if (!(epsilon > 0)) throw new RangeError('The target epsilon must be above 0.');
  const eps = (sigma: number) => subsampledGaussianEpsilon(q, sigma, steps, delta).epsilon;
  let high = 1;
  while (eps(high) > epsilon) {
    high *= 2;
    if (high > 1e6) throw new RangeError('No noise multiplier reaches this epsilon.');
  }
  let low = 0;
  while ((high - low) / high > 1e-3) {
    const mid = (low + high) / 2;
    if (eps(mid) > epsilon) low = mid;
    else high = mid;
  }
  return high;
}
