/**
 * The singling-out attack (Article 29 Working Party; as Anonymeter, Giomi et al. PoPETs 2023,
 * runs it): the attacker writes predicates from the synthetic rows that match exactly one
 * synthetic row, and claims each singles out one real person. An attack succeeds when its
 * predicate matches exactly one training row. The same predicates on the control rows (people
 * the generator never saw) give the success a generator that leaks nothing would also get.
 *
 * - univariate: one column each, from rare values (a level or number held by one synthetic row)
 *   and the extremes (`<= min`, `>= max`) of numeric columns;
 * - multivariate: `columns` random columns of a random synthetic row, categorical `=` its value,
 *   numeric `>=` its value when above the median and `<=` otherwise, missing `is missing`.
 *
 * The naive baseline uses random predicates (random columns, values, operators) on training rows.
 *
 * A predicate that singles out one of n rows is less likely to single out one of m < n rows, so
 * when the control has a different size from the training rows its successes are corrected:
 * a Beta prior of the predicates' weights w (the chance a person matches one) is fitted to the
 * control counts (empirical Bayes), and each predicate matching c of the m control rows counts
 * the posterior mean of its chance to single out one of n rows, n w (1 - w)^(n - 1) (Cohen and
 * Nissim 2020). Anonymeter corrects for the same thing by fitting that curve over resampled
 * control sizes.
 */
import type { Rng } from '../../rng';
import type { AttackColumn, AttackSpace } from './attack-table';
import {
  countable,
  countMatches,
  predicateKey,
  type Condition,
  type CountableRows,
  type Predicate,
} from './predicates';
import { attackResult, type AttackResult } from './risk';

export type SinglingOutMode = 'univariate' | 'multivariate';

export interface SinglingOutOptions {
  mode: SinglingOutMode;
  attacks: number;
  /** Columns per multivariate predicate. */
  columns: number;
  /** Candidate predicates tried at most, per attack asked. */
  triesPerAttack?: number;
  onProgress?: (share: number) => void;
}

export interface SinglingOutResult extends AttackResult {
  mode: SinglingOutMode;
  /** Attacks asked for; `attacks` may be fewer when the synthetic rows allow no more. */
  asked: number;
}

/** Natural log of the gamma function (Lanczos, g = 7, 9 terms; relative error under 1e-6). */
export function logGamma(x: number): number {
  const g = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531,
    -176.61503916999186, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = g[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i += 1) a += (g[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const logBeta = (a: number, b: number) => logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * Expected chance that a predicate matching `c` of `m` rows singles out exactly one of `n` rows
 * drawn from the same population, when its weight w has the prior Beta(alpha, beta):
 * E[n w (1 - w)^(n - 1)] under the posterior Beta(alpha + c, beta + m - c).
 */
export function singleOutChance(c: number, m: number, n: number, alpha = 1, beta = 1): number {
  if (n <= 0) return 0;
  const a = alpha + c;
  const b = beta + m - c;
  return n * Math.exp(logBeta(a + 1, b + n - 1) - logBeta(a, b));
}

/**
 * The Beta(alpha, beta) prior of the predicates' weights that best explains how many of `m`
 * control rows each predicate matched (maximum beta-binomial likelihood over a grid of means
 * and concentrations): empirical Bayes, so the size correction rests on these predicates and
 * this data rather than on an assumed prior.
 */
export function fitWeightPrior(
  counts: ArrayLike<number>,
  m: number,
): { alpha: number; beta: number } {
  const histogram = new Map<number, number>();
  for (let i = 0; i < counts.length; i += 1) {
    const c = counts[i] as number;
    histogram.set(c, (histogram.get(c) ?? 0) + 1);
  }
  let best = { alpha: 1, beta: 1, ll: -Infinity };
  for (let i = 0; i <= 60; i += 1) {
    const mean = Math.exp(Math.log(1e-8) + (i / 60) * (Math.log(0.5) - Math.log(1e-8)));
    for (let j = 0; j <= 40; j += 1) {
      const alpha = Math.exp(Math.log(0.01) + (j / 40) * (Math.log(100) - Math.log(0.01)));
      const beta = (alpha * (1 - mean)) / mean;
      const norm = logBeta(alpha, beta);
      let ll = 0;
      for (const [c, k] of histogram) ll += k * (logBeta(c + alpha, m - c + beta) - norm);
      if (ll > best.ll) best = { alpha, beta, ll };
    }
  }
  return { alpha: best.alpha, beta: best.beta };
}

function medians(space: AttackSpace): number[] {
  return space.columns.map((col, c) => {
    if (!col.numeric) return NaN;
    const v = Array.from(space.synth.values[c] as Float64Array).filter((x) => x === x);
    v.sort((x, y) => x - y);
    return v.length ? (v[Math.floor(v.length / 2)] as number) : NaN;
  });
}

function pickColumns(n: number, k: number, rng: Rng): number[] {
  return Array.from(rng.permutation(n).slice(0, Math.min(k, n)));
}

function recordPredicate(
  space: AttackSpace,
  row: number,
  cols: number[],
  median: number[],
): Predicate {
  return cols.map((c): Condition => {
    const x = (space.synth.values[c] as Float64Array)[row] as number;
    if (x !== x) return { column: c, op: 'missing', value: 0 };
    if (!(space.columns[c] as AttackColumn).numeric) return { column: c, op: 'eq', value: x };
    return { column: c, op: x > (median[c] as number) ? 'ge' : 'le', value: x };
  });
}

function univariateCandidates(space: AttackSpace, rng: Rng): Predicate[] {
  const out: Predicate[] = [];
  space.columns.forEach((col, c) => {
    const values = space.synth.values[c] as Float64Array;
    const counts = new Map<number, number>();
    let lo = Infinity;
    let hi = -Infinity;
    let missing = 0;
    for (const x of values) {
      if (x !== x) {
        missing += 1;
        continue;
      }
      counts.set(x, (counts.get(x) ?? 0) + 1);
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (missing === 1) out.push([{ column: c, op: 'missing', value: 0 }]);
    if (col.numeric && lo <= hi) {
      out.push([{ column: c, op: 'le', value: lo }], [{ column: c, op: 'ge', value: hi }]);
    }
    for (const [x, n] of counts) if (n === 1) out.push([{ column: c, op: 'eq', value: x }]);
  });
  const order = rng.permutation(out.length);
  return Array.from(order, (i) => out[i] as Predicate);
}

/** Predicates that single out one synthetic row, up to `options.attacks` of them. */
function attackPredicates(
  space: AttackSpace,
  synth: CountableRows,
  options: SinglingOutOptions,
  rng: Rng,
): Predicate[] {
  const found: Predicate[] = [];
  const seen = new Set<string>();
  // most candidates match several rows and are dropped after a short scan: key only the rest
  const keep = (p: Predicate) => {
    if (countMatches(synth, p, 2) !== 1) return;
    const key = predicateKey(p);
    if (seen.has(key)) return;
    seen.add(key);
    found.push(p);
  };
  if (options.mode === 'univariate') {
    for (const p of univariateCandidates(space, rng)) {
      if (found.length >= options.attacks) break;
      keep(p);
    }
    return found;
  }
  const median = medians(space);
  const tries = options.attacks * (options.triesPerAttack ?? 200);
  for (let t = 0; t < tries && found.length < options.attacks; t += 1) {
    const row = rng.int(space.synth.rows);
    keep(
      recordPredicate(space, row, pickColumns(space.columns.length, options.columns, rng), median),
    );
    if (options.onProgress && t % 2048 === 2047) {
      options.onProgress(0.8 * Math.max(found.length / options.attacks, t / tries));
    }
  }
  return found;
}

/** Control matches counted at most: a predicate matching this many rows singles out nobody. */
const CONTROL_CAP = 256;

const OPS_NUMERIC = ['eq', 'ne', 'gt', 'lt', 'ge', 'le'] as const;

function randomPredicate(space: AttackSpace, columns: number, rng: Rng): Predicate {
  return pickColumns(space.columns.length, columns, rng).map((c): Condition => {
    const x = (space.synth.values[c] as Float64Array)[rng.int(space.synth.rows)] as number;
    if (x !== x) return { column: c, op: rng.int(2) ? 'missing' : 'present', value: 0 };
    if (!(space.columns[c] as AttackColumn).numeric) {
      return { column: c, op: rng.int(2) ? 'eq' : 'ne', value: x };
    }
    return { column: c, op: OPS_NUMERIC[rng.int(OPS_NUMERIC.length)] as Condition['op'], value: x };
  });
}

/**
 * Runs the singling-out attack.
 *
 * @throws Error when the synthetic rows yield no predicate that singles out one of them.
 */
export function singlingOutAttack(
  space: AttackSpace,
  options: SinglingOutOptions,
  rng: Rng,
): SinglingOutResult {
  const numeric = space.columns.map((c) => c.numeric);
  const synth = countable(space.synth, numeric);
  const predicates = attackPredicates(space, synth, options, rng.fork());
  if (predicates.length === 0) {
    throw new Error(
      `No ${options.mode} predicate singles out one synthetic row, so there is nothing to attack with.`,
    );
  }
  const train = countable(space.train, numeric);
  const control = countable(space.control, numeric);
  const n = space.train.rows;
  const m = space.control.rows;
  let success = 0;
  const controlCounts = new Int32Array(predicates.length);
  predicates.forEach((p, i) => {
    if (countMatches(train, p, 2) === 1) success += 1;
    controlCounts[i] = countMatches(control, p, CONTROL_CAP);
    if (options.onProgress && i % 256 === 255)
      options.onProgress(0.8 + (0.15 * i) / predicates.length);
  });
  let controlSuccess = 0;
  if (m === n) for (const c of controlCounts) controlSuccess += c === 1 ? 1 : 0;
  else {
    const prior = fitWeightPrior(controlCounts, m);
    for (const c of controlCounts)
      controlSuccess += singleOutChance(c, m, n, prior.alpha, prior.beta);
  }
  const baseRng = rng.fork();
  const width = options.mode === 'univariate' ? 1 : options.columns;
  let baseline = 0;
  for (let i = 0; i < predicates.length; i += 1) {
    if (countMatches(train, randomPredicate(space, width, baseRng), 2) === 1) baseline += 1;
  }
  options.onProgress?.(1);
  return {
    ...attackResult(predicates.length, success, controlSuccess, baseline),
    mode: options.mode,
    asked: options.attacks,
  };
}
