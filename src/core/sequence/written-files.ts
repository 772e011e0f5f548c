/**
 * Synthetic entities written in the input's shape, and the checks the judge makes on the files
 * as written: the share of events whose key names a subject, whether order values go up in file
 * order, and whether subject keys are unique.
 */
import { writeCsv } from '../data/csv-writer';
import { toCell, type CellTable } from './cells';
import type { EntityTable } from './entity-table';
import { linkedShare, orderAsWrittenShare } from './read-entities';
import { toEventRows, toLongRows, toSubjectRows, type RowsOut } from './write-entities';

export interface WrittenTable {
  role: 'long' | 'subjects' | 'events';
  out: RowsOut;
  csv: string;
}

export interface WrittenEntities {
  tables: WrittenTable[];
  integrity: number;
  writtenOrder: number | null;
  subjectKeysUnique: boolean;
}

/** A written table read back as cells (as the judge reads the file). */
export function cellsOfRows(out: RowsOut): CellTable {
  return {
    names: out.names,
    columns: out.names.map((_, j) => out.rows.map((r) => toCell(r[j] ?? ''))),
    rows: out.rows.length,
  };
}

/**
 * Writes `synth` as one long table (column order `longNames`, the input's header) or, for a
 * linked input, as a subject table and an event table; formulas are neutralised as in every
 * export of the app.
 */
export function writeEntities(synth: EntityTable, longNames: readonly string[]): WrittenEntities {
  const csv = (out: RowsOut) => writeCsv(out.names, out.rows, { neutraliseFormulas: true });
  const keys = synth.keys;
  const subjectKeysUnique = new Set(keys).size === keys.length;
  if (synth.shape === 'long') {
    const out = toLongRows(synth, longNames);
    return {
      tables: [{ role: 'long', out, csv: csv(out) }],
      integrity: 1,
      writtenOrder: orderAsWrittenShare(cellsOfRows(out), synth.key, synth.order),
      subjectKeysUnique,
    };
  }
  const subjects = toSubjectRows(synth);
  const events = toEventRows(synth);
  const eventCells = cellsOfRows(events);
  return {
    tables: [
      { role: 'subjects', out: subjects, csv: csv(subjects) },
      { role: 'events', out: events, csv: csv(events) },
    ],
    integrity: linkedShare(eventCells, cellsOfRows(subjects), synth.key),
    writtenOrder: orderAsWrittenShare(eventCells, synth.key, synth.order),
    subjectKeysUnique,
  };
}
