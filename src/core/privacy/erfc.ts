/**
 * The logarithm of the complementary error function, accurate in both tails: the subsampled
 * Gaussian's fractional-order series needs `log erfc(x)` for x far into either tail.
 */

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x) by its Taylor series; used only for |x| < 2.5, where it converges quickly. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n += 1) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / SQRT_PI) * sum;
}

/**
 * log(erfc(x) * exp(x^2) * sqrt(pi)) for x >= 2.5, from the continued fraction
 * erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated backwards.
 */
function logScaledErfcTail(x: number): number {
  let tail = x;
  for (let k = 80; k >= 1; k -= 1) tail = x + k / 2 / tail;
  return -Math.log(tail);
}

/** log(erfc(x)) for any finite x. */
export function logErfc(x: number): number {
  if (x >= 2.5) return -x * x - Math.log(SQRT_PI) + logScaledErfcTail(x);
  if (x <= -2.5) return Math.log(2 - Math.exp(-x * x - Math.log(SQRT_PI) + logScaledErfcTail(-x)));
  return Math.log(1 - erfSeries(x));
}

/** A polynomial by Horner's rule, highest power first. */
function poly(coefficients: readonly number[], x: number): number {
  let y = 0;
  for (const c of coefficients) y = y * x + c;
  return y;
}

// Acklam's coefficients for the central and the tail regions
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
];
const B_FULL = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  1,
];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1];

/** The standard normal quantile (Acklam's rational approximation, refined by one Newton step). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`A probability in (0, 1) is needed, not ${p}.`);
  // the upper tail by symmetry keeps the accuracy of the lower-tail formula for tiny 1 - p
  if (p > 0.5) return -normalQuantile(1 - p);
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(C, q) / poly(D, q);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(A, r) * q) / poly(B_FULL, r);
  }
  // one Newton step on Phi(x) = p, with Phi(x) = erfc(-x / sqrt 2) / 2
  const phi = Math.exp(logErfc(-x / Math.SQRT2)) / 2;
  const density = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  return x - (phi - p) / density;
}
