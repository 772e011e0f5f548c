/**
 * Entities written back in the shape they came in: one long table (subject values repeated on
 * each event, columns in the input's order) or a subject table and an event table whose keys
 * link.
 */
import type { Cell } from './cells';
import type { EntityTable } from './entity-table';

/** A table to write: a header and rows of strings (missing cells written empty). */
export interface RowsOut {
  names: string[];
  rows: string[][];
}

/**
 * One long table: key, then the columns in `columnOrder` (the input's header; columns it does
 * not name follow), every event carrying its entity's subject values. An entity with no events
 * is written as one row with empty event cells, so no subject is lost.
 */
export function toLongRows(t: EntityTable, columnOrder: readonly string[] = []): RowsOut {
  const all = [t.key, ...t.subjectColumns, ...t.eventColumns];
  const names = [
    ...columnOrder.filter((n) => all.includes(n)),
    ...all.filter((n) => !columnOrder.includes(n)),
  ];
  const source = names.map((n): { subject: boolean; j: number; key: boolean } => {
    if (n === t.key) return { subject: false, j: -1, key: true };
    const s = t.subjectColumns.indexOf(n);
    return s >= 0
      ? { subject: true, j: s, key: false }
      : { subject: false, j: t.eventColumns.indexOf(n), key: false };
  });
  const rows: string[][] = [];
  const text = (c: Cell | undefined) => c ?? '';
  for (let e = 0; e < t.keys.length; e += 1) {
    const from = t.eventStart[e] as number;
    const to = t.eventStart[e + 1] as number;
    const write = (i: number | null) =>
      rows.push(
        source.map((s) =>
          s.key
            ? (t.keys[e] as string)
            : s.subject
              ? text(t.subjects[s.j]?.[e])
              : i === null
                ? ''
                : text(t.events[s.j]?.[i]),
        ),
      );
    if (to === from) write(null);
    for (let i = from; i < to; i += 1) write(i);
  }
  return { names, rows };
}

/** The subject table: key and subject columns, one row per entity. */
export function toSubjectRows(t: EntityTable): RowsOut {
  return {
    names: [t.key, ...t.subjectColumns],
    rows: t.keys.map((k, e) => [k, ...t.subjects.map((c) => c[e] ?? '')]),
  };
}

/** The event table: key and event columns, one row per event. */
export function toEventRows(t: EntityTable): RowsOut {
  const rows: string[][] = [];
  for (let e = 0; e < t.keys.length; e += 1)
    for (let i = t.eventStart[e] as number; i < (t.eventStart[e + 1] as number); i += 1)
      rows.push([t.keys[e] as string, ...t.events.map((c) => c[i] ?? '')]);
  return { names: [t.key, ...t.eventColumns], rows };
}
