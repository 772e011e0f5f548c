/**
 * What the fitted sequential trees are, and one row written step by step, as plain data for the
 * "How it works" panel. The row is drawn exactly as `sampleSequentialTrees(model, 1, new
 * Rng(seed))` draws it (same seeded draws, same redraws of copies), so the same seed gives the
 * same row. No training row crosses: a step shows the path, the leaf's size and the value
 * written (a level, or a number that the kernel blurred or that many rows share), never the
 * donor's row.
 */
import { plainLabel, type ValueLabel } from '../../data/value-label';
import type { ModelColumn, ModelTable } from '../../data/model-table';
import { OTHER_LEVEL } from '../../data/model-table';
import { Rng } from '../../rng';
import { goesLeft, leafCount, type CartTree } from './cart-tree';
import {
  donor,
  mustRedraw,
  smoothValue,
  type CartConfig,
  type CartModel,
  type ColumnStep,
} from './sequential-trees';

/** A predictor of one tree and how much the tree leans on it. */
export interface PredictorUse {
  name: string;
  splits: number;
  /** Training rows routed by its splits (summed over the nodes it splits). */
  rows: number;
}

export interface CartColumnAnatomy {
  name: string;
  depth: number;
  leaves: number;
  smallestLeaf: number;
  /** Predictors its splits use most, by rows routed (at most five). */
  predictors: PredictorUse[];
  /** A numeric column with missing values: a first tree decides "missing or not". */
  missingTree: boolean;
}

export interface CartAnatomy {
  kind: 'cart';
  columns: CartColumnAnatomy[];
  protections: Pick<
    CartConfig,
    'minLeaf' | 'splitEvidence' | 'smoothing' | 'forbidCopies' | 'exactRows' | 'smoothingScale'
  >;
}

/** One tree walked for the explained row. */
export interface TreePath {
  /** 'value': the tree that gives the value; 'missing': the one that decides "missing or not". */
  tree: 'value' | 'missing';
  /** The split conditions the row met, root first ("age <= 37.5"). */
  conditions: string[];
  /** The leaf reached (a node index of the tree) and its training rows. */
  leaf: number;
  leafSize: number;
}

export interface CartStep {
  column: string;
  paths: TreePath[];
  /** The value written: a level, or a number. */
  value: string;
  /** How the donor's value became the written one. */
  note: 'level' | 'blurred' | 'shared' | 'missing' | 'exact';
}

export interface CartRowExplanation {
  kind: 'cart';
  seed: number;
  steps: CartStep[];
  /** Whole rows drawn again because they equalled a training row. */
  redraws: number;
}

const MOST_PREDICTORS = 5;
const MOST_LEVELS_SHOWN = 4;

function treeStats(tree: CartTree): {
  depth: number;
  smallest: number;
  use: Map<number, number[]>;
} {
  const depth = new Int32Array(tree.feature.length);
  let deepest = 0;
  let smallest = Infinity;
  const use = new Map<number, number[]>();
  for (let node = 0; node < tree.feature.length; node += 1) {
    const f = tree.feature[node] as number;
    if (f < 0) {
      smallest = Math.min(smallest, tree.size[node] as number);
      deepest = Math.max(deepest, depth[node] as number);
      continue;
    }
    const d = (depth[node] as number) + 1;
    depth[tree.left[node] as number] = d;
    depth[tree.right[node] as number] = d;
    const u = use.get(f) ?? [0, 0];
    u[0] = (u[0] as number) + 1;
    u[1] = (u[1] as number) + (tree.size[node] as number);
    use.set(f, u);
  }
  return { depth: deepest, smallest: Number.isFinite(smallest) ? smallest : 0, use };
}

function columnAnatomy(step: ColumnStep, table: ModelTable, j: number): CartColumnAnatomy {
  const tree = step.valueTree ?? step.tree;
  const stats = treeStats(tree);
  const predictors = [...stats.use]
    .map(([f, [splits, rows]]) => ({
      name: table.columns[f]?.name ?? '',
      splits: splits as number,
      rows: rows as number,
    }))
    .sort((a, b) => b.rows - a.rows || b.splits - a.splits)
    .slice(0, MOST_PREDICTORS);
  return {
    name: table.columns[j]?.name ?? '',
    depth: stats.depth,
    leaves: leafCount(tree),
    smallestLeaf: stats.smallest,
    predictors,
    missingTree: step.valueTree !== null,
  };
}

/** Depth, leaves, smallest leaf and main predictors of every column's tree; the protections. */
export function cartAnatomy(model: CartModel): CartAnatomy {
  const c = model.config;
  return {
    kind: 'cart',
    columns: model.steps.map((s, j) => columnAnatomy(s, model.table, j)),
    protections: {
      minLeaf: c.minLeaf,
      splitEvidence: c.splitEvidence,
      smoothing: c.smoothing,
      forbidCopies: c.forbidCopies,
      exactRows: c.exactRows,
      smoothingScale: c.smoothingScale,
    },
  };
}

function levelName(level: string | null | undefined): string {
  if (level === null || level === undefined) return '(missing)';
  return level === OTHER_LEVEL ? 'another level' : level;
}

/** The condition a row met at a split node, in words. */
function condition(
  tree: CartTree,
  node: number,
  column: ModelColumn,
  x: number,
  label: ValueLabel,
): string {
  const mask = tree.maskStart[node] as number;
  if (column.type === 'discrete') {
    const side = tree.masks[mask + x] as number;
    const levels = column.levels
      .map((l, i) => ({ l, i }))
      .filter(({ i }) => tree.masks[mask + i] === side)
      .map(({ l }) => levelName(l));
    const shown = levels.slice(0, MOST_LEVELS_SHOWN).join(', ');
    const more =
      levels.length > MOST_LEVELS_SHOWN ? `, … ${levels.length - MOST_LEVELS_SHOWN} more` : '';
    return `${column.name} in {${shown}${more}}`;
  }
  const t = tree.threshold[node] as number;
  if (Number.isNaN(x)) return `${column.name} is missing`;
  if (t === Infinity) return `${column.name} is given`;
  const written = label(column.name, t);
  return x <= t ? `${column.name} <= ${written}` : `${column.name} > ${written}`;
}

/** Walks `tree` as `leafOf` does, saying each condition met. */
function walk(
  tree: CartTree,
  table: ModelTable,
  at: (f: number) => number,
  kind: TreePath['tree'],
  label: ValueLabel,
): TreePath {
  const conditions: string[] = [];
  let node = 0;
  for (;;) {
    const f = tree.feature[node] as number;
    if (f < 0) break;
    const x = at(f);
    conditions.push(condition(tree, node, table.columns[f] as ModelColumn, x, label));
    node = (goesLeft(tree, node, x) ? tree.left[node] : tree.right[node]) as number;
  }
  return { tree: kind, conditions, leaf: node, leafSize: tree.size[node] as number };
}

/** One row as `drawRow` writes it, with the paths taken. */
function drawExplained(
  model: CartModel,
  row: Float64Array,
  donors: Int32Array,
  rng: Rng,
  label: ValueLabel,
): CartStep[] {
  const at = (f: number) => row[f] as number;
  return model.steps.map((step, j) => {
    const column = model.table.columns[j] as ModelColumn;
    const first = walk(step.tree, model.table, at, step.valueTree ? 'missing' : 'value', label);
    const d = donor(step.tree, first.leaf, rng);
    donors[j] = d;
    if (column.type === 'discrete') {
      const code = column.codes[d] as number;
      row[j] = code;
      return {
        column: column.name,
        paths: [first],
        value: levelName(column.levels[code]),
        note: 'level',
      };
    }
    const paths = [first];
    let v = column.values[d] as number;
    let node = first.leaf;
    if (!Number.isNaN(v) && step.valueTree) {
      const second = walk(step.valueTree, model.table, at, 'value', label);
      paths.push(second);
      node = second.leaf;
      const valueDonor = donor(step.valueTree, node, rng);
      donors[j] = valueDonor;
      v = column.values[valueDonor] as number;
    }
    let note: CartStep['note'] = Number.isNaN(v) ? 'missing' : 'exact';
    if (step.bandwidth && step.rule && !Number.isNaN(v)) {
      note = step.rule.spikes.has(v) ? 'shared' : 'blurred';
      v = smoothValue(v, step.bandwidth[node] as number, step.rule, rng);
    } else if (step.rule?.spikes.has(v)) note = 'shared';
    row[j] = v;
    return {
      column: column.name,
      paths,
      value: Number.isNaN(v) ? '(missing)' : label(column.name, v),
      note,
    };
  });
}

/**
 * One row written column by column, with the path down each column's tree, the leaf reached
 * and the value taken. The draws are those of `sampleSequentialTrees(model, 1, new Rng(seed))`.
 *
 * @throws Error when every redraw still copies a training row (as sampling does).
 */
export function explainCartRow(
  model: CartModel,
  seed: number,
  label = plainLabel,
): CartRowExplanation {
  const rng = new Rng(seed);
  const row = new Float64Array(model.table.columns.length);
  const donors = new Int32Array(model.table.columns.length);
  let steps = drawExplained(model, row, donors, rng, label);
  let redraws = 0;
  while (mustRedraw(model, row, donors, redraws)) {
    if (redraws >= model.config.maxRedraws)
      throw new Error(
        `After ${redraws} tries the tree model could still only make rows that copy a training row.`,
      );
    steps = drawExplained(model, row, donors, rng, label);
    redraws += 1;
  }
  return { kind: 'cart', seed, steps, redraws };
}
