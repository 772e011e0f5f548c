/**
 * The sequential-tree synthesizer, after the CART procedure synthpop documents (Nowok, Raab and
 * Dibben 2016; `syn.cart`): the columns are visited in table order; the first is drawn from its
 * marginal, every later one from a CART tree fitted on the columns before it: a synthetic row
 * drops down the tree on the values it already has, and takes the value of a random training
 * row ("donor") of the leaf it reaches. Plain TypeScript, no tfjs.
 *
 * Copying real neighbourhoods is what makes it faithful and also what makes it leak, so the
 * protections are on by default: leaves of at least 20 rows; no split without evidence (its
 * impurity decrease at least 8 times what a split on noise gives on average: an unpruned tree
 * carves leaves around a few training rows, and rows drawn from them lean towards the
 * training rows: adult's closer-to-train share 0.539 without it, 0.512 with it); numeric donors moved by a Gaussian
 * kernel whose bandwidth comes from the leaf's spread (Silverman's rule), kept in the column's
 * range and precision; and no synthetic row equal to a training row (each is redrawn). Only
 * rare values are smoothed (held by fewer than `exactRows` training rows, in a column of many
 * distinct values): a value many rows share, like a zero capital gain, 40 hours or a top code,
 * points at no one, and moving it would show (a detector spots values moved off the common
 * ones: smoothing all but the values of 5 % of the rows put adult's detection AUC at 0.68,
 * rare values only at 0.53).
 *
 * The model keeps the training rows as donors, so it must never be saved to a model file.
 */
import type { ModelColumn, ModelTable } from '../../data/model-table';
import type { Rng } from '../../rng';
import { closenessFloor, columnRanges, distanceToRow } from './too-close';
import {
  fitTree,
  leafOf,
  prepareSplitColumn,
  type CartTree,
  type SplitColumn,
  type TreeOptions,
} from './cart-tree';

export { CART_DEFAULTS, type CartConfig } from './config';
import { CART_DEFAULTS, type CartConfig } from './config';

/** How a numeric column's donated values are smoothed and kept valid. */
export interface NumericRule {
  smooth: boolean;
  min: number;
  max: number;
  /** Integer columns: written values are multiples of `step`. */
  step: number;
  /** Continuous columns: digits after the decimal point the training values use. */
  decimals: number;
  spikes: Set<number>;
  /** Bandwidth for a leaf too small or too uniform to have its own. */
  fallback: number;
}

/** How one column is synthesised from the columns before it. */
export interface ColumnStep {
  /** Over all training rows: the column's class (discrete), its values, or "is it missing". */
  tree: CartTree;
  /** A numeric column with missing values: the tree over its present rows. */
  valueTree: CartTree | null;
  /** Per node of the tree that donates numeric values: the kernel bandwidth of the leaf. */
  bandwidth: Float64Array | null;
  rule: NumericRule | null;
}

/**
 * A fitted sequential-tree synthesizer. It holds the training rows as donors, so it is NOT
 * saved to a model file.
 */
export interface CartModel {
  kind: 'cart';
  config: CartConfig;
  table: ModelTable;
  steps: ColumnStep[];
  /** Keys of the training rows, when copies are forbidden. */
  trainingKeys: Set<string> | null;
  /** Per column, the range that scales number distances (0 for categories); see too-close.ts. */
  ranges: Float64Array;
  /** A row nearer than this to one of its donors is redrawn (0: never). */
  closeFloor: number;
}

function checkConfig(config: CartConfig): void {
  const whole = (name: keyof CartConfig, least: number) => {
    const v = config[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < least)
      throw new Error(`${name} must be a whole number of at least ${least}, not ${String(v)}.`);
  };
  whole('minLeaf', 1);
  whole('maxBins', 2);
  whole('smoothMinDistinct', 2);
  whole('maxRedraws', 0);
  whole('exactRows', 1);
  const share = (name: keyof CartConfig, high: number) => {
    const v = config[name];
    if (typeof v !== 'number' || !(v >= 0 && v <= high))
      throw new Error(`${name} must be a number from 0 to ${high}, not ${String(v)}.`);
  };
  share('complexity', 1);
  share('splitEvidence', 1000);
  share('smoothingScale', 100);
  share('closeShare', 0.5);
}

function checkTable(table: ModelTable): void {
  if (table.rows < 1) throw new Error('The tree model needs at least one training row.');
  if (table.columns.length < 1) throw new Error('The tree model needs at least one column.');
  for (const c of table.columns) {
    const length = c.type === 'numeric' ? c.values.length : c.codes.length;
    if (length !== table.rows)
      throw new Error(`Column ${c.name} has ${length} values for ${table.rows} rows.`);
    if (c.type === 'discrete' && c.codes.some((code) => code < 0 || code >= c.levels.length))
      throw new Error(`Column ${c.name} has a code outside its ${c.levels.length} levels.`);
    if (c.type === 'numeric' && c.values.some((v) => v === Infinity || v === -Infinity))
      throw new Error(
        `Column ${c.name} holds an infinite number; only finite numbers can be learned.`,
      );
  }
}

/**
 * Fits one tree per column on the columns before it (the first column's "tree" is one leaf:
 * its marginal). Costs about rows × columns² × depth; adult (26k × 15) takes about a second.
 *
 * @param table the training rows; kept by the model as donors.
 * @param rng picks the training rows that set the closeness floor (the trees are deterministic).
 */
export function fitSequentialTrees(
  table: ModelTable,
  config: Partial<CartConfig>,
  rng: Rng,
): CartModel {
  const full: CartConfig = { ...CART_DEFAULTS, ...config };
  checkConfig(full);
  checkTable(table);
  const options: TreeOptions = {
    minLeaf: full.minLeaf,
    complexity: full.complexity,
    maxDepth: 64,
    evidence: full.splitEvidence,
  };
  const split = table.columns.map((c) => prepareSplitColumn(c, full.maxBins));
  const steps = table.columns.map((column, j) =>
    fitStep(column, split.slice(0, j), table.rows, options, full),
  );
  let trainingKeys: Set<string> | null = null;
  if (full.forbidCopies) {
    trainingKeys = new Set<string>();
    const row = new Float64Array(table.columns.length);
    for (let r = 0; r < table.rows; r += 1) {
      table.columns.forEach((c, j) => {
        row[j] = (c.type === 'numeric' ? c.values[r] : c.codes[r]) as number;
      });
      trainingKeys.add(row.join(','));
    }
  }
  const ranges = columnRanges(table);
  const closeFloor = closenessFloor(table, ranges, full.closeShare, rng);
  return { kind: 'cart', config: full, table, steps, trainingKeys, ranges, closeFloor };
}

function fitStep(
  column: ModelColumn,
  predictors: SplitColumn[],
  rows: number,
  options: TreeOptions,
  config: CartConfig,
): ColumnStep {
  const all = Int32Array.from({ length: rows }, (_, i) => i);
  if (column.type === 'discrete') {
    const target = { kind: 'class' as const, codes: column.codes, classes: column.levels.length };
    return {
      tree: fitTree(predictors, target, all, options),
      valueTree: null,
      bandwidth: null,
      rule: null,
    };
  }
  const values = column.values;
  const rule = numericRule(values, column.integer, config);
  const present = all.filter((r) => !Number.isNaN(values[r] as number));
  // Centred, so sums of squares of large values (dates in epoch ms) keep their precision.
  let mean = 0;
  for (const r of present) mean += (values[r] as number) / present.length;
  const centred = values.map((v) => v - mean);
  let tree: CartTree;
  let valueTree: CartTree | null = null;
  if (present.length === rows) {
    tree = fitTree(predictors, { kind: 'value', values: centred }, all, options);
  } else {
    const missing = Int32Array.from(values, (v) => (Number.isNaN(v) ? 1 : 0));
    tree = fitTree(predictors, { kind: 'class', codes: missing, classes: 2 }, all, options);
    if (present.length > 0)
      valueTree = fitTree(predictors, { kind: 'value', values: centred }, present, options);
  }
  const donating = valueTree ?? (present.length === rows ? tree : null);
  const bandwidth = donating && rule.smooth ? leafBandwidths(donating, values, rule, config) : null;
  return { tree, valueTree, bandwidth, rule };
}

/** Silverman's rule of thumb: 0.9 · min(sd, IQR / 1.34) · m^(-1/5); 0 for fewer than 2 values. */
function silverman(values: number[]): number {
  const m = values.length;
  if (m < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= m;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (m - 1));
  values.sort((a, b) => a - b);
  const q = (p: number) => values[Math.min(m - 1, Math.floor(p * (m - 1)))] as number;
  const iqr = q(0.75) - q(0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  return 0.9 * spread * m ** -0.2;
}

function numericRule(values: Float64Array, integer: boolean, config: CartConfig): NumericRule {
  const counts = new Map<number, number>();
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const spikes = new Set<number>();
  for (const [v, count] of counts) {
    if (count >= config.exactRows) spikes.add(v);
  }
  const smooth = config.smoothing && counts.size >= config.smoothMinDistinct;
  const distinct = [...counts.keys()];
  const fallback =
    silverman(Array.from(values).filter((v) => !Number.isNaN(v) && !spikes.has(v))) *
    config.smoothingScale;
  return {
    smooth,
    min,
    max,
    step: integer ? integerStep(distinct) : 0,
    decimals: integer ? 0 : decimalsOf(distinct),
    spikes,
    fallback,
  };
}

/** The coarsest of day, hour, minute, second, 100, 10, 1 that divides every value. */
function integerStep(values: number[]): number {
  for (const step of [86_400_000, 3_600_000, 60_000, 1000, 100, 10]) {
    if (values.length > 1 && values.every((v) => v % step === 0)) return step;
  }
  return 1;
}

/** Digits after the decimal point the values need (at most 10). */
function decimalsOf(values: number[]): number {
  let most = 0;
  for (const v of values) {
    while (most < 10 && Number(v.toFixed(most)) !== v) most += 1;
  }
  return most;
}

function leafBandwidths(
  tree: CartTree,
  values: Float64Array,
  rule: NumericRule,
  config: CartConfig,
): Float64Array {
  const out = new Float64Array(tree.feature.length);
  for (let node = 0; node < out.length; node += 1) {
    if ((tree.feature[node] as number) >= 0) continue;
    const leaf: number[] = [];
    const start = tree.start[node] as number;
    const end = start + (tree.size[node] as number);
    for (let i = start; i < end; i += 1) {
      const v = values[tree.rows[i] as number] as number;
      if (!rule.spikes.has(v)) leaf.push(v);
    }
    const h = silverman(leaf) * config.smoothingScale;
    out[node] = h > 0 ? h : rule.fallback;
  }
  return out;
}

/** Moves `v` by the kernel, inside the column's range, rounded to its precision. */
export function smoothValue(v: number, h: number, rule: NumericRule, rng: Rng): number {
  if (!(h > 0) || rule.spikes.has(v)) return v;
  let x = v + h * rng.normal();
  for (let t = 0; t < 4 && (x < rule.min || x > rule.max); t += 1) x = v + h * rng.normal();
  x = Math.min(rule.max, Math.max(rule.min, x));
  if (rule.step > 0)
    return Math.min(rule.max, Math.max(rule.min, Math.round(x / rule.step) * rule.step));
  const scale = 10 ** rule.decimals;
  return Math.min(rule.max, Math.max(rule.min, Math.round(x * scale) / scale));
}

export function donor(tree: CartTree, leaf: number, rng: Rng): number {
  return tree.rows[(tree.start[leaf] as number) + rng.int(tree.size[leaf] as number)] as number;
}

/**
 * Whether a drawn row must be drawn again: it copies a training row, or (for the first half of
 * the redraws) it is nearer one of its donors (`donors`, one per column) than the floor.
 */
export function mustRedraw(
  model: CartModel,
  row: Float64Array,
  donors: Int32Array,
  tries: number,
): boolean {
  if (model.trainingKeys?.has(row.join(','))) return true;
  if (!(model.closeFloor > 0) || tries >= model.config.maxRedraws / 2) return false;
  for (const d of donors) {
    if (distanceToRow(model.table, model.ranges, row, d, model.closeFloor) < model.closeFloor)
      return true;
  }
  return false;
}

/**
 * Fills `row` (one value per column: a number, or a level code) column by column, and
 * `donors` with the training row each value came from.
 */
function drawRow(
  model: CartModel,
  row: Float64Array,
  donors: Int32Array,
  at: (f: number) => number,
  rng: Rng,
): void {
  model.steps.forEach((step, j) => {
    const column = model.table.columns[j] as ModelColumn;
    const leaf = leafOf(step.tree, at);
    const d = donor(step.tree, leaf, rng);
    donors[j] = d;
    if (column.type === 'discrete') {
      row[j] = column.codes[d] as number;
      return;
    }
    let v = column.values[d] as number;
    let node = leaf;
    if (!Number.isNaN(v) && step.valueTree) {
      node = leafOf(step.valueTree, at);
      const valueDonor = donor(step.valueTree, node, rng);
      donors[j] = valueDonor;
      v = column.values[valueDonor] as number;
    }
    if (step.bandwidth && step.rule && !Number.isNaN(v)) {
      v = smoothValue(v, step.bandwidth[node] as number, step.rule, rng);
    }
    row[j] = v;
  });
}

/**
 * Draws `rows` synthetic rows. With `forbidCopies`, a row equal to a training row is redrawn
 * from scratch, up to `maxRedraws` times; a table where that keeps failing (too few distinct
 * rows) gets an error that says so rather than a copy.
 *
 * @param onProgress called with the share done (0-1) every 1,024 rows and at the end.
 * @returns a table with the training table's columns, names, levels and integer flags.
 */
export function sampleSequentialTrees(
  model: CartModel,
  rows: number,
  rng: Rng,
  onProgress?: (share: number) => void,
): ModelTable {
  if (!Number.isInteger(rows) || rows < 0)
    throw new Error(`The number of rows must be a whole number of at least 0, not ${rows}.`);
  const columns = model.table.columns;
  const out = columns.map((c) =>
    c.type === 'numeric' ? new Float64Array(rows) : new Int32Array(rows),
  );
  const row = new Float64Array(columns.length);
  const donors = new Int32Array(columns.length);
  const at = (f: number) => row[f] as number;
  for (let r = 0; r < rows; r += 1) {
    drawRow(model, row, donors, at, rng);
    for (let tries = 0; mustRedraw(model, row, donors, tries); tries += 1) {
      if (tries >= model.config.maxRedraws) {
        throw new Error(
          `After ${tries} tries the tree model could still only make rows that copy a training ` +
            'row: the table has too few distinct rows. Turn off "no copies of training rows" ' +
            'or choose another model.',
        );
      }
      drawRow(model, row, donors, at, rng);
    }
    out.forEach((values, j) => {
      values[r] = row[j] as number;
    });
    if (onProgress && (r + 1) % 1024 === 0) onProgress((r + 1) / rows);
  }
  onProgress?.(1);
  return {
    rows,
    columns: columns.map((c, j): ModelColumn =>
      c.type === 'numeric'
        ? { type: 'numeric', name: c.name, values: out[j] as Float64Array, integer: c.integer }
        : { type: 'discrete', name: c.name, codes: out[j] as Int32Array, levels: [...c.levels] },
    ),
  };
}
