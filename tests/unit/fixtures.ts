import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsvText } from '../../src/core/data/csv-reader';
import type { RawTable } from '../../src/core/types';

/** Text of a file in tests/fixtures. */
export function fixtureText(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)), 'utf8');
}

/** Cell (row, column) of a raw table, by column name. */
export function cell(table: RawTable, row: number, column: string): string {
  const c = table.columns[table.names.indexOf(column)];
  if (!c) throw new Error(`no column ${column}`);
  return c.values[c.codes[row] as number] as string;
}

/** Column of a raw table as strings. */
export function columnValues(table: RawTable, column: string): string[] {
  return Array.from({ length: table.rowCount }, (_, r) => cell(table, r, column));
}

export const readFixture = (path: string) => readCsvText(fixtureText(path));

const TINY_CTGAN = {
  batchSize: 20,
  pac: 10,
  generatorDims: [16, 16],
  discriminatorDims: [16, 16],
  embeddingDim: 8,
};
const TINY_TVAE = {
  batchSize: 20,
  compressDims: [16, 16],
  decompressDims: [16, 16],
  embeddingDim: 8,
};
const TINY_ARGN = { regressorUnits: [4], batchSize: 16 };

/** Networks small enough to train in a unit test (spread into a SynthesisConfig). */
export const SMALL_MODELS = { ctgan: TINY_CTGAN, tvae: TINY_TVAE, argn: TINY_ARGN };
