/**
 * MST (McKenna, Miklau and Sheldon 2021, "Winning the NIST contest: a scalable and general
 * approach to differentially private synthetic data"), written from the paper in plain
 * TypeScript: every column discretised (cells from public facts or DP value ranges), all 1-way
 * marginals measured with Gaussian noise, a maximum spanning tree of column pairs chosen by the
 * exponential mechanism on how far each pair is from independence, the tree's 2-way marginals
 * measured with Gaussian noise, the noisy marginals made consistent and non-negative, and rows
 * drawn along the tree. On a tree, consistent marginals define the joint distribution exactly,
 * so the paper's general graphical-model inference reduces to fitting each edge's table to its
 * two columns' combined 1-way estimates.
 */
import type { ModelTable } from '../../data/model-table';
import {
  budgetProblem,
  composeParts,
  DpRefusal,
  type DifferentialPrivacy,
} from '../../privacy/budget';
import type { Rng } from '../../rng';
import { binSums, discreteBins, numericBins, type Binning } from './bins';
import { discreteLevels, fineCells, numericEdges } from './discretise';
import { addAt, addNoise, counts1, counts2, fitTable } from './marginals';
import { epsilonForRanges, mstBudget, RANGES_SHARE, rangesBudget } from './mst-budget';
import { selectTree } from './select-tree';
import type { MstColumn, MstState } from './state';
import {
  BudgetTooSmall,
  CELL_THRESHOLD_Z,
  columnsToMeasure,
  estimateDomains,
  type ColumnDomain,
  type PublicFacts,
} from './value-ranges';

export interface MstConfig {
  epsilon: number;
  delta: number;
  /** Ranges and levels the user states as public (not read from the data). */
  publicFacts?: PublicFacts;
  /** Most bins of a numeric column in the 2-way marginals. */
  maxBins?: number;
  /**
   * The column the synthetic table will be used to predict (a public choice): the tree joins it
   * to several of its most dependent columns first.
   */
  target?: string;
}

export interface MstFit {
  state: MstState;
  privacy: DifferentialPrivacy;
}

export { DpRefusal };

/** The domains, from public facts and the ranges part of the budget (MST and DP ARGN). */
export function domainsUnderBudget(table: ModelTable, config: MstConfig, rng: Rng) {
  const facts = config.publicFacts ?? {};
  const measured = columnsToMeasure(table, facts);
  if (measured.length === 0) {
    const domains = estimateDomains(table, facts, 1, 0, rng).domains;
    return { domains, parts: [] };
  }
  const measuresLevels = table.columns.some(
    (c) => c.type === 'discrete' && measured.includes(c.name),
  );
  const ranges = rangesBudget(config.epsilon, config.delta, measuresLevels);
  try {
    const est = estimateDomains(table, facts, ranges.rho, ranges.thresholdDelta, rng);
    return { domains: est.domains, parts: [ranges.part] };
  } catch (error) {
    if (!(error instanceof BudgetTooSmall)) throw error;
    // the noise at which a cell holding a tenth of the rows would clear the threshold
    const sigma = (0.1 * table.rows) / CELL_THRESHOLD_Z;
    const needed = epsilonForRanges(sigma, measured.length, config.delta);
    throw new DpRefusal(
      `Epsilon ${config.epsilon} is too small for this table. ${error.message} Reading the value ranges and levels would need epsilon of about ${needed.toPrecision(2)} in all (${Math.round(100 * RANGES_SHARE)}% of it goes to them): raise epsilon, or give the column's range as a public fact (--public-bounds).`,
    );
  }
}

/**
 * Fits MST under (epsilon, delta) on the training rows in model form.
 *
 * @throws DpRefusal for a bad or too small budget, before anything is measured or kept.
 */
export function fitMst(table: ModelTable, config: MstConfig, rng: Rng): MstFit {
  const problem = budgetProblem(config.epsilon, config.delta);
  if (problem) throw new DpRefusal(problem);
  if (table.columns.length === 0) throw new DpRefusal('The table has no column MST can model.');
  const { domains, parts } = domainsUnderBudget(table, config, rng);
  const spent = parts.reduce((s, p) => s + p.epsilon, 0);
  const deltaLeft = config.delta - parts.reduce((s, p) => s + p.delta, 0);
  const own = mstBudget(config.epsilon - spent, deltaLeft);
  const target = config.target ? table.columns.findIndex((c) => c.name === config.target) : -1;
  if (config.target && target < 0)
    throw new DpRefusal(`The target column "${config.target}" is not among the modelled columns.`);
  const state = measureAndFit(table, domains, own.rho, config.maxBins ?? 12, target, rng);
  return { state, privacy: composeParts([...parts, own.part]) };
}

/**
 * MST's rho split between the 1-way marginals, the tree selection and the 2-way marginals. The
 * paper gives a third to each; the selection's scores are counts in the thousands, so a tenth
 * picks the same tree, and the rest buys less noise in the 2-way marginals that carry the pairs.
 */
export const SPLIT: [number, number, number] = [0.25, 0.1, 0.65];

/** MST's three measurements under `rho`, and the consistent tree model they give. */
function measureAndFit(
  table: ModelTable,
  domains: ColumnDomain[],
  rho: number,
  maxBins: number,
  target: number,
  rng: Rng,
): MstState {
  const d = table.columns.length;
  const [oneWayShare, selectShare, twoWayShare] = d > 1 ? SPLIT : [1, 0, 0];
  const sigma1 = Math.sqrt(d / (2 * rho * oneWayShare));
  const fine = table.columns.map((c, j) => fineCells(c, domains[j] as ColumnDomain));
  const sizes = domains.map((dom) =>
    dom.type === 'numeric'
      ? numericEdges(dom.low, dom.high, dom.integer).length
      : discreteLevels(dom.levels).length,
  );
  const noisy1 = fine.map((f, j) => addNoise(counts1(f, sizes[j] as number), sigma1, rng));
  const binnings: Binning[] = domains.map((dom, j) =>
    dom.type === 'numeric'
      ? numericBins(noisy1[j] as Float64Array, sigma1, maxBins)
      : discreteBins(noisy1[j] as Float64Array, sigma1),
  );
  const bins = fine.map((f, j) => Int32Array.from(f, (c) => (binnings[j] as Binning).bin[c] ?? 0));
  const binSizes = binnings.map((b) => b.bins);
  const total = estimateTotal(noisy1);
  const oneWay = noisy1.map((y, j) => binSums(y, binnings[j] as Binning));
  const start = oneWay.map((y) =>
    scaleTo(
      y.map((x) => Math.max(x, 0)),
      total,
    ),
  );
  const edges = selectTree(
    bins,
    binSizes,
    start,
    total,
    rho * selectShare,
    rng,
    target >= 0 ? target : null,
  );
  const sigma2 = Math.sqrt(Math.max(1, edges.length) / (2 * rho * twoWayShare));
  const noisy2 = edges.map(([a, b]) =>
    addNoise(
      counts2(
        bins[a] as Int32Array,
        bins[b] as Int32Array,
        binSizes[a] as number,
        binSizes[b] as number,
      ),
      sigma2,
      rng,
    ),
  );
  const variances1 = binnings.map((b) => {
    const v = new Float64Array(b.bins);
    for (const x of b.bin) addAt(v, x, sigma1 * sigma1);
    return v;
  });
  const noiseBins = binnings.map((b) => b.noiseBin ?? null);
  const margins = consistentMargins(
    oneWay,
    variances1,
    edges,
    noisy2,
    binSizes,
    sigma2,
    total,
    noiseBins,
  );
  const tables2 = edges.map(([a, b], e) =>
    fitTable(noisy2[e] as Float64Array, margins[a] as Float64Array, margins[b] as Float64Array),
  );
  const columns = domains.map((dom, j) =>
    columnState(dom, noisy1[j] as Float64Array, binnings[j] as Binning),
  );
  return { version: 1, columns, rows: total, ...treeTables(d, edges, tables2, margins, binSizes) };
}

/** The row count, from every column's noisy 1-way total, weighted by their variance. */
function estimateTotal(noisy: Float64Array[]): number {
  let num = 0;
  let den = 0;
  for (const y of noisy) {
    const s = y.reduce((acc, x) => acc + x, 0);
    num += s / y.length;
    den += 1 / y.length;
  }
  return Math.max(1, num / den);
}

function scaleTo(v: Float64Array, total: number): Float64Array {
  const s = v.reduce((acc, x) => acc + x, 0);
  return s > 0 ? v.map((x) => (x * total) / s) : v.map(() => total / v.length);
}

/**
 * Each column's bin counts combined from its own 1-way measurement and from every measured
 * 2-way marginal it is in (summed over the other column), by inverse variance; then made
 * non-negative (a bin of levels under the noise gets none) and scaled to the common row count.
 */
function consistentMargins(
  oneWay: Float64Array[],
  variances1: Float64Array[],
  edges: [number, number][],
  noisy2: Float64Array[],
  sizes: number[],
  sigma2: number,
  total: number,
  noiseBins: (number | null)[],
): Float64Array[] {
  const num = oneWay.map((y, j) =>
    y.map((x, b) => x / ((variances1[j] as Float64Array)[b] as number)),
  );
  const den = variances1.map((v) => v.map((x) => 1 / x));
  edges.forEach(([a, b], e) => {
    const y = noisy2[e] as Float64Array;
    const sa = sizes[a] as number;
    const sb = sizes[b] as number;
    const va = sb * sigma2 * sigma2;
    const vb = sa * sigma2 * sigma2;
    for (let i = 0; i < sa; i += 1)
      for (let k = 0; k < sb; k += 1) {
        const x = y[i * sb + k] as number;
        addAt(num[a] as Float64Array, i, x / va);
        addAt(num[b] as Float64Array, k, x / vb);
      }
    for (let i = 0; i < sa; i += 1) addAt(den[a] as Float64Array, i, 1 / va);
    for (let k = 0; k < sb; k += 1) addAt(den[b] as Float64Array, k, 1 / vb);
  });
  return num.map((n, j) => {
    const estimate = n.map((x, b) => Math.max(0, x / ((den[j] as Float64Array)[b] as number)));
    const noise = noiseBins[j];
    if (noise !== null && noise !== undefined) estimate[noise] = 0;
    return scaleTo(estimate, total);
  });
}

/** The saved form of a column: its cells, noisy counts (clipped) and bins. */
function columnState(dom: ColumnDomain, noisy: Float64Array, binning: Binning): MstColumn {
  // negative noisy counts cut to zero; a cell with only noise keeps its small weight, as MST's
  // compressed cells share their bin's count
  const fine = Array.from(noisy, (x) => Math.max(0, x));
  if (dom.type === 'discrete')
    return {
      type: 'discrete',
      name: dom.name,
      levels: discreteLevels(dom.levels),
      fine,
      ...binning,
    };
  const edges = numericEdges(dom.low, dom.high, dom.integer);
  return {
    type: 'numeric',
    name: dom.name,
    integer: dom.integer,
    low: dom.low,
    high: dom.high,
    edges,
    fine,
    ...binning,
  };
}

/** Orients the tree from column 0 and turns the fitted tables into sampling tables. */
function treeTables(
  d: number,
  edges: [number, number][],
  tables2: Float64Array[],
  margins: Float64Array[],
  sizes: number[],
): Pick<MstState, 'order' | 'parent' | 'tables' | 'edges'> {
  const parent = new Array<number>(d).fill(-1);
  const tables = new Array<number[]>(d);
  const order: number[] = [];
  const seen = new Array<boolean>(d).fill(false);
  for (let root = 0; root < d; root += 1) {
    if (seen[root]) continue;
    seen[root] = true;
    const m = margins[root] as Float64Array;
    const s = m.reduce((acc, x) => acc + x, 0);
    tables[root] = Array.from(m, (x) => x / s);
    const queue = [root];
    while (queue.length > 0) {
      const p = queue.shift() as number;
      order.push(p);
      edges.forEach(([a, b], e) => {
        const c = a === p ? b : b === p ? a : -1;
        if (c < 0 || seen[c]) return;
        seen[c] = true;
        parent[c] = p;
        tables[c] = conditional(
          tables2[e] as Float64Array,
          a === p,
          sizes[a] as number,
          sizes[b] as number,
        );
        queue.push(c);
      });
    }
  }
  return { order, parent, tables, edges };
}

/** P(child bin | parent bin) as a flat `[parentBins, childBins]` table, rows summing to 1. */
function conditional(t: Float64Array, parentIsA: boolean, sa: number, sb: number): number[] {
  const [rows, cols] = parentIsA ? [sa, sb] : [sb, sa];
  const out = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i += 1) {
    let s = 0;
    for (let j = 0; j < cols; j += 1) s += t[parentIsA ? i * sb + j : j * sb + i] as number;
    for (let j = 0; j < cols; j += 1) {
      const x = t[parentIsA ? i * sb + j : j * sb + i] as number;
      out[i * cols + j] = s > 0 ? x / s : 1 / cols;
    }
  }
  return out;
}
