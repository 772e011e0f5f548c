/**
 * Reading entities from two linked tables: a subject table (one row per key) and an event table
 * (rows naming a key). Orphan events, repeated subject keys and missing keys are counted and
 * shown; nothing is dropped unless the user chose to.
 */
import { columnOf, type Cell, type CellTable } from './cells';
import { assemble } from './assemble';
import { examplesOf, plural, type SequenceProblem, type SequenceRead } from './entity-table';
import { columnProblems } from './read-long';
import type { SequenceReadOptions } from './read-options';

interface SubjectKeys {
  keys: string[];
  index: Map<string, number>;
  /** Rows of the subject table kept, one per key. */
  rows: number[];
}

function subjectKeys(
  cells: readonly Cell[],
  options: SequenceReadOptions,
  problems: SequenceProblem[],
): SubjectKeys {
  const index = new Map<string, number>();
  const keys: string[] = [];
  const rows: number[] = [];
  const repeated: string[] = [];
  let missing = 0;
  cells.forEach((k, r) => {
    if (k === null) {
      missing += 1;
      return;
    }
    if (index.has(k)) {
      repeated.push(k);
      return;
    }
    index.set(k, keys.length);
    keys.push(k);
    rows.push(r);
  });
  if (repeated.length > 0) {
    const keep = options.keepFirstDuplicate ?? false;
    problems.push({
      code: 'duplicate-subjects',
      blocking: !keep,
      count: repeated.length,
      examples: examplesOf(repeated),
      message:
        `${plural(repeated.length, 'subject row')} repeat${repeated.length === 1 ? 's' : ''} a key already used ` +
        `(for example "${examplesOf(repeated, 3).join('", "')}"): a key must name one subject. ` +
        (keep
          ? 'The first row of each key is kept, as you chose.'
          : 'Remove the repeats, or choose to keep the first row of each key.'),
    });
  }
  if (missing > 0)
    problems.push({
      code: 'missing-key',
      blocking: !(options.dropMissingKeys ?? false),
      count: missing,
      examples: [],
      message:
        `${plural(missing, 'subject row')} ${missing === 1 ? 'has' : 'have'} no key, so no event can refer to ${missing === 1 ? 'it' : 'them'}. ` +
        (options.dropMissingKeys
          ? 'They were set aside, as you chose.'
          : 'Fill the keys in, or choose to set these rows aside.'),
    });
  return { keys, index, rows };
}

/**
 * Reads a subject table and an event table linked by `options.key`. Subjects with no events
 * are kept (entities of length 0) and counted.
 */
export function readLinkedTables(
  subjects: CellTable,
  events: CellTable,
  options: SequenceReadOptions,
): SequenceRead {
  const problems = [
    ...columnProblems(subjects, { key: options.key }, 'The subject table'),
    ...columnProblems(events, options, 'The event table'),
  ];
  if (problems.some((p) => p.blocking)) return { table: null, problems };
  const subj = subjectKeys(columnOf(subjects, options.key) as Cell[], options, problems);
  const eventKeys = columnOf(events, options.key) as Cell[];
  const entityOf = new Int32Array(events.rows);
  const orphans: string[] = [];
  let missing = 0;
  eventKeys.forEach((k, i) => {
    const e = k === null ? undefined : subj.index.get(k);
    entityOf[i] = e ?? -1;
    if (k === null) missing += 1;
    else if (e === undefined) orphans.push(k);
  });
  if (orphans.length > 0) {
    const drop = options.dropOrphans ?? false;
    problems.push({
      code: 'orphan-events',
      blocking: !drop,
      count: orphans.length,
      examples: examplesOf(orphans),
      message:
        `${plural(orphans.length, 'event')} refer${orphans.length === 1 ? 's' : ''} to a key with no subject ` +
        `(for example "${examplesOf(orphans, 3).join('", "')}"). ` +
        (drop
          ? 'They were set aside, as you chose.'
          : 'Add their subjects, or choose to set these events aside.'),
    });
  }
  if (missing > 0)
    problems.push({
      code: 'missing-key',
      blocking: !(options.dropMissingKeys ?? false),
      count: missing,
      examples: [],
      message:
        `${plural(missing, 'event')} ${missing === 1 ? 'has' : 'have'} no value in the key column "${options.key}". ` +
        (options.dropMissingKeys
          ? 'They were set aside, as you chose.'
          : 'Fill the keys in, or choose to set these events aside.'),
    });
  const withEvents = new Uint8Array(subj.keys.length);
  entityOf.forEach((e) => {
    if (e >= 0) withEvents[e] = 1;
  });
  const empty = withEvents.length - withEvents.reduce((s, v) => s + v, 0);
  if (empty > 0)
    problems.push({
      code: 'subject-without-events',
      blocking: false,
      count: empty,
      examples: [],
      message: `${plural(empty, 'subject')} ${empty === 1 ? 'has' : 'have'} no events: kept, as entities with no events.`,
    });
  const subjectColumns = subjects.names.filter((n) => n !== options.key);
  const subjectCells = subjectColumns.map((n) => {
    const col = columnOf(subjects, n) as Cell[];
    return subj.rows.map((r) => col[r] as Cell);
  });
  const eventColumns = events.names.filter((n) => n !== options.key);
  return assemble(
    {
      shape: 'linked',
      keys: subj.keys,
      subjectColumns,
      subjects: subjectCells,
      entityOf,
      eventColumns,
      eventCells: eventColumns.map((n) => columnOf(events, n) as Cell[]),
      problems,
    },
    options,
  );
}
