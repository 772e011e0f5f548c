/**
 * Reading entities from one long table: a key column, an optional order column, and columns
 * constant within each entity taken as the entity's own (its subject columns).
 */
import { columnOf, type Cell, type CellTable } from './cells';
import { assemble } from './assemble';
import { plural, type SequenceProblem, type SequenceRead } from './entity-table';
import type { SequenceReadOptions } from './read-options';

/** A column is a subject column when constant within at least this share of entities (the judge's). */
export const SUBJECT_SHARE = 0.99;

/** Checks that the key and order columns exist; the problems that stop the read, if any. */
export function columnProblems(
  table: CellTable,
  options: SequenceReadOptions,
  what: string,
): SequenceProblem[] {
  const problems: SequenceProblem[] = [];
  const none = (code: SequenceProblem['code'], role: string, name: string) =>
    problems.push({
      code,
      blocking: true,
      count: 0,
      examples: [],
      message: `${what} has no column "${name}" to use as the ${role}. Its columns are: ${table.names.join(', ')}.`,
    });
  if (!table.names.includes(options.key)) none('no-key-column', 'entity key', options.key);
  if (options.order != null) {
    if (options.order === options.key)
      problems.push({
        code: 'no-order-column',
        blocking: true,
        count: 0,
        examples: [],
        message: `The order column cannot be the key column "${options.key}".`,
      });
    else if (!table.names.includes(options.order)) none('no-order-column', 'order', options.order);
  }
  if (table.rows === 0)
    problems.push({
      code: 'no-rows',
      blocking: true,
      count: 0,
      examples: [],
      message: `${what} has a header but no rows: there are no events to learn from.`,
    });
  return problems;
}

/** Per row, its entity index (first appearance order), -1 for a missing key. */
export function entitiesOfKeys(keyCells: readonly Cell[]): {
  keys: string[];
  entityOf: Int32Array;
} {
  const index = new Map<string, number>();
  const keys: string[] = [];
  const entityOf = new Int32Array(keyCells.length);
  keyCells.forEach((k, i) => {
    if (k === null) {
      entityOf[i] = -1;
      return;
    }
    let e = index.get(k);
    if (e === undefined) {
      e = keys.length;
      index.set(k, e);
      keys.push(k);
    }
    entityOf[i] = e;
  });
  return { keys, entityOf };
}

/** Entities (of `entities`) within which the column takes more than one value, missing included. */
export function entitiesWhereVaries(
  cells: readonly Cell[],
  entityOf: Int32Array,
  entities: number,
): number {
  const first: (Cell | undefined)[] = new Array<Cell | undefined>(entities);
  const varies = new Uint8Array(entities);
  cells.forEach((c, i) => {
    const e = entityOf[i] as number;
    if (e < 0) return;
    if (first[e] === undefined) first[e] = c;
    else if (first[e] !== c) varies[e] = 1;
  });
  return varies.reduce((s, v) => s + v, 0);
}

/** The columns (other than key and order) constant within at least 99 % of the entities. */
export function findSubjectColumns(table: CellTable, key: string, order: string | null): string[] {
  const keyCells = columnOf(table, key);
  if (!keyCells) return [];
  const { keys, entityOf } = entitiesOfKeys(keyCells);
  if (keys.length === 0) return [];
  return table.names.filter((name, j) => {
    if (name === key || name === order) return false;
    const varies = entitiesWhereVaries(table.columns[j] as Cell[], entityOf, keys.length);
    return (keys.length - varies) / keys.length >= SUBJECT_SHARE;
  });
}

function missingKeyProblem(count: number, dropped: boolean, key: string): SequenceProblem {
  return {
    code: 'missing-key',
    blocking: !dropped,
    count,
    examples: [],
    message:
      `${plural(count, 'row')} ${count === 1 ? 'has' : 'have'} no value in the key column "${key}", ` +
      (dropped
        ? 'and were set aside as you chose.'
        : 'so they belong to no entity. Fill the key in, or choose to set these rows aside.'),
  };
}

/**
 * Reads one long table as entities with events. Subject columns are found (constant within
 * 99 % of entities) unless `options.subjectColumns` names them; each entity's subject value is
 * its first present one in file order, and a subject column that varies inside some entities is
 * reported with their count.
 */
export function readLongTable(table: CellTable, options: SequenceReadOptions): SequenceRead {
  const problems = columnProblems(table, options, 'The table');
  if (problems.some((p) => p.blocking)) return { table: null, problems };
  const order = options.order ?? null;
  const keyCells = columnOf(table, options.key) as Cell[];
  const { keys, entityOf } = entitiesOfKeys(keyCells);
  const missing = entityOf.reduce((s, e) => s + (e < 0 ? 1 : 0), 0);
  if (missing > 0)
    problems.push(missingKeyProblem(missing, options.dropMissingKeys ?? false, options.key));

  const unknown = (options.subjectColumns ?? []).filter(
    (c) => !table.names.includes(c) || c === options.key || c === order,
  );
  if (unknown.length > 0)
    problems.push({
      code: 'no-key-column',
      blocking: true,
      count: unknown.length,
      examples: unknown,
      message: `These cannot be subject columns: ${unknown.join(', ')} (not in the table, or the key or order column).`,
    });
  // A missing key still lets the order column be read, so the user sees every problem at once.
  if (problems.some((p) => p.blocking && p.code !== 'missing-key'))
    return { table: null, problems };

  const subjectColumns = options.subjectColumns
    ? [...options.subjectColumns]
    : findSubjectColumns(table, options.key, order);
  if (keys.length > 0 && keys.length === table.rows - missing)
    problems.push({
      code: 'one-event-each',
      blocking: false,
      count: keys.length,
      examples: [],
      message:
        `Every entity has exactly one event: "${options.key}" may not be the entity key ` +
        "(every column then looks like one of the entity's own).",
    });
  const subjects = subjectColumns.map((name) => {
    const cells = columnOf(table, name) as Cell[];
    const varies = entitiesWhereVaries(cells, entityOf, keys.length);
    if (varies > 0)
      problems.push({
        code: 'subject-varies',
        blocking: false,
        count: varies,
        examples: [],
        message:
          `"${name}" is taken as the entity's own column but varies within ${plural(varies, 'entity', 'entities')}: ` +
          'their first value is kept. Mark it as an event column to keep every value.',
      });
    const out: Cell[] = new Array<Cell>(keys.length).fill(null);
    const seen = new Uint8Array(keys.length);
    cells.forEach((c, i) => {
      const e = entityOf[i] as number;
      if (e >= 0 && !seen[e] && c !== null) {
        out[e] = c;
        seen[e] = 1;
      }
    });
    return out;
  });
  const eventColumns = table.names.filter((n) => n !== options.key && !subjectColumns.includes(n));
  const eventCells = eventColumns.map((n) => columnOf(table, n) as Cell[]);
  return assemble(
    { shape: 'long', keys, subjectColumns, subjects, entityOf, eventColumns, eventCells, problems },
    options,
  );
}
