/**
 * L2-penalised logistic regression, as scikit-learn's LogisticRegression(C=1) defines it: the
 * intercept is not penalised; two classes use one sigmoid score, more classes a softmax
 * (multinomial) over one score per class. Minimised with L-BFGS on
 *   (1/n) sum_i loss_i + 1 / (2 C n) * sum of squared weights,
 * which has the same minimiser as scikit-learn's summed form.
 *
 * Works on the compact design of features.ts: a one-hot block adds one weight per row (its
 * slot's), so an evaluation costs rows x columns, not rows x one-hot width.
 */
import type { Design } from './features';
import { minimizeLbfgs } from './lbfgs';

export interface LogisticOptions {
  /** Inverse penalty strength (scikit-learn's C). */
  c: number;
  maxIter: number;
  /** Stop when no entry of the (preconditioned) mean-loss gradient exceeds this. */
  gradTol: number;
  /**
   * Stop when an iteration lowers the objective by less than this share of it: scipy's L-BFGS-B
   * default (`ftol`), which is where scikit-learn stops too. Directions that only the tiny
   * penalty pins down (an intercept traded against a one-hot block) are left loose, and they
   * barely move a prediction.
   */
  relTol: number;
}

export const LOGISTIC_DEFAULTS: LogisticOptions = {
  c: 1,
  maxIter: 1000,
  gradTol: 1e-6,
  relTol: 2.220446049250313e-9,
};

export interface LogisticModel {
  classes: number;
  /** L-BFGS iterations taken. */
  iterations: number;
  /** Weights per score: [intercept, dense features..., one-hot slots...]. */
  weights: Float64Array[];
  /** Offset of each one-hot block's first weight. */
  slotOffsets: number[];
}

function layout(design: Design): { width: number; slotOffsets: number[] } {
  let width = 1 + design.numeric.length;
  const slotOffsets = design.slots.map((s) => {
    const at = width;
    width += s;
    return at;
  });
  return { width, slotOffsets };
}

/** Scores z[k][row] = w_k . x_row. */
function scoresOf(design: Design, weights: Float64Array[], slotOffsets: number[]): Float64Array[] {
  if (layout(design).width !== weights[0]?.length)
    throw new Error('These rows have other features than the rows the model learned from.');
  return weights.map((w) => {
    const z = new Float64Array(design.rows).fill(w[0] as number);
    design.numeric.forEach((col, j) => {
      const wj = w[1 + j] as number;
      if (wj === 0) return;
      for (let i = 0; i < design.rows; i += 1) z[i] = (z[i] as number) + wj * (col[i] as number);
    });
    design.discrete.forEach((slot, c) => {
      const off = slotOffsets[c] as number;
      const slots = design.slots[c] as number;
      for (let i = 0; i < design.rows; i += 1) {
        const s = slot[i] as number;
        if (s < slots) z[i] = (z[i] as number) + (w[off + s] as number);
      }
    });
    return z;
  });
}

/**
 * Summed log loss of all rows and its gradient, row by row. Parameters are interleaved by score:
 * `x[j * outputs + k]` is weight j (0 = intercept) of score k, so one row touches a few short runs.
 */
function logLoss(
  design: Design,
  y: Int32Array,
  outputs: number,
  slotOffsets: number[],
  x: Float64Array,
  grad: Float64Array,
): number {
  const z = new Float64Array(outputs);
  const { numeric, discrete, slots } = design;
  const at = new Int32Array(discrete.length);
  let loss = 0;
  grad.fill(0);
  for (let i = 0; i < design.rows; i += 1) {
    for (let k = 0; k < outputs; k += 1) z[k] = x[k] as number;
    for (let j = 0; j < numeric.length; j += 1) {
      const v = (numeric[j] as Float64Array)[i] as number;
      const base = (1 + j) * outputs;
      for (let k = 0; k < outputs; k += 1) z[k] = (z[k] as number) + v * (x[base + k] as number);
    }
    for (let c = 0; c < discrete.length; c += 1) {
      const s = (discrete[c] as Int32Array)[i] as number;
      const base = s < (slots[c] as number) ? ((slotOffsets[c] as number) + s) * outputs : -1;
      at[c] = base;
      if (base >= 0)
        for (let k = 0; k < outputs; k += 1) z[k] = (z[k] as number) + (x[base + k] as number);
    }
    const t = y[i] as number;
    if (outputs === 1) {
      const v = z[0] as number;
      const e = Math.exp(-Math.abs(v));
      loss += Math.max(v, 0) + Math.log1p(e) - t * v;
      z[0] = (v >= 0 ? 1 / (1 + e) : e / (1 + e)) - t;
    } else {
      let max = -Infinity;
      for (let k = 0; k < outputs; k += 1) max = Math.max(max, z[k] as number);
      const zt = z[t] as number;
      let sum = 0;
      for (let k = 0; k < outputs; k += 1) {
        const e = Math.exp((z[k] as number) - max);
        z[k] = e;
        sum += e;
      }
      loss += max + Math.log(sum) - zt;
      for (let k = 0; k < outputs; k += 1) z[k] = (z[k] as number) / sum - (k === t ? 1 : 0);
    }
    // z now holds the residuals p - y
    for (let k = 0; k < outputs; k += 1) grad[k] = (grad[k] as number) + (z[k] as number);
    for (let j = 0; j < numeric.length; j += 1) {
      const v = (numeric[j] as Float64Array)[i] as number;
      const base = (1 + j) * outputs;
      for (let k = 0; k < outputs; k += 1)
        grad[base + k] = (grad[base + k] as number) + v * (z[k] as number);
    }
    for (let c = 0; c < discrete.length; c += 1) {
      const base = at[c] as number;
      if (base >= 0)
        for (let k = 0; k < outputs; k += 1)
          grad[base + k] = (grad[base + k] as number) + (z[k] as number);
    }
  }
  return loss;
}

/**
 * Removes from a gradient (in the scaled coordinates u, weights = scale * u) the directions along
 * which the data loss does not change, so that L-BFGS, started at 0, stays in the subspace that
 * holds the optimum instead of crawling along directions only the tiny penalty curves:
 * - a one-hot block that covers every row can trade a constant with the intercept, so at the
 *   optimum its weights sum to 0 (per score);
 * - softmax scores can all shift by one constant, so at the optimum each feature's weights sum
 *   to 0 over the scores.
 * The two projections commute, so applying one after the other projects onto both.
 */
function projectOntoOptimumSubspace(
  g: Float64Array,
  design: Design,
  outputs: number,
  slotOffsets: number[],
  scale: Float64Array,
  covers: boolean[],
): void {
  const params = g.length / outputs;
  if (outputs > 1) {
    for (let j = 0; j < params; j += 1) {
      let mean = 0;
      for (let k = 0; k < outputs; k += 1) mean += g[j * outputs + k] as number;
      mean /= outputs;
      for (let k = 0; k < outputs; k += 1)
        g[j * outputs + k] = (g[j * outputs + k] as number) - mean;
    }
  }
  design.slots.forEach((slots, c) => {
    if (!covers[c] || slots === 0) return;
    const first = slotOffsets[c] as number;
    let norm = 0;
    for (let s = 0; s < slots; s += 1) norm += (scale[first + s] as number) ** 2;
    for (let k = 0; k < outputs; k += 1) {
      // constraint sum_s scale_s u_s = 0: remove the component along the scale vector
      let along = 0;
      for (let s = 0; s < slots; s += 1)
        along += (scale[first + s] as number) * (g[(first + s) * outputs + k] as number);
      along /= norm;
      for (let s = 0; s < slots; s += 1) {
        const at = (first + s) * outputs + k;
        g[at] = (g[at] as number) - along * (scale[first + s] as number);
      }
    }
  });
}

/**
 * Diagonal preconditioner: 1 / sqrt of each weight's curvature at the start (a quarter of the
 * mean squared feature, plus the penalty). A rare level's weight is barely curved by the data, so
 * without it L-BFGS would need hundreds of steps on adult.
 */
function curvatureScale(design: Design, width: number, penalty: number): Float64Array {
  const squares = new Float64Array(width);
  squares[0] = design.rows;
  design.numeric.forEach((col, j) => {
    let s = 0;
    for (let i = 0; i < design.rows; i += 1) s += (col[i] as number) ** 2;
    squares[1 + j] = s;
  });
  const { slotOffsets } = layout(design);
  design.discrete.forEach((slot, c) => {
    const first = slotOffsets[c] as number;
    const slots = design.slots[c] as number;
    for (let i = 0; i < design.rows; i += 1) {
      const s = slot[i] as number;
      if (s < slots) squares[first + s] = (squares[first + s] as number) + 1;
    }
  });
  return Float64Array.from(squares, (sq, j) =>
    Math.min(1e3, 1 / Math.sqrt((0.25 * sq) / design.rows + (j === 0 ? 0 : penalty) + 1e-12)),
  );
}

/** Whether every row has a slot set in each one-hot block. */
function coveringBlocks(design: Design): boolean[] {
  return design.discrete.map((slot, c) => {
    const slots = design.slots[c] as number;
    for (let i = 0; i < design.rows; i += 1) if ((slot[i] as number) >= slots) return false;
    return true;
  });
}

/**
 * Fits the model.
 *
 * @param y class index per row in `[0, classes)`; `classes` >= 2
 */
export function fitLogistic(
  design: Design,
  y: Int32Array,
  classes: number,
  options: Partial<LogisticOptions> = {},
): LogisticModel {
  const { c, maxIter, gradTol, relTol } = { ...LOGISTIC_DEFAULTS, ...options };
  if (classes < 2) throw new Error('A classifier needs at least two classes to tell apart.');
  if (design.rows === 0) throw new Error('Logistic regression needs at least one training row.');
  const { width, slotOffsets } = layout(design);
  const outputs = classes === 2 ? 1 : classes;
  const n = design.rows;
  const penalty = 1 / (c * n);
  const covers = coveringBlocks(design);
  const scale = curvatureScale(design, width, penalty);
  const x = new Float64Array(outputs * width);
  const objective = (u: Float64Array, grad: Float64Array) => {
    for (let j = 0; j < x.length; j += 1)
      x[j] = (u[j] as number) * (scale[Math.floor(j / outputs)] as number);
    let value = logLoss(design, y, outputs, slotOffsets, x, grad) / n;
    for (let j = 0; j < grad.length; j += 1) {
      let g = (grad[j] as number) / n;
      if (j >= outputs) {
        // every weight but the intercepts (the first `outputs` entries) is penalised
        const w = x[j] as number;
        g += penalty * w;
        value += 0.5 * penalty * w * w;
      }
      grad[j] = g * (scale[Math.floor(j / outputs)] as number);
    }
    projectOntoOptimumSubspace(grad, design, outputs, slotOffsets, scale, covers);
    return value;
  };
  const fitted = minimizeLbfgs(objective, new Float64Array(outputs * width), {
    maxIter,
    gradTol,
    relTol,
  });
  const iterations = fitted.iterations;
  for (let j = 0; j < x.length; j += 1)
    x[j] = (fitted.x[j] as number) * (scale[Math.floor(j / outputs)] as number);
  const weights = Array.from({ length: outputs }, (_, k) =>
    Float64Array.from({ length: width }, (_, j) => x[j * outputs + k] as number),
  );
  return { iterations, classes, weights, slotOffsets };
}

/** Class probabilities `[classes][rows]`. */
export function predictLogisticProbabilities(model: LogisticModel, design: Design): Float64Array[] {
  const z = scoresOf(design, model.weights, model.slotOffsets);
  if (model.classes === 2) {
    const p1 = Float64Array.from(z[0] as Float64Array, (v) =>
      v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)),
    );
    return [Float64Array.from(p1, (p) => 1 - p), p1];
  }
  const out = z.map(() => new Float64Array(design.rows));
  for (let i = 0; i < design.rows; i += 1) {
    let max = -Infinity;
    for (const s of z) max = Math.max(max, s[i] as number);
    let sum = 0;
    for (const s of z) sum += Math.exp((s[i] as number) - max);
    z.forEach((s, k) => ((out[k] as Float64Array)[i] = Math.exp((s[i] as number) - max) / sum));
  }
  return out;
}

/** Most likely class per row. */
export function predictLogistic(model: LogisticModel, design: Design): Int32Array {
  const z = scoresOf(design, model.weights, model.slotOffsets);
  const out = new Int32Array(design.rows);
  for (let i = 0; i < design.rows; i += 1) {
    if (z.length === 1) out[i] = ((z[0] as Float64Array)[i] as number) > 0 ? 1 : 0;
    else {
      let best = 0;
      z.forEach((s, k) => {
        if ((s[i] as number) > ((z[best] as Float64Array)[i] as number)) best = k;
      });
      out[i] = best;
    }
  }
  return out;
}
