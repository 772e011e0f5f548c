/** Reading entities for the page: the proposals for the files, and a read as plain data. */
import type { CellTable } from '../core/sequence/cells';
import { DEFAULT_TRAINING_CAP, type EntityTable } from '../core/sequence/entity-table';
import { eventsPerEntity, summarizeLengths } from '../core/sequence/lengths';
import { proposeKeys } from '../core/sequence/propose';
import { proposeLinkedKeys } from '../core/sequence/propose-linked';
import { readEntities } from '../core/sequence/read-entities';
import type { SequenceReadOptions } from '../core/sequence/read-options';
import type { SequenceFilesView, SequenceReadView } from './sequence-protocol';

/** The files as the page sees them, with the keys proposed (best first). */
export function proposeFor(
  events: CellTable,
  subjects: CellTable | null,
  eventsName: string,
  subjectsName: string | null,
): SequenceFilesView {
  return {
    events: { name: eventsName, rows: events.rows, columns: events.names },
    subjects:
      subjects && subjectsName !== null
        ? { name: subjectsName, rows: subjects.rows, columns: subjects.names }
        : null,
    proposals: subjects ? proposeLinkedKeys(subjects, events) : proposeKeys(events),
  };
}

/** Reads the entities with `options`; the view the page shows and the table (null when blocked). */
export function readView(
  events: CellTable,
  subjects: CellTable | null,
  options: SequenceReadOptions,
): { view: SequenceReadView; table: EntityTable | null } {
  const { table, problems } = readEntities(events, subjects, options);
  const view: SequenceReadView = {
    options,
    problems,
    ok: table !== null,
    shape: subjects ? 'linked' : 'long',
    entities: table?.keys.length ?? 0,
    events: table ? (table.eventStart[table.keys.length] as number) : 0,
    subjectColumns: table?.subjectColumns ?? [],
    eventColumns: table?.eventColumns ?? [],
    orderKind: table?.orderKind ?? null,
    lengths: table ? summarizeLengths(eventsPerEntity(table)) : null,
    trainingCap: table?.trainingCap ?? options.trainingCap ?? DEFAULT_TRAINING_CAP,
  };
  return { view, table };
}
