/**
 * Pearson correlation, the one implementation: the quality report's pair trends, the
 * association heatmaps and the Gaussian copula's correlation matrix all use it.
 */

/**
 * Pearson correlation of the rows where both values are present.
 * @returns NaN with fewer than two such rows or when either side does not vary.
 */
export function pearson(x: Float64Array, y: Float64Array): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i += 1) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n += 1;
    sx += a;
    sy += b;
  }
  if (n < 2) return NaN;
  const mx = sx / n;
  const my = sy / n;
  let cxy = 0;
  let cxx = 0;
  let cyy = 0;
  for (let i = 0; i < x.length; i += 1) {
    const a = x[i] as number;
    const b = y[i] as number;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    cxy += (a - mx) * (b - my);
    cxx += (a - mx) * (a - mx);
    cyy += (b - my) * (b - my);
  }
  if (cxx === 0 || cyy === 0) return NaN;
  return Math.max(-1, Math.min(1, cxy / Math.sqrt(cxx * cyy)));
}
