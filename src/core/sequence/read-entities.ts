/**
 * One entry to read entities in either shape, plus the checks that need the file as written:
 * whether each entity's order values go up in file order, and how many events link to a subject.
 */
import { cellDate, cellNumber, columnOf, type Cell, type CellTable } from './cells';
import type { SequenceRead } from './entity-table';
import { readLinkedTables } from './read-linked';
import { readLongTable } from './read-long';
import type { SequenceReadOptions } from './read-options';

/** Reads a long table (no subject table) or two linked tables. */
export function readEntities(
  events: CellTable,
  subjects: CellTable | null,
  options: SequenceReadOptions,
): SequenceRead {
  return subjects ? readLinkedTables(subjects, events, options) : readLongTable(events, options);
}

/**
 * Share of entities whose present order values never go down in the order the file lists its
 * events (1 when all do); null without an order column or when the column is absent.
 */
export function orderAsWrittenShare(
  events: CellTable,
  key: string,
  order: string | null,
): number | null {
  if (order === null) return null;
  const keys = columnOf(events, key);
  const cells = columnOf(events, order);
  if (!keys || !cells) return null;
  const present = cells.filter((c) => c !== null);
  const numeric =
    present.filter((c) => !Number.isNaN(cellNumber(c))).length >= 0.99 * present.length;
  const last = new Map<Cell, number>();
  const bad = new Set<Cell>();
  cells.forEach((c, i) => {
    const k = keys[i] as Cell;
    if (!last.has(k)) last.set(k, -Infinity);
    const v = numeric ? cellNumber(c) : cellDate(c);
    if (Number.isNaN(v)) return;
    if (v < (last.get(k) as number)) bad.add(k);
    last.set(k, v);
  });
  return last.size === 0 ? NaN : (last.size - bad.size) / last.size;
}

/** Share of events whose key names a subject (1 when no subject table is given). */
export function linkedShare(events: CellTable, subjects: CellTable | null, key: string): number {
  if (!subjects) return 1;
  const names = new Set(columnOf(subjects, key) ?? []);
  const keys = columnOf(events, key) ?? [];
  if (keys.length === 0) return 0;
  return keys.filter((k) => k !== null && names.has(k)).length / keys.length;
}
