/**
 * ModelTable -> the feature matrix the utility and detection classifiers learn from, encoded as
 * the judge (../shared/judge/score.py) encodes it, so both score the same problem:
 *
 * - a numeric column becomes (value - median) / std (median-imputed where missing), plus a 0/1
 *   missing flag when the fitting rows have any missing value;
 * - a discrete column becomes a one-hot block over its most frequent levels (the missing level is
 *   a level like any other). Rarer levels are either all zeros (`poolRest: false`, the judge's
 *   utility design) or share one extra "other" slot (`poolRest: true`, its detection design).
 *
 * The one-hot block is stored compactly, as one slot index per row (`slots` = the all-zeros
 * row), because both learners can use it that way: logistic regression adds one weight per row
 * and column, and the gradient-boosting trees split "this level against the rest", which is
 * exactly a split on one one-hot column.
 */
import type {
  DiscreteColumn,
  ModelColumn,
  ModelTable,
  NumericColumn,
} from '../../data/model-table';

/** Rows of a table: all of them, or the listed indices in that order. */
export interface TableRows {
  table: ModelTable;
  rows?: Int32Array;
}

export interface NumericFeatureSpec {
  kind: 'numeric';
  column: string;
  /** Median of the fitting rows: the value a missing cell takes, and the centre. */
  centre: number;
  /** Population standard deviation of the fitting rows (1 when it is 0). */
  scale: number;
  /** Whether a 0/1 missing flag follows the value. */
  flag: boolean;
}

export interface DiscreteFeatureSpec {
  kind: 'discrete';
  column: string;
  /** Level code -> one-hot slot; codes not listed (or -1) fall in the rest. */
  slotOf: number[];
  /** Width of the one-hot block. */
  slots: number;
  /** Whether the rare levels share a slot of their own (else they are all zeros). */
  poolRest: boolean;
}

export type FeatureSpec = NumericFeatureSpec | DiscreteFeatureSpec;

export interface FeatureOptions {
  /** Most one-hot slots per discrete column (the rest pooled or dropped), at most 250. */
  maxLevels: number;
  /** A level needs at least this share of the fitting rows (and one row) for a slot. */
  minShare: number;
  /** Give the levels without a slot a shared "other" slot instead of all zeros. */
  poolRest: boolean;
}

/** The judge's utility design: top 30 levels, the rest all zeros. */
export const UTILITY_FEATURES: FeatureOptions = { maxLevels: 30, minShare: 0, poolRest: false };
/** The judge's detection design: levels of at least 0.5 % (at most 50), the rest pooled. */
export const DETECTION_FEATURES: FeatureOptions = {
  maxLevels: 50,
  minShare: 0.005,
  poolRest: true,
};

/**
 * The design matrix, column-major. Dense features: `numeric[j][row]`. One-hot blocks:
 * `discrete[c][row]` in `[0, slots[c]]`, where `slots[c]` means "no slot set".
 */
export interface Design {
  rows: number;
  numeric: Float64Array[];
  numericNames: string[];
  discrete: Int32Array[];
  discreteNames: string[];
  slots: number[];
}

function columnOf(table: ModelTable, name: string): ModelColumn {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`The column "${name}" is missing from one of the tables.`);
  return column;
}

function partRows(part: TableRows): number {
  return part.rows ? part.rows.length : part.table.rows;
}

function* rowIndices(part: TableRows): Generator<number> {
  const n = partRows(part);
  for (let i = 0; i < n; i += 1) yield part.rows ? (part.rows[i] as number) : i;
}

function fitNumeric(name: string, parts: TableRows[]): NumericFeatureSpec | null {
  const present: number[] = [];
  let missing = 0;
  for (const part of parts) {
    const col = columnOf(part.table, name) as NumericColumn;
    for (const r of rowIndices(part)) {
      const v = col.values[r] as number;
      if (Number.isFinite(v)) present.push(v);
      else missing += 1;
    }
  }
  if (present.length === 0) return null; // nothing to learn from an all-missing column
  const sorted = Float64Array.from(present).sort();
  const mid = sorted.length >> 1;
  const centre =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= sorted.length;
  let variance = 0;
  for (const v of sorted) variance += (v - mean) ** 2;
  const sd = Math.sqrt(variance / sorted.length);
  return { kind: 'numeric', column: name, centre, scale: sd > 0 ? sd : 1, flag: missing > 0 };
}

function fitDiscrete(
  name: string,
  parts: TableRows[],
  options: FeatureOptions,
): DiscreteFeatureSpec {
  const levels = (columnOf(parts[0]?.table as ModelTable, name) as DiscreteColumn).levels.length;
  const counts = new Float64Array(levels);
  let total = 0;
  for (const part of parts) {
    const col = columnOf(part.table, name) as DiscreteColumn;
    for (const r of rowIndices(part)) {
      const code = col.codes[r] as number;
      if (code >= 0 && code < levels) counts[code] = (counts[code] as number) + 1;
      total += 1;
    }
  }
  const minCount = Math.max(1, options.minShare * total);
  const kept = Array.from({ length: levels }, (_, code) => code)
    .filter((code) => (counts[code] as number) >= minCount)
    .sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b)
    .slice(0, Math.min(options.maxLevels, 250));
  const slotOf = Array.from({ length: levels }, () => -1);
  kept.forEach((code, slot) => (slotOf[code] = slot));
  const restRows = total - kept.reduce((s, code) => s + (counts[code] as number), 0);
  const poolRest = options.poolRest && restRows > 0;
  return {
    kind: 'discrete',
    column: name,
    slotOf,
    slots: kept.length + (poolRest ? 1 : 0),
    poolRest,
  };
}

/**
 * Learns the encoding of `columns` from the fitting rows (medians, spreads, frequent levels).
 *
 * @param parts the fitting rows; several parts are pooled (detection fits on real + synthetic)
 * @param columns the column names to use, each present in every table with the same type
 */
export function fitFeatures(
  parts: TableRows[],
  columns: readonly string[],
  options: FeatureOptions,
): FeatureSpec[] {
  const first = parts[0];
  if (!first) throw new Error('There are no rows to learn the features from.');
  const specs: FeatureSpec[] = [];
  for (const name of columns) {
    const type = columnOf(first.table, name).type;
    for (const part of parts) {
      if (columnOf(part.table, name).type !== type)
        throw new Error(`The column "${name}" is numeric in one table and categorical in another.`);
    }
    if (type === 'numeric') {
      const spec = fitNumeric(name, parts);
      if (spec) specs.push(spec);
    } else {
      specs.push(fitDiscrete(name, parts, options));
    }
  }
  return specs;
}

/** Encodes rows with a fitted encoding; parts are stacked in order. */
export function buildDesign(specs: readonly FeatureSpec[], parts: TableRows[]): Design {
  const rows = parts.reduce((s, p) => s + partRows(p), 0);
  const design: Design = {
    rows,
    numeric: [],
    numericNames: [],
    discrete: [],
    discreteNames: [],
    slots: [],
  };
  for (const spec of specs) {
    if (spec.kind === 'numeric') {
      const value = new Float64Array(rows);
      const flag = spec.flag ? new Float64Array(rows) : null;
      let i = 0;
      for (const part of parts) {
        const col = columnOf(part.table, spec.column) as NumericColumn;
        for (const r of rowIndices(part)) {
          const v = col.values[r] as number;
          const ok = Number.isFinite(v);
          value[i] = ((ok ? v : spec.centre) - spec.centre) / spec.scale;
          if (flag && !ok) flag[i] = 1;
          i += 1;
        }
      }
      design.numeric.push(value);
      design.numericNames.push(spec.column);
      if (flag) {
        design.numeric.push(flag);
        design.numericNames.push(`${spec.column} (missing)`);
      }
    } else {
      const slot = new Int32Array(rows);
      const rest = spec.poolRest ? spec.slots - 1 : spec.slots;
      let i = 0;
      for (const part of parts) {
        const col = columnOf(part.table, spec.column) as DiscreteColumn;
        for (const r of rowIndices(part)) {
          const s = spec.slotOf[col.codes[r] as number] ?? -1;
          slot[i] = s >= 0 ? s : rest;
          i += 1;
        }
      }
      design.discrete.push(slot);
      design.discreteNames.push(spec.column);
      design.slots.push(spec.slots);
    }
  }
  return design;
}

/** Rows `rows` of a design, in that order (for cross-validation folds and validation splits). */
export function takeRows(design: Design, rows: Int32Array): Design {
  const pick = <T extends Float64Array | Int32Array>(a: T, out: T): T => {
    for (let i = 0; i < rows.length; i += 1) out[i] = a[rows[i] as number] as number;
    return out;
  };
  return {
    ...design,
    rows: rows.length,
    numeric: design.numeric.map((a) => pick(a, new Float64Array(rows.length))),
    discrete: design.discrete.map((a) => pick(a, new Int32Array(rows.length))),
  };
}
