import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ColumnDictionary } from '../../src/core/data/column-dictionary';
import { CsvStreamReader } from '../../src/core/data/csv-reader';
import { TableBuilder } from '../../src/core/data/table-builder';
import { mulberry32 } from '../bench/bench-csv';

/** Cells that exercise every branch of the scanner: plain, quoted, doubled quotes, breaks. */
const CELLS = [
  'a',
  '',
  '12.5',
  '"x, y"',
  '""',
  '"say ""hi"""',
  '"two\nlines"',
  '"cr\r\nlf"',
  'caf\u00e9',
  ' spaced ',
  'b"c',
  '"q" ',
  '😀',
] as const;

/** A seeded CSV of `rows` records with 3 columns, some short, long, blank or odd. */
function messyCsv(seed: number, rows: number, eol: string): string {
  const rand = mulberry32(seed);
  const pick = () => CELLS[Math.floor(rand() * CELLS.length)] as string;
  const lines = ['h1,h2,h3'];
  for (let r = 0; r < rows; r += 1) {
    const roll = rand();
    const width = roll < 0.05 ? 2 : roll < 0.1 ? 4 : roll < 0.13 ? 0 : 3;
    lines.push(Array.from({ length: width }, pick).join(','));
  }
  return lines.join(eol) + eol;
}

/** The table as papaparse alone reads the whole text (the reader before the scanner). */
function papaTable(text: string, eol: string) {
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', newline: eol as '\n' });
  const records = parsed.data;
  records.pop();
  const builder = new TableBuilder(records[0] as string[]);
  builder.addRecords(records.slice(1));
  return builder.finish({ delimiter: ',', lineEnding: eol as '\n', hadBom: false, warnings: [] });
}

function readInPieces(text: string, seed: number) {
  const rand = mulberry32(seed);
  const reader = new CsvStreamReader(false);
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(rand() * 300);
    reader.push(text.slice(at, at + size));
    at += size;
  }
  return reader.end();
}

function rowsOf(table: ReturnType<typeof papaTable>['table']): string[][] {
  return Array.from({ length: table.rowCount }, (_, r) =>
    table.columns.map((c) => c.values[c.codes[r] as number] as string),
  );
}

describe('the fast CSV scanner', () => {
  it.each(['\n', '\r\n'])(
    'reads the same table, ragged rows and line numbers as papaparse, whatever the chunks (%j)',
    (eol) => {
      for (const seed of [1, 2, 3]) {
        // Longer than the 64 KiB the reader gathers before it picks the delimiter.
        const text = messyCsv(seed, 9000, eol);
        expect(text.length).toBeGreaterThan(70_000);
        const expected = papaTable(text, eol);
        const got = readInPieces(text, seed + 10);
        expect(rowsOf(got.table)).toEqual(rowsOf(expected.table));
        expect(got.report.raggedRows).toEqual(expected.report.raggedRows);
        expect(got.report.raggedRowCount).toBe(expected.report.raggedRowCount);
        expect(got.report.blankLinesSkipped).toBe(expected.report.blankLinesSkipped);
      }
    },
  );
});

describe('the column dictionary', () => {
  it('gives one code per distinct cell, in first-seen order, with counts, across growth', () => {
    const dict = new ColumnDictionary();
    const text = 'xx|yy|';
    for (let row = 0; row < 5000; row += 1) dict.push(row, `v${row % 700}`);
    dict.pushRange(5000, text, 0, 2);
    dict.pushRange(5001, text, 3, 5);
    dict.push(5002, 'xx');
    dict.pushRange(5003, text, 2, 2);
    const column = dict.finish(5004);
    expect(column.values.length).toBe(703);
    expect(column.values.slice(0, 3)).toEqual(['v0', 'v1', 'v2']);
    expect(column.values.slice(700)).toEqual(['xx', 'yy', '']);
    expect(column.counts[0]).toBe(Math.ceil(5000 / 700));
    expect(column.counts[700]).toBe(2);
    expect(column.codes[699]).toBe(699);
    expect(column.codes[700]).toBe(0);
    expect(Array.from(column.codes.slice(5000))).toEqual([700, 701, 700, 702]);
  });
});
