/**
 * Ridge regression (scikit-learn's Ridge(alpha=1) with an unpenalised intercept): the linear
 * model for a numeric target. Solves (Xc^T Xc + alpha I) w = Xc^T yc on centred data by
 * Cholesky; X^T X is built from each row's few non-zero entries of the compact design.
 */
import type { Design } from './features';

export interface RidgeModel {
  intercept: number;
  /** Weights: dense features, then one-hot slots. */
  weights: Float64Array;
  slotOffsets: number[];
}

function slotOffsetsOf(design: Design): { width: number; slotOffsets: number[] } {
  let width = design.numeric.length;
  const slotOffsets = design.slots.map((s) => {
    const at = width;
    width += s;
    return at;
  });
  return { width, slotOffsets };
}

/** Solves A x = b for a symmetric positive definite A (row-major, overwritten). */
function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  for (let j = 0; j < p; j += 1) {
    let d = a[j * p + j] as number;
    for (let k = 0; k < j; k += 1) d -= (a[j * p + k] as number) ** 2;
    if (!(d > 0)) throw new Error('Ridge regression: the system is not positive definite.');
    const l = Math.sqrt(d);
    a[j * p + j] = l;
    for (let i = j + 1; i < p; i += 1) {
      let s = a[i * p + j] as number;
      for (let k = 0; k < j; k += 1) s -= (a[i * p + k] as number) * (a[j * p + k] as number);
      a[i * p + j] = s / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i += 1) {
    let s = x[i] as number;
    for (let k = 0; k < i; k += 1) s -= (a[i * p + k] as number) * (x[k] as number);
    x[i] = s / (a[i * p + i] as number);
  }
  for (let i = p - 1; i >= 0; i -= 1) {
    let s = x[i] as number;
    for (let k = i + 1; k < p; k += 1) s -= (a[k * p + i] as number) * (x[k] as number);
    x[i] = s / (a[i * p + i] as number);
  }
  return x;
}

/** Fits w and the intercept; `alpha` > 0 is the penalty on the weights. */
export function fitRidge(design: Design, y: Float64Array, alpha = 1): RidgeModel {
  const n = design.rows;
  if (n === 0) throw new Error('Ridge regression needs at least one training row.');
  if (!(alpha > 0)) throw new Error('Ridge regression needs a positive penalty.');
  const { width: p, slotOffsets } = slotOffsetsOf(design);
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const sums = new Float64Array(p);
  let ySum = 0;
  const idx = new Int32Array(p);
  const val = new Float64Array(p);
  for (let i = 0; i < n; i += 1) {
    let m = 0;
    design.numeric.forEach((col, j) => {
      idx[m] = j;
      val[m++] = col[i] as number;
    });
    design.discrete.forEach((slot, c) => {
      const s = slot[i] as number;
      if (s < (design.slots[c] as number)) {
        idx[m] = (slotOffsets[c] as number) + s;
        val[m++] = 1;
      }
    });
    const t = y[i] as number;
    ySum += t;
    for (let a = 0; a < m; a += 1) {
      const ia = idx[a] as number;
      const va = val[a] as number;
      sums[ia] = (sums[ia] as number) + va;
      xty[ia] = (xty[ia] as number) + va * t;
      for (let b = 0; b < m; b += 1) {
        const k = ia * p + (idx[b] as number);
        xtx[k] = (xtx[k] as number) + va * (val[b] as number);
      }
    }
  }
  const yMean = ySum / n;
  for (let a = 0; a < p; a += 1) {
    const ma = (sums[a] as number) / n;
    xty[a] = (xty[a] as number) - n * ma * yMean;
    for (let b = 0; b < p; b += 1) {
      const k = a * p + b;
      xtx[k] = (xtx[k] as number) - n * ma * ((sums[b] as number) / n);
    }
    xtx[a * p + a] = (xtx[a * p + a] as number) + alpha;
  }
  const weights = choleskySolve(xtx, xty, p);
  let intercept = yMean;
  for (let a = 0; a < p; a += 1) intercept -= ((sums[a] as number) / n) * (weights[a] as number);
  return { intercept, weights, slotOffsets };
}

/** Predicted values for new rows. */
export function predictRidge(model: RidgeModel, design: Design): Float64Array {
  const out = new Float64Array(design.rows).fill(model.intercept);
  design.numeric.forEach((col, j) => {
    const w = model.weights[j] as number;
    for (let i = 0; i < design.rows; i += 1) out[i] = (out[i] as number) + w * (col[i] as number);
  });
  design.discrete.forEach((slot, c) => {
    const off = model.slotOffsets[c] as number;
    const slots = design.slots[c] as number;
    for (let i = 0; i < design.rows; i += 1) {
      const s = slot[i] as number;
      if (s < slots) out[i] = (out[i] as number) + (model.weights[off + s] as number);
    }
  });
  return out;
}
