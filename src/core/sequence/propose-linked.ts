/**
 * Proposing the key and order of two linked tables: the key is a column both tables have,
 * nearly unique in the subject table and repeated in the event table; the order is the event
 * table's best order column for that key (as for a long table).
 */
import { columnOf, type CellTable } from './cells';
import { proposeKeys, type KeyProposal } from './propose';

/** Candidate keys of a subject table and an event table, best first. */
export function proposeLinkedKeys(subjects: CellTable, events: CellTable): KeyProposal[] {
  const ranked = proposeKeys(events);
  const shared = subjects.names.filter((n) => events.names.includes(n));
  const out = shared.map((key): KeyProposal => {
    const cells = (columnOf(subjects, key) ?? []).filter((c) => c !== null);
    const unique = cells.length === 0 ? 0 : new Set(cells).size / cells.length;
    const fromEvents = ranked.find((p) => p.key === key);
    const subjectColumns = subjects.names.filter((n) => n !== key);
    return {
      key,
      order: fromEvents?.order ?? null,
      subjectColumns,
      entities: new Set(cells).size,
      score: unique * 10 + (fromEvents?.score ?? 0),
      reason: [
        `in both tables; ${Math.round(unique * 100)}% of its subject values are distinct`,
        fromEvents?.order
          ? `"${fromEvents.order}" goes up within entities`
          : 'no column orders the events',
      ].join('; '),
    };
  });
  return out.sort((a, b) => b.score - a.score);
}
