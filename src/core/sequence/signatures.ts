/** Entity signatures: equal signatures mean an exact copy (subject values and every event). */
import type { Cell } from './cells';
import type { EntityTable } from './entity-table';

/** The signature of one entity from its subject cells and its events' cells (in event-column order). */
export function entitySignature(
  subject: readonly Cell[],
  events: readonly (readonly Cell[])[],
): string {
  const text = (cells: readonly Cell[]) => JSON.stringify(cells.map((c) => c ?? 'nan'));
  return [text(subject), ...events.map(text)].join('|');
}

/** Every entity's signature, in entity order. */
export function entitySignatures(t: EntityTable): string[] {
  return t.keys.map((_, e) => {
    const events: Cell[][] = [];
    for (let i = t.eventStart[e] as number; i < (t.eventStart[e + 1] as number); i += 1)
      events.push(t.events.map((c) => c[i] as Cell));
    return entitySignature(
      t.subjects.map((c) => c[e] as Cell),
      events,
    );
  });
}
