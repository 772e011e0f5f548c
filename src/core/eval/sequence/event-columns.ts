/**
 * How the studio's sequence views read an event column: a number (or date) drawn as a line, or
 * a category drawn as coloured marks over a bounded set of levels. Decided once on the real
 * table, then applied to the synthetic one, so both are read the same way.
 */
import { fitCodec } from '../../sequence/entity-codec';
import type { Cell } from '../../sequence/cells';
import type { EntityTable } from '../../sequence/entity-table';

/** Label of the level that rarer levels are grouped into. */
export const OTHER_LEVELS = 'other levels';
/** Label of the missing level. */
export const MISSING_LEVEL = '(missing)';

export type EventColumnView =
  | { name: string; index: number; kind: 'numeric'; date: boolean }
  | {
      name: string;
      index: number;
      kind: 'categorical';
      /** The most frequent real levels, then "(missing)" and "other levels" when they occur. */
      levels: string[];
    };

/**
 * The event columns (order column excluded: it is the time axis) as the views read them, with
 * at most `maxLevels` named levels per category column (the most frequent in the real events).
 */
export function eventColumnViews(real: EntityTable, maxLevels = 8): EventColumnView[] {
  const out: EventColumnView[] = [];
  real.eventColumns.forEach((name, index) => {
    if (name === real.order) return;
    const cells = real.events[index] as Cell[];
    const codec = fitCodec(name, cells);
    if (codec.type === 'numeric') {
      out.push({ name, index, kind: 'numeric', date: codec.date !== null });
      return;
    }
    const counts = new Map<string, number>();
    let missing = 0;
    for (const c of cells) {
      if (c === null) missing += 1;
      else counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const levels = ranked.slice(0, maxLevels).map(([l]) => l);
    if (missing > 0) levels.push(MISSING_LEVEL);
    if (ranked.length > maxLevels) levels.push(OTHER_LEVELS);
    out.push({ name, index, kind: 'categorical', levels });
  });
  return out;
}

/**
 * A function from a cell to its level index in `levels` (named level, "(missing)", else "other
 * levels"); -1 when the cell's group is not among the levels (a synthetic level or a missing
 * value the real column never had).
 */
export function levelIndexer(levels: readonly string[]): (c: Cell) => number {
  const at = new Map(levels.map((l, i) => [l, i]));
  const missing = at.get(MISSING_LEVEL) ?? -1;
  const other = at.get(OTHER_LEVELS) ?? -1;
  return (c) => {
    if (c === null) return missing;
    return at.get(c) ?? other;
  };
}
