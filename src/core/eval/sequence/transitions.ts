/**
 * Transitions of a categorical event column: from each level, the share of next events (within
 * the same entity) at each level, real against synthetic, row-normalised, with the largest
 * differences named in words. Plain data for the studio's transition heatmaps.
 */
import type { Cell } from '../../sequence/cells';
import type { EntityTable } from '../../sequence/entity-table';
import { eventColumnViews, levelIndexer } from './event-columns';

/** Fewest transitions out of a level, in both tables, for its row to be compared in words. */
export const MIN_ROW_TRANSITIONS = 10;
/** Smallest difference of shares named in words (5 percentage points). */
export const MIN_NAMED_DIFFERENCE = 0.05;

export interface TransitionDifference {
  from: string;
  to: string;
  /** Share of real transitions out of `from` that go to `to` (0-1). */
  real: number;
  synth: number;
  /** The difference in words. */
  text: string;
}

export interface TransitionComparison {
  column: string;
  /** Row and column labels: from (rows) and to (columns) levels. */
  levels: string[];
  /** `[from][to]` shares of next events; a row with no transitions out is all NaN. */
  real: number[][];
  synth: number[][];
  /** Transitions counted out of each level. */
  realFrom: number[];
  synthFrom: number[];
  /** Largest |synthetic − real| share over rows with enough transitions in both tables. */
  largest: number;
  /** The biggest differences, largest first. */
  differences: TransitionDifference[];
}

/** Row-normalised transition counts `[from][to]` of level indexes within each entity. */
export function transitionShares(
  t: EntityTable,
  column: number,
  index: (c: Cell) => number,
  levels: number,
): { shares: number[][]; from: number[] } {
  const counts = Array.from({ length: levels }, () => new Array<number>(levels).fill(0));
  const cells = (t.events[column] ?? []) as Cell[];
  for (let e = 0; e < t.keys.length; e += 1)
    for (let i = (t.eventStart[e] as number) + 1; i < (t.eventStart[e + 1] as number); i += 1) {
      const a = index(cells[i - 1] ?? null);
      const b = index(cells[i] ?? null);
      if (a >= 0 && b >= 0) {
        const row = counts[a] as number[];
        row[b] = (row[b] as number) + 1;
      }
    }
  const from = counts.map((row) => row.reduce((s, v) => s + v, 0));
  const shares = counts.map((row, a) =>
    row.map((v) => ((from[a] as number) > 0 ? v / (from[a] as number) : NaN)),
  );
  return { shares, from };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function differencesOf(
  levels: string[],
  real: { shares: number[][]; from: number[] },
  synth: { shares: number[][]; from: number[] },
  top: number,
): { largest: number; differences: TransitionDifference[] } {
  const all: TransitionDifference[] = [];
  let largest = 0;
  levels.forEach((from, a) => {
    if ((real.from[a] as number) < MIN_ROW_TRANSITIONS) return;
    if ((synth.from[a] as number) < MIN_ROW_TRANSITIONS) return;
    levels.forEach((to, b) => {
      const r = real.shares[a]?.[b] as number;
      const s = synth.shares[a]?.[b] as number;
      largest = Math.max(largest, Math.abs(s - r));
      all.push({
        from,
        to,
        real: r,
        synth: s,
        text:
          `After “${from}”, the next event is “${to}” in ${pct(r)} of real transitions ` +
          `and ${pct(s)} of synthetic ones (${s > r ? 'more' : 'fewer'} in the synthetic entities).`,
      });
    });
  });
  all.sort((x, y) => Math.abs(y.synth - y.real) - Math.abs(x.synth - x.real));
  // one per row: a row's shares sum to 1, so its second-largest difference mostly mirrors the first
  const rows = new Set<string>();
  const named = all.filter((d) => {
    if (rows.has(d.from) || Math.abs(d.synth - d.real) < MIN_NAMED_DIFFERENCE) return false;
    rows.add(d.from);
    return true;
  });
  return { largest, differences: named.slice(0, top) };
}

/**
 * Real against synthetic transitions of the categorical event column `column`, on the real
 * table's most frequent `maxLevels` levels (rarer ones grouped). The `top` largest differences
 * (one per row, at least {@link MIN_NAMED_DIFFERENCE}) of rows with at least
 * {@link MIN_ROW_TRANSITIONS} transitions in both tables are named.
 */
export function compareTransitions(
  real: EntityTable,
  synth: EntityTable,
  column: string,
  maxLevels = 8,
  top = 3,
): TransitionComparison {
  const view = eventColumnViews(real, maxLevels).find((c) => c.name === column);
  if (!view || view.kind !== 'categorical')
    throw new Error(`"${column}" is not a category column of the events.`);
  const index = levelIndexer(view.levels);
  const k = view.levels.length;
  const r = transitionShares(real, real.eventColumns.indexOf(column), index, k);
  const s = transitionShares(synth, synth.eventColumns.indexOf(column), index, k);
  return {
    column,
    levels: view.levels,
    real: r.shares,
    synth: s.shares,
    realFrom: r.from,
    synthFrom: s.from,
    ...differencesOf(view.levels, r, s, top),
  };
}

/** The categorical event columns a transition heatmap can be drawn for. */
export function transitionColumns(real: EntityTable): string[] {
  return eventColumnViews(real)
    .filter((c) => c.kind === 'categorical')
    .map((c) => c.name);
}
