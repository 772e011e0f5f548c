import type { ColumnSpec, RawColumn } from '../types';
import { parseDatetime } from '../data/datetime-format';
import { isPlainFormat, parseNumber, parsePlainNumber } from '../data/number-format';

export interface HistogramBin {
  start: number;
  end: number;
  count: number;
  label: string;
}

/** A chart-ready summary of one column: pre-binned, small, plain data. */
export type ColumnSummary =
  | { type: 'histogram'; column: string; bins: HistogramBin[]; missing: number }
  | {
      type: 'bars';
      column: string;
      bars: { label: string; count: number }[];
      other: number;
      missing: number;
    }
  | { type: 'none'; column: string; reason: string; missing: number };

export interface SummaryOptions {
  bins?: number;
  topLevels?: number;
}

/**
 * Distinct non-missing values of a column, as numbers: each distinct string parsed once, or
 * not at all when the reader already read it as a plain number.
 */
function numericDistinct(
  column: RawColumn,
  spec: ColumnSpec,
  missing: ReadonlySet<string>,
): { xs: number[]; ws: number[] } {
  const xs: number[] = [];
  const ws: number[] = [];
  const dates = spec.kind === 'datetime' ? spec.datetimeFormat : null;
  const format = dates ? null : spec.numberFormat;
  const parsed =
    format && isPlainFormat(format) && column.numbers?.length === column.values.length
      ? column.numbers
      : null;
  // A pre-parsed number is missing only if some missing token is itself a plain number.
  const checkMissing = !parsed || [...missing].some((t) => Number.isFinite(parsePlainNumber(t)));
  column.values.forEach((raw, i) => {
    // Only a number can be binned, so the missing check can wait until one is found.
    const x = parsed
      ? (parsed[i] as number)
      : dates
        ? parseDatetime(raw.trim(), dates)
        : format
          ? parseNumber(raw.trim(), format)
          : Number.NaN;
    if (Number.isFinite(x) && !(checkMissing && missing.has(raw.trim()))) {
      xs.push(x);
      ws.push(column.counts[i] ?? 0);
    }
  });
  return { xs, ws };
}

function binLabel(x: number, spec: ColumnSpec): string {
  if (spec.kind === 'datetime') return new Date(x).toISOString().slice(0, 10);
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toPrecision(3);
}

/** Equal-width bins from min to max; one bin per value for small integer ranges. */
export function histogram(
  xs: readonly number[],
  ws: readonly number[],
  spec: ColumnSpec,
  bins: number,
): HistogramBin[] {
  if (xs.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const integral = spec.kind === 'integer' && max - min + 1 <= bins;
  const n = integral ? max - min + 1 : max === min ? 1 : bins;
  const width = integral ? 1 : max === min ? 1 : (max - min) / n;
  const out: HistogramBin[] = Array.from({ length: n }, (_, k) => {
    const start = min + k * width;
    return { start, end: start + width, count: 0, label: binLabel(start, spec) };
  });
  xs.forEach((x, i) => {
    const k = Math.min(n - 1, Math.floor((x - min) / width));
    (out[k] as HistogramBin).count += ws[i] ?? 0;
  });
  return out;
}

/**
 * Summarises a column for its card: a histogram for numbers and dates, the most frequent
 * levels (plus "other") for categories, nothing for identifiers and free text.
 */
export function summarizeColumn(
  column: RawColumn,
  spec: ColumnSpec,
  missingTokens: ReadonlySet<string>,
  options: SummaryOptions = {},
): ColumnSummary {
  const bins = options.bins ?? 20;
  const topLevels = options.topLevels ?? 8;
  const missing = spec.stats.missing;
  const name = spec.name;
  switch (spec.kind) {
    case 'continuous':
    case 'integer':
    case 'datetime': {
      const { xs, ws } = numericDistinct(column, spec, missingTokens);
      if (xs.length === 0) {
        return { type: 'none', column: name, reason: 'No value reads as a number.', missing };
      }
      return { type: 'histogram', column: name, bins: histogram(xs, ws, spec, bins), missing };
    }
    case 'categorical':
    case 'boolean':
    case 'constant': {
      const tally = new Map<string, number>();
      column.values.forEach((raw, i) => {
        const v = raw.trim();
        if (missingTokens.has(v)) return;
        tally.set(v, (tally.get(v) ?? 0) + (column.counts[i] ?? 0));
      });
      const sorted = [...tally.entries()].sort((a, b) => b[1] - a[1]);
      const bars = sorted.slice(0, topLevels).map(([label, count]) => ({ label, count }));
      const other = sorted.slice(topLevels).reduce((s, [, c]) => s + c, 0);
      return { type: 'bars', column: name, bars, other, missing };
    }
    case 'identifier':
      return {
        type: 'none',
        column: name,
        reason: 'Identifiers are generated, not learned.',
        missing,
      };
    case 'text':
      return { type: 'none', column: name, reason: 'Free text is not modelled.', missing };
  }
}
