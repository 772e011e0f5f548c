/**
 * How "How it works" writes a model-form number (a bin edge, a split threshold, a drawn value):
 * a date column's epoch milliseconds as a date in the column's own format, any other number
 * to six significant digits.
 */
import type { DatetimeFormat } from '../types';
import type { CodecState } from './codec-state';
import { formatDatetime } from './datetime-format';

/** Writes the model-form value `x` of the column named `column` in words. */
export type ValueLabel = (column: string, x: number) => string;

/** Six significant digits, whatever the column (what a model knows without the codec). */
export const plainLabel: ValueLabel = (_column, x) => String(Number(x.toPrecision(6)));

/** Dates in their column's format (as the output file writes them); other numbers plain. */
export function codecLabel(state: CodecState): ValueLabel {
  const formats = new Map<string, DatetimeFormat>();
  for (const c of state.columns) if (c.kind === 'datetime') formats.set(c.name, c.datetimeFormat);
  return (column, x) => {
    const format = formats.get(column);
    return format && Number.isFinite(x) ? formatDatetime(x, format) : plainLabel(column, x);
  };
}
