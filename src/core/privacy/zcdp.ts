/**
 * Zero-concentrated differential privacy (zCDP, Bun and Steinke 2016) for Gaussian measurements
 * of counts: a measurement with L2 sensitivity 1 and noise of standard deviation sigma is
 * 1/(2 sigma^2)-zCDP, and zCDP adds up over measurements. The conversion to (epsilon, delta) is
 * that of Canonne, Kamath and Steinke 2020 (Proposition 12, the `cdp2adp` of AIM's code):
 * delta(eps) = min over alpha > 1 of exp((alpha - 1)(alpha rho - eps) + alpha log(1 - 1/alpha))
 * / (alpha - 1). Any alpha gives a valid delta, so the minimum is taken over a fine grid of
 * orders (the same grid as ../shared/judge/dp_accountant.py), and epsilon is found by bisection.
 */

/** The simple bound rho + 2 sqrt(rho log(1/delta)), always at least the exact conversion. */
export function zcdpSimpleEpsilon(rho: number, delta: number): number {
  return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
}

const GRID = 4000;

/** The smallest delta the grid of orders gives for (rho, eps). */
function deltaFor(rho: number, eps: number): number {
  const low = 1.01;
  const high = (eps + 1) / (2 * rho) + 2;
  let best = 1;
  for (let k = 0; k < GRID; k += 1) {
    const a = low + ((high - low) * k) / (GRID - 1);
    const d = Math.exp((a - 1) * (a * rho - eps) + a * Math.log1p(-1 / a)) / (a - 1);
    if (d < best) best = d;
  }
  return best;
}

/** epsilon of a rho-zCDP mechanism at `delta` (Canonne, Kamath, Steinke 2020). */
export function zcdpEpsilon(rho: number, delta: number): number {
  if (rho <= 0) return 0;
  let low = 0;
  let high = zcdpSimpleEpsilon(rho, delta);
  for (let i = 0; i < 100; i += 1) {
    const mid = (low + high) / 2;
    if (deltaFor(rho, mid) <= delta) high = mid;
    else low = mid;
  }
  return high;
}

/** The largest rho (to 1e-4 relative) whose conversion stays within `epsilon` at `delta`. */
export function rhoForEpsilon(epsilon: number, delta: number): number {
  if (!(epsilon > 0)) throw new RangeError('The target epsilon must be above 0.');
  // the simple bound is above the exact conversion, so its rho is a lower end
  const s = Math.sqrt(Math.log(1 / delta));
  let low = (Math.sqrt(s * s + epsilon) - s) ** 2;
  let high = Math.max(epsilon, 4 * low);
  while (zcdpEpsilon(high, delta) <= epsilon) high *= 2;
  while ((high - low) / high > 1e-4) {
    const mid = (low + high) / 2;
    if (zcdpEpsilon(mid, delta) <= epsilon) low = mid;
    else high = mid;
  }
  return low;
}
