/**
 * One synthetic entity as a sequence model wrote it, decision by decision: its subject columns,
 * then each event's columns and the "last event?" decision. Plain data (no tfjs): the models
 * fill it in while they draw (`seq-argn/seq-argn-trace.ts`, `seq-trees/seq-trees-trace.ts`), the
 * worker passes it on, and the studio's "Write one entity" shows it event by event.
 */
import type { Cell } from './cells';

/** One value a model could have written, and its probability. */
export interface TraceOption {
  label: string;
  probability: number;
}

/** How one column of the subject or of an event was written. */
export interface TraceChoice {
  column: string;
  /**
   * The likeliest options, likeliest first, with the probability the model gave each (ARGN:
   * its predicted shares; trees: the shares of the training rows in the leaf reached).
   */
  top: TraceOption[];
  /** Options the model chose among (tokens, or distinct values in the leaf). */
  options: number;
  drawn: TraceOption;
  /** The cell written (a level, a number drawn in its bin, a date). */
  value: Cell;
  /** For the order column: "first value" at an entity's first event, "gap" after it. */
  orderPart?: 'first value' | 'gap';
}

/** One event: its columns in drawing order, then the end-of-sequence decision. */
export interface TraceEvent {
  /** 0-based position in the entity. */
  index: number;
  choices: TraceChoice[];
  /** Probability the model gave to "this is the last event", and whether it was drawn. */
  end: { probability: number; ended: boolean };
  /** The event's cells in the event table's column order. */
  cells: Cell[];
}

export interface EntityTrace {
  model: 'seq-argn' | 'seq-trees';
  seed: number;
  subjectColumns: string[];
  eventColumns: string[];
  /** The order column, drawn first in every event as a first value then non-negative gaps. */
  order: string | null;
  subjectChoices: TraceChoice[];
  /** The subject's cells in the subject table's column order. */
  subject: Cell[];
  events: TraceEvent[];
  /** The entity reached the most events the model writes without drawing "last event". */
  reachedCap: boolean;
  /** Earlier draws that copied a training entity and were drawn again. */
  redraws: number;
}
