/**
 * What a sequence model sees of the user's entities, as plain data for "How it works": the key,
 * the subject columns (written first), the event columns (the order column first, as a first
 * value and then gaps), and the lengths the end-of-sequence decision learns.
 */
import type { Cell } from './cells';
import { fitCodec } from './entity-codec';
import type { EntityTable } from './entity-table';
import { eventsPerEntity, summarizeLengths } from './lengths';

export interface OutlineColumn {
  name: string;
  /** number, date, or category (with its level count). */
  kind: 'number' | 'date' | 'category';
  levels: number;
}

export interface SequenceOutline {
  key: string;
  order: string | null;
  orderKind: EntityTable['orderKind'];
  subjectColumns: OutlineColumn[];
  /** Event columns in the order the models draw them: the order column first. */
  eventColumns: OutlineColumn[];
  entities: number;
  events: number;
  meanLength: number;
  maxLength: number;
  /** The models learn at most this many events of one entity. */
  trainingCap: number;
  shape: EntityTable['shape'];
}

function column(name: string, cells: readonly Cell[], order = false): OutlineColumn {
  const codec = fitCodec(name, cells, order);
  if (codec.type === 'discrete') return { name, kind: 'category', levels: codec.levels.length };
  return { name, kind: codec.date ? 'date' : 'number', levels: 0 };
}

/** The outline of an entity table (the training one). */
export function sequenceOutline(t: EntityTable): SequenceOutline {
  const lengths = summarizeLengths(eventsPerEntity(t));
  const events = t.eventColumns.map((name, j) =>
    column(name, t.events[j] as Cell[], name === t.order),
  );
  const oi = t.order === null ? -1 : t.eventColumns.indexOf(t.order);
  return {
    key: t.key,
    order: t.order,
    orderKind: t.orderKind,
    subjectColumns: t.subjectColumns.map((name, j) => column(name, t.subjects[j] as Cell[])),
    eventColumns: [
      ...(oi >= 0 ? [events[oi] as OutlineColumn] : []),
      ...events.filter((_, j) => j !== oi),
    ],
    entities: lengths.entities,
    events: lengths.events,
    meanLength: lengths.mean,
    maxLength: lengths.max,
    trainingCap: t.trainingCap,
    shape: t.shape,
  };
}
