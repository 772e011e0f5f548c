/**
 * The last step of both readers: events grouped by entity and put in order, the order column
 * read, and entities too long to learn whole reported with how they are handled.
 */
import type { Cell } from './cells';
import {
  DEFAULT_TRAINING_CAP,
  plural,
  type EntityTable,
  type SequenceProblem,
  type SequenceRead,
} from './entity-table';
import { readOrder } from './order-column';
import type { SequenceReadOptions } from './read-options';

export interface AssembleInput {
  shape: EntityTable['shape'];
  keys: string[];
  subjectColumns: string[];
  subjects: Cell[][];
  /** Per event row of the file, its entity (an index into `keys`), or -1 when set aside. */
  entityOf: Int32Array;
  eventColumns: string[];
  /** Per event column, one cell per event row of the file. */
  eventCells: Cell[][];
  problems: SequenceProblem[];
}

/** Builds the {@link EntityTable}, or returns the blocking problems that stop it. */
export function assemble(input: AssembleInput, options: SequenceReadOptions): SequenceRead {
  const problems = [...input.problems];
  const order = options.order ?? null;
  const n = input.entityOf.length;
  let orderValues: Float64Array = new Float64Array(n).fill(NaN);
  let orderKind: EntityTable['orderKind'] = null;
  if (order !== null) {
    const j = input.eventColumns.indexOf(order);
    const read = readOrder(
      order,
      input.eventCells[j] as Cell[],
      options.unparseableOrderAsMissing ?? false,
    );
    orderValues = read.values;
    orderKind = read.kind;
    problems.push(...read.problems);
  }
  if (problems.some((p) => p.blocking)) return { table: null, problems };

  const counts = new Int32Array(input.keys.length + 1);
  for (let i = 0; i < n; i += 1) {
    const e = input.entityOf[i] as number;
    if (e >= 0) counts[e + 1] = (counts[e + 1] as number) + 1;
  }
  const eventStart = new Int32Array(input.keys.length + 1);
  for (let e = 0; e < input.keys.length; e += 1)
    eventStart[e + 1] = (eventStart[e] as number) + (counts[e + 1] as number);
  const rows = Array.from({ length: n }, (_, i) => i).filter(
    (i) => (input.entityOf[i] as number) >= 0,
  );
  // Stable: by entity, then order value (missing last), then file position.
  rows.sort((a, b) => {
    const ea = input.entityOf[a] as number;
    const eb = input.entityOf[b] as number;
    if (ea !== eb) return ea - eb;
    const va = orderValues[a] as number;
    const vb = orderValues[b] as number;
    const na = Number.isNaN(va);
    const nb = Number.isNaN(vb);
    if (na !== nb) return na ? 1 : -1;
    if (!na && va !== vb) return va - vb;
    return a - b;
  });
  const events = input.eventCells.map((col) => rows.map((i) => col[i] as Cell));
  const sortedOrder = Float64Array.from(rows, (i) => orderValues[i] as number);

  const cap = options.trainingCap ?? DEFAULT_TRAINING_CAP;
  let longCount = 0;
  let longest = 0;
  for (let e = 0; e < input.keys.length; e += 1) {
    const len = counts[e + 1] as number;
    longest = Math.max(longest, len);
    if (len > cap) longCount += 1;
  }
  if (longCount > 0) {
    problems.push({
      code: 'long-entities',
      blocking: false,
      count: longCount,
      examples: [],
      message:
        `${plural(longCount, 'entity', 'entities')} ${longCount === 1 ? 'has' : 'have'} more than ${plural(cap, 'event')} ` +
        `(the longest ${plural(longest, 'event')}). The models learn the first ${cap.toLocaleString('en-US')} events ` +
        'of each and write entities of at most that length; every event is kept in the data and ' +
        'in the evaluation.',
    });
  }
  const table: EntityTable = {
    key: options.key,
    order,
    orderKind,
    subjectColumns: input.subjectColumns,
    eventColumns: input.eventColumns,
    keys: input.keys,
    subjects: input.subjects,
    eventStart,
    events,
    orderValues: sortedOrder,
    trainingCap: cap,
    shape: input.shape,
  };
  return { table, problems };
}
