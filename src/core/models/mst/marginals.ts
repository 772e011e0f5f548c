/**
 * Noisy marginals and their clean-up: contingency counts, Gaussian noise, and a 2-way table
 * made non-negative and consistent with given 1-way marginals by iterative proportional
 * fitting (IPF).
 */
import type { Rng } from '../../rng';

/** `a[i] += x` for a typed array. */
export function addAt(a: Float64Array, i: number, x: number): void {
  a[i] = (a[i] as number) + x;
}

/** Row counts per bin of one column. */
export function counts1(bins: Int32Array, size: number): Float64Array {
  const out = new Float64Array(size);
  for (const b of bins) addAt(out, b, 1);
  return out;
}

/** Row counts per (a, b) bin pair, row-major `[sizeA, sizeB]`. */
export function counts2(a: Int32Array, b: Int32Array, sizeA: number, sizeB: number): Float64Array {
  const out = new Float64Array(sizeA * sizeB);
  for (let r = 0; r < a.length; r += 1) addAt(out, (a[r] as number) * sizeB + (b[r] as number), 1);
  return out;
}

/** The counts plus independent Gaussian noise of standard deviation `sigma` in every cell. */
export function addNoise(counts: Float64Array, sigma: number, rng: Rng): Float64Array {
  return counts.map((c) => c + sigma * rng.normal());
}

/**
 * A non-negative `[rows, cols]` table close to the noisy one whose row sums are `r` and column
 * sums are `c` (both summing to the same total): negatives cut to zero, then IPF.
 */
export function fitTable(
  noisy: Float64Array,
  r: Float64Array,
  c: Float64Array,
  iterations = 100,
): Float64Array {
  const rows = r.length;
  const cols = c.length;
  // a small floor keeps every cell reachable, so IPF can meet any margins
  const total = r.reduce((s, x) => s + x, 0);
  const floor = (1e-3 * total) / (rows * cols) + 1e-12;
  const m = noisy.map((x) => Math.max(x, 0) + floor);
  for (let it = 0; it < iterations; it += 1) {
    for (let i = 0; i < rows; i += 1) {
      let s = 0;
      for (let j = 0; j < cols; j += 1) s += m[i * cols + j] as number;
      const f = s > 0 ? (r[i] as number) / s : 0;
      for (let j = 0; j < cols; j += 1) m[i * cols + j] = (m[i * cols + j] as number) * f;
    }
    let worst = 0;
    for (let j = 0; j < cols; j += 1) {
      let s = 0;
      for (let i = 0; i < rows; i += 1) s += m[i * cols + j] as number;
      const f = s > 0 ? (c[j] as number) / s : 0;
      worst = Math.max(worst, Math.abs(s - (c[j] as number)));
      for (let i = 0; i < rows; i += 1) m[i * cols + j] = (m[i * cols + j] as number) * f;
    }
    if (worst < 1e-6 * total) break;
  }
  return m;
}
