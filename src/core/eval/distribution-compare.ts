/**
 * Real against synthetic, column by column, as small pre-binned arrays for live charts.
 *
 * The real side is binned once ({@link distributionReference}); every later synthetic sample is
 * binned on the same edges and levels ({@link compareDistributions}), so a chart's bars stay put
 * while the synthetic shares move towards the real ones. Shares are of the non-missing rows; the
 * missing share is reported beside them.
 */
import type { ModelColumn, ModelTable, NumericColumn } from '../data/model-table';
import { OTHER_LEVEL } from '../data/model-table';

/** How a numeric column's bin edges are labelled. */
export type NumericScale = 'continuous' | 'integer' | 'datetime';

export interface CompareOptions {
  /** Equal-width bins for a numeric column (default 20). */
  bins?: number;
  /** Most frequent real levels drawn as their own bar; the rest become "other" (default 8). */
  topLevels?: number;
  /** Names of the numeric columns that hold datetimes (epoch milliseconds). */
  datetimeColumns?: ReadonlySet<string>;
}

/** One bin on the shared edges: shares (0-1) of the non-missing rows falling in it. */
export interface CompareBin {
  start: number;
  end: number;
  label: string;
  real: number;
  synth: number;
}

/** One bar of a discrete column: shares (0-1) of the non-missing rows holding the level. */
export interface CompareLevel {
  label: string;
  /** True for the bar that gathers every level not shown on its own. */
  other: boolean;
  real: number;
  synth: number;
}

interface CompareBase {
  column: string;
  /** Shares (0-1) of all rows that are missing. */
  realMissing: number;
  synthMissing: number;
}

/** One column compared: histogram on shared bins, or grouped bars. */
export type ColumnComparison =
  | (CompareBase & {
      type: 'histogram';
      scale: NumericScale;
      bins: CompareBin[];
      /** Share of the non-missing synthetic values outside the real range (counted in the end bins). */
      synthOutside: number;
    })
  | (CompareBase & { type: 'bars'; levels: CompareLevel[] });

/** The real side, binned once: the edges and levels every synthetic sample is binned on. */
export interface DistributionReference {
  columns: ColumnComparison[];
}

const OTHER_LABEL = 'other levels';

function numericRange(values: Float64Array): { min: number; max: number; present: number } {
  let min = Infinity;
  let max = -Infinity;
  let present = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    present += 1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, present };
}

function edgeLabel(x: number, scale: NumericScale): string {
  if (scale === 'datetime') return new Date(x).toISOString().slice(0, 10);
  if (scale === 'integer' || Number.isInteger(x)) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(3)).toLocaleString('en-US');
}

/** Bin edges over the real range: one bin per value for a short integer range. */
function makeBins(min: number, max: number, scale: NumericScale, bins: number): CompareBin[] {
  if (!Number.isFinite(min)) return [];
  const perValue = scale === 'integer' && max - min + 1 <= bins;
  const n = perValue ? max - min + 1 : max === min ? 1 : bins;
  const width = perValue || max === min ? 1 : (max - min) / n;
  return Array.from({ length: n }, (_, k) => {
    const start = min + k * width;
    return { start, end: start + width, label: edgeLabel(start, scale), real: 0, synth: 0 };
  });
}

/**
 * Shares of the non-missing `values` per bin (values beyond the ends clipped into the end bins),
 * the missing share, and the share of present values outside `[first.start, last.end]`.
 */
function binShares(
  values: Float64Array,
  bins: readonly CompareBin[],
): { shares: number[]; missing: number; outside: number } {
  const n = bins.length;
  const shares = new Array<number>(n).fill(0);
  if (n === 0) return { shares, missing: values.length > 0 ? 1 : 0, outside: 0 };
  const lo = (bins[0] as CompareBin).start;
  const hi = (bins[n - 1] as CompareBin).end;
  const width = (hi - lo) / n;
  let present = 0;
  let outside = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    present += 1;
    if (v < lo || v > hi) outside += 1;
    const k = Math.min(n - 1, Math.max(0, Math.floor((v - lo) / width)));
    shares[k] = (shares[k] as number) + 1;
  }
  const rows = values.length;
  return {
    shares: shares.map((c) => (present > 0 ? c / present : 0)),
    missing: rows > 0 ? (rows - present) / rows : 0,
    outside: present > 0 ? outside / present : 0,
  };
}

/** Counts per level code and the number of missing rows (the `null` level). */
function levelCounts(codes: Int32Array, levels: readonly (string | null)[]) {
  const counts = new Array<number>(levels.length).fill(0);
  for (const c of codes) if (c >= 0 && c < levels.length) counts[c] = (counts[c] as number) + 1;
  const missingCode = levels.indexOf(null);
  const missing = missingCode >= 0 ? (counts[missingCode] as number) : 0;
  return { counts, missing, present: codes.length - missing };
}

function levelLabel(level: string): string {
  return level === OTHER_LEVEL ? '(other)' : level;
}

function scaleOf(column: NumericColumn, datetimes: ReadonlySet<string>): NumericScale {
  if (datetimes.has(column.name)) return 'datetime';
  return column.integer ? 'integer' : 'continuous';
}

function referenceColumn(column: ModelColumn, options: Required<CompareOptions>): ColumnComparison {
  if (column.type === 'numeric') {
    const scale = scaleOf(column, options.datetimeColumns);
    const { min, max } = numericRange(column.values);
    const bins = makeBins(min, max, scale, options.bins);
    const { shares, missing } = binShares(column.values, bins);
    bins.forEach((b, k) => (b.real = shares[k] as number));
    return {
      type: 'histogram',
      column: column.name,
      scale,
      bins,
      realMissing: missing,
      synthMissing: 0,
      synthOutside: 0,
    };
  }
  const { counts, missing, present } = levelCounts(column.codes, column.levels);
  const order = column.levels
    .map((level, code) => ({ level, code, count: counts[code] as number }))
    .filter((x): x is { level: string; code: number; count: number } => x.level !== null)
    .sort((a, b) => b.count - a.count || a.code - b.code);
  const top = order.slice(0, options.topLevels);
  const rest = order.slice(options.topLevels);
  const share = (c: number) => (present > 0 ? c / present : 0);
  const levels: CompareLevel[] = top.map((x) => ({
    label: levelLabel(x.level),
    other: false,
    real: share(x.count),
    synth: 0,
  }));
  if (rest.length > 0) {
    levels.push({
      label: OTHER_LABEL,
      other: true,
      real: share(rest.reduce((s, x) => s + x.count, 0)),
      synth: 0,
    });
  }
  const rows = column.codes.length;
  return {
    type: 'bars',
    column: column.name,
    levels,
    realMissing: rows > 0 ? missing / rows : 0,
    synthMissing: 0,
  };
}

/**
 * Bins the real table once: equal-width bins over each numeric column's real range (one per
 * value for short integer ranges), and each discrete column's most frequent levels plus "other".
 */
export function distributionReference(
  real: ModelTable,
  options: CompareOptions = {},
): DistributionReference {
  const full: Required<CompareOptions> = {
    bins: Math.max(1, Math.floor(options.bins ?? 20)),
    topLevels: Math.max(1, Math.floor(options.topLevels ?? 8)),
    datetimeColumns: options.datetimeColumns ?? new Set(),
  };
  return { columns: real.columns.map((c) => referenceColumn(c, full)) };
}

function compareBars(
  ref: Extract<ColumnComparison, { type: 'bars' }>,
  column: ModelColumn,
): ColumnComparison {
  if (column.type !== 'discrete') throw new Error(`column ${ref.column} is not discrete`);
  const { counts, missing, present } = levelCounts(column.codes, column.levels);
  const byLabel = new Map<string, number>();
  column.levels.forEach((level, code) => {
    if (level !== null) byLabel.set(levelLabel(level), counts[code] as number);
  });
  const shown = new Set(ref.levels.filter((l) => !l.other).map((l) => l.label));
  let other = 0;
  for (const [label, count] of byLabel) if (!shown.has(label)) other += count;
  const share = (c: number) => (present > 0 ? c / present : 0);
  const rows = column.codes.length;
  return {
    ...ref,
    levels: ref.levels.map((l) => ({
      ...l,
      synth: share(l.other ? other : (byLabel.get(l.label) ?? 0)),
    })),
    synthMissing: rows > 0 ? missing / rows : 0,
  };
}

/**
 * Bins a synthetic sample on the reference's edges and levels. Columns are matched by name;
 * a reference column the sample lacks is reported as all missing.
 *
 * @throws when a column changed type between the reference and the sample
 */
export function compareDistributions(
  reference: DistributionReference,
  synth: ModelTable,
): ColumnComparison[] {
  const byName = new Map(synth.columns.map((c) => [c.name, c]));
  return reference.columns.map((ref): ColumnComparison => {
    const column = byName.get(ref.column);
    if (!column) return { ...ref, synthMissing: 1 };
    if (ref.type === 'bars') return compareBars(ref, column);
    if (column.type !== 'numeric') throw new Error(`column ${ref.column} is not numeric`);
    const { shares, missing, outside } = binShares(column.values, ref.bins);
    return {
      ...ref,
      bins: ref.bins.map((b, k) => ({ ...b, synth: shares[k] as number })),
      synthMissing: missing,
      synthOutside: outside,
    };
  });
}

/**
 * At most `max` rows of `table`, evenly spaced (all of them when it is smaller), so summaries
 * of a million-row table cost no more than those of a small one.
 */
export function subsampleTable(table: ModelTable, max: number): ModelTable {
  if (table.rows <= max) return table;
  const n = Math.max(1, Math.floor(max));
  const step = table.rows / n;
  const pick = Int32Array.from({ length: n }, (_, i) => Math.floor(i * step));
  return {
    rows: n,
    columns: table.columns.map((c): ModelColumn => {
      if (c.type === 'numeric') {
        return { ...c, values: Float64Array.from(pick, (i) => c.values[i] as number) };
      }
      return { ...c, codes: Int32Array.from(pick, (i) => c.codes[i] as number) };
    }),
  };
}
