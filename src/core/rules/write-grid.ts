/**
 * How the table codec will write each numeric column (rounded to its decimals, date
 * resolution or whole numbers, clipped to the training range unless out-of-range values are
 * allowed), so sampled values can be checked exactly as they will be written.
 */
import type { CodecState } from '../data/codec-state';
import type { ModelTable } from '../data/model-table';

/** How a written numeric column is rounded and clipped (what the table codec will do). */
export interface ColumnGrid {
  /** Rounding: 'decimals' rounds to `decimals` places, 'step' to multiples of `step`. */
  rounding: 'none' | 'decimals' | 'step';
  decimals: number;
  step: number;
  /** Clipping bounds; null when unbounded (JSON has no Infinity). */
  min: number | null;
  max: number | null;
}

/** The write-back grids of a codec's numeric columns. */
export function gridsOfCodec(
  codec: CodecState,
  allowOutOfRange = false,
): Record<string, ColumnGrid> {
  const grids: Record<string, ColumnGrid> = {};
  for (const c of codec.columns) {
    if (c.kind !== 'continuous' && c.kind !== 'integer' && c.kind !== 'datetime') continue;
    const min = allowOutOfRange ? null : c.min;
    const max = allowOutOfRange ? null : c.max;
    grids[c.name] =
      c.kind === 'datetime'
        ? { rounding: 'step', decimals: 0, step: c.resolutionMs, min, max }
        : c.kind === 'integer'
          ? { rounding: 'step', decimals: 0, step: 1, min, max }
          : { rounding: 'decimals', decimals: c.places ?? c.decimals, step: 0, min, max };
  }
  return grids;
}

/** A value rounded and clipped exactly as the table codec writes it. */
export function snap(x: number, grid: ColumnGrid | undefined): number {
  if (!grid || !Number.isFinite(x)) return x;
  let y = x;
  if (grid.rounding === 'step') y = Math.round(y / grid.step) * grid.step;
  else if (grid.rounding === 'decimals' && Math.abs(y) < 1e21)
    y = Number(y.toFixed(Math.min(100, Math.max(0, grid.decimals))));
  return Math.min(grid.max ?? Infinity, Math.max(grid.min ?? -Infinity, y));
}

/** Every numeric column rounded and clipped as the codec writes it. */
export function snapTable(t: ModelTable, grids: Record<string, ColumnGrid>): ModelTable {
  return {
    rows: t.rows,
    columns: t.columns.map((c) => {
      const grid = grids[c.name];
      if (c.type !== 'numeric' || !grid) return c;
      return { ...c, values: c.values.map((x) => snap(x, grid)) };
    }),
  };
}
