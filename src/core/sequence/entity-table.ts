/**
 * Entities with events: a subject table (one row per entity key) and an event table (rows that
 * name a key), read from one long table or from two linked ones. Plain data: it crosses the
 * worker boundary and feeds the sequence models and the sequence evaluation.
 */
import type { Cell } from './cells';

/** How the order column is read. */
export type OrderKind = 'number' | 'datetime';

/** Events of an entity beyond which the models learn only the first ones (see `trainingCap`). */
export const DEFAULT_TRAINING_CAP = 1000;

export interface EntityTable {
  key: string;
  /** The column that orders an entity's events, or null (file order). */
  order: string | null;
  orderKind: OrderKind | null;
  /** Columns of the subject table, key excluded. */
  subjectColumns: string[];
  /** Columns of the event table, key excluded, order included. */
  eventColumns: string[];
  /** One key per entity, in order of first appearance. */
  keys: string[];
  /** Per subject column, one cell per entity. */
  subjects: Cell[][];
  /**
   * Per entity, where its events start in the event columns; `eventStart[keys.length]` is the
   * event count. Events are grouped by entity, each entity's sorted by order (missing last),
   * ties and orderless tables in file order.
   */
  eventStart: Int32Array;
  /** Per event column, one cell per event. */
  events: Cell[][];
  /** Per event, the order value as a number (NaN when missing or no order column). */
  orderValues: Float64Array;
  /** The models learn at most this many events of one entity (the first ones). */
  trainingCap: number;
  /** Whether the input was one long table or a subject table and an event table. */
  shape: 'long' | 'linked';
}

/** What was wrong with the input, in the user's words. */
export interface SequenceProblem {
  code:
    | 'no-key-column'
    | 'no-order-column'
    | 'missing-key'
    | 'orphan-events'
    | 'duplicate-subjects'
    | 'subject-without-events'
    | 'order-unparseable'
    | 'order-missing'
    | 'long-entities'
    | 'subject-varies'
    | 'one-event-each'
    | 'no-rows';
  /** Blocking problems stop the read until the user makes a choice (named in the message). */
  blocking: boolean;
  message: string;
  /** How many rows, events or entities it concerns. */
  count: number;
  /** A few of them, as the file holds them. */
  examples: string[];
}

/** The result of reading: the table when nothing blocks, and every problem seen. */
export interface SequenceRead {
  table: EntityTable | null;
  problems: SequenceProblem[];
}

/** Number of entities. */
export function entityCount(t: EntityTable): number {
  return t.keys.length;
}

/** Number of events of entity `e`. */
export function eventsOf(t: EntityTable, e: number): number {
  return (t.eventStart[e + 1] as number) - (t.eventStart[e] as number);
}

/** Formats a count with its noun, e.g. "1 event", "3 events". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : nouns}`;
}

/** Up to `k` distinct examples, quoted. */
export function examplesOf(values: Iterable<string>, k = 5): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (out.length >= k) break;
    if (!out.includes(v)) out.push(v);
  }
  return out;
}
