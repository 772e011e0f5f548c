/**
 * Value ranges and category levels under differential privacy: the first part of a DP budget.
 * A column's range or levels come either from the user as public facts, or from noisy counts
 * charged to the budget: numbers on a fixed, data-independent grid ({@link gridCell}), levels
 * over the levels the rows hold. Only cells and levels whose noisy count clears a threshold
 * survive; for levels, the threshold also hides a level held by one row with probability
 * `thresholdDelta` (which the part's delta includes). Everything else becomes "other" (levels)
 * or is clipped into the range (numbers).
 */
import type { ModelTable } from '../../data/model-table';
import { OTHER_LEVEL } from '../../data/model-table';
import { normalQuantile } from '../../privacy/erfc';
import type { Rng } from '../../rng';
import { addAt } from './marginals';
import { GRID_CELLS, gridCell, gridCellRange } from './grid';

/** What the user states about a column without looking at the data. */
export interface PublicColumnFacts {
  min?: number;
  max?: number;
  levels?: string[];
}

/** Public facts per column name. */
export type PublicFacts = Record<string, PublicColumnFacts>;

export type ColumnDomain =
  | { type: 'numeric'; name: string; integer: boolean; low: number; high: number }
  | { type: 'discrete'; name: string; levels: string[] };

/** Columns whose range or levels must be estimated (not fully public). */
export function columnsToMeasure(table: ModelTable, facts: PublicFacts): string[] {
  return table.columns
    .filter((c) => {
      const f = facts[c.name];
      return c.type === 'numeric'
        ? !(f?.min !== undefined && f.max !== undefined)
        : f?.levels === undefined;
    })
    .map((c) => c.name);
}

/** A column the budget is too small for: every noisy count fell under the threshold. */
export class BudgetTooSmall extends Error {}

/** How many noise deviations a grid cell's count must clear to count as holding rows. */
export const CELL_THRESHOLD_Z = normalQuantile(1 - 0.001 / GRID_CELLS);

export interface DomainEstimate {
  domains: ColumnDomain[];
  /** Noise standard deviation on each count (0 when nothing was measured). */
  sigma: number;
}

/**
 * Reads each column's domain from public facts or from noisy counts with noise of standard
 * deviation `sqrt(C / (2 rho))` (C measured columns, each with L2 sensitivity 1: rho-zCDP).
 *
 * @throws BudgetTooSmall when a numeric column has no grid cell above the threshold.
 */
export function estimateDomains(
  table: ModelTable,
  facts: PublicFacts,
  rho: number,
  thresholdDelta: number,
  rng: Rng,
): DomainEstimate {
  const measured = columnsToMeasure(table, facts);
  const sigma = measured.length > 0 ? Math.sqrt(measured.length / (2 * rho)) : 0;
  // a level held by one row clears this with probability thresholdDelta / (discrete columns)
  const discreteMeasured = table.columns.filter(
    (c) => c.type === 'discrete' && measured.includes(c.name),
  ).length;
  const levelThreshold =
    discreteMeasured > 0 ? 1 + sigma * normalQuantile(1 - thresholdDelta / discreteMeasured) : 0;
  // a cell with no row clears this with probability 0.001 over the whole grid
  const cellThreshold = sigma * CELL_THRESHOLD_Z;
  const domains = table.columns.map((column): ColumnDomain => {
    const f = facts[column.name] ?? {};
    if (column.type === 'discrete') {
      if (f.levels) return { type: 'discrete', name: column.name, levels: [...f.levels] };
      const counts = new Float64Array(column.levels.length);
      for (const code of column.codes) counts[code] = (counts[code] ?? 0) + 1;
      const levels: string[] = [];
      column.levels.forEach((level, i) => {
        if (level === null || level === OTHER_LEVEL) return;
        if ((counts[i] as number) + sigma * rng.normal() >= levelThreshold) levels.push(level);
      });
      // the order of the levels must not tell which is more frequent
      levels.sort();
      return { type: 'discrete', name: column.name, levels };
    }
    let low = f.min;
    let high = f.max;
    if (low === undefined || high === undefined) {
      const counts = new Float64Array(GRID_CELLS);
      for (const x of column.values) if (Number.isFinite(x)) addAt(counts, gridCell(x), 1);
      let first = -1;
      let last = -1;
      for (let cell = 0; cell < GRID_CELLS; cell += 1) {
        const noisy = (counts[cell] as number) + sigma * rng.normal();
        if (noisy < cellThreshold) continue;
        if (first < 0) first = cell;
        last = cell;
      }
      if (first < 0)
        throw new BudgetTooSmall(
          `The noise on the value-range counts (about ±${Math.round(sigma)} rows) hides every value of "${column.name}", so nothing would be left to model.`,
        );
      low ??= gridCellRange(first)[0];
      high ??= gridCellRange(last)[1];
    }
    if (column.integer) {
      low = Math.ceil(low - 1e-9);
      high = Math.max(low, Math.floor(high + 1e-9));
    }
    if (high < low) throw new RangeError(`The public range of "${column.name}" is empty.`);
    return { type: 'numeric', name: column.name, integer: column.integer, low, high };
  });
  return { domains, sigma };
}
