/**
 * Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", algorithm 7.4 with the two-loop
 * recursion 7.5) with a backtracking Armijo line search: enough for smooth convex objectives such
 * as the penalised logistic loss.
 */

export interface LbfgsOptions {
  /** Most iterations. */
  maxIter: number;
  /** Stop when the largest absolute gradient entry falls below this. */
  gradTol: number;
  /** Stop when an iteration lowers the objective by less than this share of it. */
  relTol: number;
  /** Number of correction pairs kept. */
  memory: number;
}

export const LBFGS_DEFAULTS: LbfgsOptions = {
  maxIter: 1000,
  gradTol: 1e-7,
  relTol: 1e-12,
  memory: 10,
};

/** Objective value at x; writes the gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i += 1) s += (a[i] as number) * (b[i] as number);
  return s;
};

const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Search direction -H g from the stored pairs (two-loop recursion). */
function direction(g: Float64Array, ss: Float64Array[], ys: Float64Array[]): Float64Array {
  const q = Float64Array.from(g);
  const alpha: number[] = [];
  for (let i = ss.length - 1; i >= 0; i -= 1) {
    const s = ss[i] as Float64Array;
    const y = ys[i] as Float64Array;
    const a = dot(s, q) / dot(y, s);
    alpha[i] = a;
    for (let j = 0; j < q.length; j += 1) q[j] = (q[j] as number) - a * (y[j] as number);
  }
  const last = ss.length - 1;
  const gamma =
    last >= 0
      ? dot(ss[last] as Float64Array, ys[last] as Float64Array) /
        dot(ys[last] as Float64Array, ys[last] as Float64Array)
      : 1 / Math.max(Math.sqrt(dot(g, g)), 1e-12);
  for (let j = 0; j < q.length; j += 1) q[j] = (q[j] as number) * gamma;
  for (let i = 0; i < ss.length; i += 1) {
    const s = ss[i] as Float64Array;
    const y = ys[i] as Float64Array;
    const b = dot(y, q) / dot(y, s);
    const a = alpha[i] as number;
    for (let j = 0; j < q.length; j += 1) q[j] = (q[j] as number) + (a - b) * (s[j] as number);
  }
  for (let j = 0; j < q.length; j += 1) q[j] = -(q[j] as number);
  return q;
}

/**
 * Minimises `objective` from `start`.
 *
 * @returns the minimiser and the number of iterations taken
 */
export function minimizeLbfgs(
  objective: Objective,
  start: Float64Array,
  options: Partial<LbfgsOptions> = {},
): { x: Float64Array; iterations: number } {
  const { maxIter, gradTol, relTol, memory } = { ...LBFGS_DEFAULTS, ...options };
  let x = Float64Array.from(start);
  let g = new Float64Array(x.length);
  let f = objective(x, g);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  let iter = 0;
  for (; iter < maxIter && maxAbs(g) > gradTol; iter += 1) {
    let d = direction(g, ss, ys);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      ss.length = 0;
      ys.length = 0;
      d = direction(g, ss, ys);
      slope = dot(g, d);
    }
    let step = 1;
    const xNew = new Float64Array(x.length);
    const gNew = new Float64Array(x.length);
    let fNew = Infinity;
    for (let tries = 0; tries < 60; tries += 1) {
      for (let j = 0; j < x.length; j += 1) xNew[j] = (x[j] as number) + step * (d[j] as number);
      fNew = objective(xNew, gNew);
      if (fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= f)) break; // no progress possible along this direction
    const s = Float64Array.from(xNew, (v, j) => v - (x[j] as number));
    const y = Float64Array.from(gNew, (v, j) => v - (g[j] as number));
    if (dot(s, y) > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s))) {
      ss.push(s);
      ys.push(y);
      if (ss.length > memory) {
        ss.shift();
        ys.shift();
      }
    }
    const decrease = f - fNew;
    x = xNew;
    g = gNew;
    f = fNew;
    if (decrease <= relTol * Math.max(Math.abs(f), 1e-300)) {
      iter += 1;
      break;
    }
  }
  return { x, iterations: iter };
}
