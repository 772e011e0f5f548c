/**
 * ARGN's tokens under differential privacy. Without DP the discretizer reads quantile bins,
 * point masses, rare levels, missing values and the row count straight from the rows; here every
 * one of them comes from public facts or from one Gaussian measurement charged to the budget as
 * its own part: the rows counted per fine cell of each column's (public or DP) domain, the
 * cells of MST's discretisation (so no value of the data chooses a boundary), noise on every
 * cell, empty ones too. Each row adds 1 to one cell per column, so with C columns the L2
 * sensitivity is sqrt(C) and noise of deviation sqrt(C / (2 rho)) makes it rho-zCDP.
 * Everything below the measurement (bin edges at the noisy quantiles, masses, missing tokens,
 * positions per bin, the row count and the predictors' starting frequencies) is
 * post-processing of the noisy counts.
 */
import {
  cardinality,
  tokenOf,
  type BinnedTokens,
  type ColumnTokens,
  type DiscretizerState,
} from '../../data/discretizer';
import { OTHER_LEVEL, type ModelTable } from '../../data/model-table';
import type { Rng } from '../../rng';
import { discreteLevels, fineCells, numericEdges } from '../mst/discretise';
import { addNoise, counts1 } from '../mst/marginals';
import type { ColumnDomain } from '../mst/value-ranges';

/** How the tokens are cut from the noisy counts. */
export interface DpTokenSettings {
  /** Most quantile bins of a binned number. */
  maxBins: number;
  /** Whole-number columns with at most this many values get one token per value. */
  maxValues: number;
  /** Most positions within a bin (a second token column); below 2 turns it off. */
  finePositions: number;
  /** Rows a bin and a position should hold on average (as the discretizer's minCount). */
  minCount: number;
  /** Share of the rows that makes a whole number a point mass of its own. */
  massShare: number;
}

export interface DpTokens {
  discretizer: DiscretizerState;
  /** Log token frequencies `[V]` from the noisy counts: the predictors' starting biases. */
  logPrior: Float32Array;
  /** The row count, estimated from the noisy counts. */
  rows: number;
}

/** How many noise deviations a missing-value count must clear to give the column a token. */
const PRESENT_Z = 3;

interface Measured {
  domain: ColumnDomain;
  /** Noisy count per fine cell (negatives cut to 0), the missing cell last. */
  counts: Float64Array;
}

/** Integers in [a, b): the single one, or null when there is none or several. */
function singleInteger(a: number, b: number): number | null {
  const first = Math.ceil(a);
  return first < b && first + 1 >= b ? first : null;
}

/** Where the noisy cumulative count reaches `target`, linear inside a cell. */
function quantile(edges: readonly number[], mass: Float64Array, target: number): number {
  let seen = 0;
  for (let i = 0; i < mass.length; i += 1) {
    const m = mass[i] as number;
    if (m > 0 && seen + m >= target) {
      const a = edges[i] as number;
      const b = edges[i + 1] as number;
      return a + ((target - seen) / m) * (b - a);
    }
    seen += m;
  }
  return edges[edges.length - 1] as number;
}

/** A binned number's tokens from its domain and noisy cell counts. */
function binnedTokens(
  dom: Extract<ColumnDomain, { type: 'numeric' }>,
  counts: Float64Array,
  rows: number,
  sigma: number,
  s: DpTokenSettings,
): ColumnTokens[] {
  const edges = numericEdges(dom.low, dom.high, dom.integer);
  const cells = edges.length - 1;
  const missing = (counts[cells] as number) >= PRESENT_Z * sigma;
  const rest = new Float64Array(cells);
  const masses: number[] = [];
  for (let i = 0; i < cells; i += 1) {
    const n = counts[i] as number;
    const v = dom.integer ? singleInteger(edges[i] as number, edges[i + 1] as number) : null;
    // a cell holding only the lowest or highest value is the min or max token, not a bin's
    if (v !== null && (v === dom.low || v === dom.high)) continue;
    if (v !== null && n >= s.massShare * rows && n >= 3 * sigma) masses.push(v);
    else rest[i] = n;
  }
  const inBins = rest.reduce((a, b) => a + b, 0);
  const bins = Math.max(1, Math.min(s.maxBins, Math.floor(inBins / (4 * s.minCount))));
  const cuts: number[] = [dom.low];
  for (let k = 1; k < bins; k += 1) {
    let e = quantile(edges, rest, (k / bins) * inBins);
    if (dom.integer) e = Math.round(e);
    if (e > (cuts[cuts.length - 1] as number) && e < dom.high) cuts.push(e);
  }
  if (dom.high > dom.low) cuts.push(dom.high);
  const binned: BinnedTokens = {
    kind: 'binned',
    name: dom.name,
    integer: dom.integer,
    missing,
    min: dom.low,
    max: dom.high,
    masses,
    edges: cuts.length > 1 ? cuts : [],
  };
  const binCount = Math.max(0, binned.edges.length - 1);
  let positions = 0;
  if (s.finePositions >= 2 && binCount > 0) {
    positions = Math.min(s.finePositions, Math.floor(inBins / binCount / Math.max(1, s.minCount)));
    if (dom.integer) {
      const widths = binned.edges.slice(1).map((e, i) => e - (binned.edges[i] as number));
      widths.sort((a, b) => a - b);
      positions = Math.min(positions, Math.floor(widths[widths.length >> 1] as number));
    }
  }
  return positions >= 2 ? [binned, { kind: 'fine', name: dom.name, positions }] : [binned];
}

/** The token columns of one measured column. */
function columnTokens(m: Measured, rows: number, sigma: number, s: DpTokenSettings) {
  const { domain: dom, counts } = m;
  if (dom.type === 'discrete') {
    // discreteLevels puts "other" then missing after the known levels
    const hasMissing = (counts[counts.length - 1] as number) >= PRESENT_Z * sigma;
    const levels: (string | null)[] = [...dom.levels, ...(hasMissing ? [null] : [])];
    return [{ kind: 'categorical', name: dom.name, levels } as ColumnTokens];
  }
  if (dom.integer && dom.high - dom.low + 1 <= s.maxValues) {
    const cells = counts.length - 1;
    const missing = (counts[cells] as number) >= PRESENT_Z * sigma;
    const values = Array.from({ length: dom.high - dom.low + 1 }, (_, i) => dom.low + i);
    return [{ kind: 'values', name: dom.name, integer: true, missing, values } as ColumnTokens];
  }
  return binnedTokens(dom, counts, rows, sigma, s);
}

/** Noisy counts per token of a column (positions within a bin: none, so uniform). */
function tokenCounts(tokens: ColumnTokens, m: Measured): Float64Array {
  const out = new Float64Array(cardinality(tokens));
  if (tokens.kind === 'fine') return out;
  const add = (t: number, n: number) => (out[t] = (out[t] as number) + n);
  const { domain: dom, counts } = m;
  if (dom.type === 'discrete') {
    const levels = discreteLevels(dom.levels);
    levels.forEach((level, i) => {
      const n = counts[i] as number;
      if (level === OTHER_LEVEL) add(0, n);
      else if (tokens.kind === 'categorical') add(tokens.levels.indexOf(level) + 1, n);
    });
    return out;
  }
  const edges = numericEdges(dom.low, dom.high, dom.integer);
  const cells = edges.length - 1;
  if ((tokens.kind === 'binned' || tokens.kind === 'values') && tokens.missing)
    add(0, counts[cells] as number);
  for (let i = 0; i < cells; i += 1) {
    const a = edges[i] as number;
    const b = edges[i + 1] as number;
    const at = (dom.integer ? singleInteger(a, b) : null) ?? (a + b) / 2;
    add(tokenOf(tokens, at), counts[i] as number);
  }
  return out;
}

/**
 * Measures every column's fine cells once with Gaussian noise (rho-zCDP in all) and cuts ARGN's
 * tokens from the noisy counts.
 *
 * @param domains each column's domain, from public facts or the ranges part of the budget
 */
export function dpTokens(
  table: ModelTable,
  domains: readonly ColumnDomain[],
  rho: number,
  settings: DpTokenSettings,
  rng: Rng,
): DpTokens {
  const sigma = Math.sqrt(table.columns.length / (2 * rho));
  const measured: Measured[] = table.columns.map((column, j) => {
    const domain = domains[j] as ColumnDomain;
    const size =
      domain.type === 'numeric'
        ? numericEdges(domain.low, domain.high, domain.integer).length
        : discreteLevels(domain.levels).length;
    const noisy = addNoise(counts1(fineCells(column, domain), size), sigma, rng);
    return { domain, counts: noisy };
  });
  // each column's noisy total is the row count plus noise of variance cells · sigma²; the
  // inverse-variance mean of the totals is the estimate
  let num = 0;
  let den = 0;
  for (const m of measured) {
    num += m.counts.reduce((a, b) => a + b, 0) / m.counts.length;
    den += 1 / m.counts.length;
  }
  const rows = Math.max(1, num / Math.max(den, 1e-12));
  for (const m of measured) m.counts = m.counts.map((x) => Math.max(0, x));
  const columns: ColumnTokens[] = [];
  const prior: number[] = [];
  for (const m of measured) {
    for (const tokens of columnTokens(m, rows, sigma, settings)) {
      columns.push(tokens);
      const counts = tokenCounts(tokens, m);
      const total = counts.reduce((a, b) => a + b, 0) + counts.length;
      counts.forEach((n) => prior.push(Math.log((n + 1) / total)));
    }
  }
  return { discretizer: { columns }, logPrior: Float32Array.from(prior), rows };
}
