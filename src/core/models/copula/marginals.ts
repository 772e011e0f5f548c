/**
 * One-dimensional pieces of the Gaussian copula: the standard normal CDF and its inverse, and the
 * marginals that turn a column into uniform scores and back. Marginals are plain JSON summaries
 * (quantile knots, level shares), never training rows.
 */
import type { Rng } from '../../rng';

/** Scores are kept this far inside (0, 1), so Φ⁻¹ stays finite (|z| ≤ about 7). */
const U_EPS = 1e-12;

/**
 * Standard normal CDF Φ(z), from the complementary error function approximation of Press et
 * al., "Numerical Recipes" (2nd ed., section 6.2, `erfcc`): relative error below 1.2e-7
 * everywhere, tails included.
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(-x * x + poly);
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

// Coefficients of P. J. Acklam's rational approximation of Φ⁻¹ (relative error below 1.15e-9).
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function horner(coefficients: readonly number[], x: number): number {
  let acc = 0;
  for (const c of coefficients) acc = acc * x + c;
  return acc;
}

/** Inverse standard normal CDF Φ⁻¹(p) by Acklam's algorithm; p is clamped into (0, 1). */
export function normalQuantile(p: number): number {
  const u = Math.min(1 - U_EPS, Math.max(U_EPS, p));
  if (u < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(u));
    return horner(C, q) / (horner(D, q) * q + 1);
  }
  if (u > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - u));
    return -horner(C, q) / (horner(D, q) * q + 1);
  }
  const q = u - 0.5;
  const r = q * q;
  return (horner(A, r) * q) / (horner(B, r) * r + 1);
}

/** A uniform draw inside `[lo, hi)`, kept strictly inside (0, 1). */
export function uniformIn(lo: number, hi: number, rng: Rng): number {
  return Math.min(1 - U_EPS, Math.max(U_EPS, lo + rng.uniform() * (hi - lo)));
}

/**
 * A numeric column's distribution as a piecewise-linear quantile function: `u` ascending from 0
 * to 1, `v` non-decreasing. A value holding at least {@link ATOM_SHARE} of the present rows
 * (say 91.7 % zeros) is an atom: two knots with the same `v` span its share of `u`, so sampling
 * reproduces it exactly and as often.
 */
export interface QuantileKnots {
  u: number[];
  v: number[];
}

/** Share of the present rows from which a repeated value is kept as an exact atom. */
export const ATOM_SHARE = 0.01;
/** Most knots a marginal keeps, about (atom ends and the two extremes always stay). */
export const MAX_KNOTS = 1000;

/**
 * Fits the quantile knots of the present values. Between atoms, the i-th smallest of n values
 * sits at `u = (i + 0.5) / n`; those knots are thinned evenly in `u` so that, with the atom ends
 * and the extremes, about {@link MAX_KNOTS} remain.
 *
 * @param sorted present values, ascending (at least one)
 */
export function fitQuantileKnots(sorted: Float64Array): QuantileKnots {
  const n = sorted.length;
  const u: number[] = [0];
  const v: number[] = [sorted[0] as number];
  const fixed: boolean[] = [true];
  for (let i = 0; i < n;) {
    const value = sorted[i] as number;
    let j = i + 1;
    while (j < n && sorted[j] === value) j += 1;
    if ((j - i) / n >= ATOM_SHARE) {
      u.push(i / n, j / n);
      v.push(value, value);
      fixed.push(true, true);
    } else {
      for (let k = i; k < j; k += 1) {
        u.push((k + 0.5) / n);
        v.push(value);
        fixed.push(false);
      }
    }
    i = j;
  }
  u.push(1);
  v.push(sorted[n - 1] as number);
  fixed.push(true);
  return thinKnots(u, v, fixed);
}

/** Keeps every fixed knot and at most one free knot per equal slice of `u`. */
function thinKnots(u: number[], v: number[], fixed: boolean[]): QuantileKnots {
  const out: QuantileKnots = { u: [], v: [] };
  const slices = Math.max(100, MAX_KNOTS - fixed.filter(Boolean).length);
  let lastBucket = -1;
  u.forEach((ui, i) => {
    const bucket = Math.floor(ui * slices);
    if (!fixed[i] && bucket === lastBucket) return;
    if (!fixed[i]) lastBucket = bucket;
    if (out.u.length > 0 && out.u[out.u.length - 1] === ui && out.v[out.v.length - 1] === v[i])
      return;
    out.u.push(ui);
    out.v.push(v[i] as number);
  });
  return out;
}

/** The value at probability `p` in [0, 1]: linear between knots, exact on atoms. */
export function quantileAt(knots: QuantileKnots, p: number): number {
  const { u, v } = knots;
  let lo = 0;
  let hi = u.length - 1;
  if (p <= (u[0] as number)) return v[0] as number;
  if (p >= (u[hi] as number)) return v[hi] as number;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((u[mid] as number) <= p) lo = mid;
    else hi = mid;
  }
  const u0 = u[lo] as number;
  const u1 = u[hi] as number;
  const v0 = v[lo] as number;
  const v1 = v[hi] as number;
  return u1 > u0 ? v0 + ((p - u0) / (u1 - u0)) * (v1 - v0) : v1;
}

/**
 * Randomised probability integral transform of present values: a value whose empirical CDF
 * jumps from F(x−) to F(x) gets a uniform draw inside that step, so ties and atoms spread evenly
 * over their share and every score is U(0, 1) distributed.
 *
 * @param values one per row, NaN for missing (scored NaN)
 * @param sorted the present values, ascending
 */
export function uniformScores(values: Float64Array, sorted: Float64Array, rng: Rng): Float64Array {
  const n = sorted.length;
  const scores = new Float64Array(values.length);
  for (let r = 0; r < values.length; r += 1) {
    const x = values[r] as number;
    if (Number.isNaN(x)) {
      scores[r] = NaN;
      continue;
    }
    scores[r] = uniformIn(lowerBound(sorted, x) / n, upperBound(sorted, x) / n, rng);
  }
  return scores;
}

/** First index whose value is ≥ x. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cumulative upper ends of each level's interval (the last is 1). */
export function cumulativeShares(probabilities: readonly number[]): Float64Array {
  const out = new Float64Array(probabilities.length);
  let acc = 0;
  probabilities.forEach((p, i) => {
    acc += p;
    out[i] = acc;
  });
  if (out.length > 0) out[out.length - 1] = 1;
  return out;
}

/** The level whose interval holds `p`: the first with cumulative share above `p`. */
export function levelAt(cumulative: Float64Array, p: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) > p) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
