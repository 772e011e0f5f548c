import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CsvStreamReader, readCsvText, type ReadResult } from '../../src/core/data/csv-reader';
import { tableRows, writeCsv } from '../../src/core/data/csv-writer';
import { inferSchema } from '../../src/core/data/schema-inference';
import { ReadError } from '../../src/core/data/table-builder';
import type { RawTable } from '../../src/core/types';
import { readFile } from '../../src/worker/read-file';

/**
 * The hostile-input corpus (tests/fixtures/bad, described in README "Hostile input corpus"):
 * every file goes through the engine worker's own reading path (sniff, decode, stream-parse,
 * build the table) and then schema inference, and must end in the outcome expected.json names
 * for it: a specific ReadError, or a table of the right shape with its cells in their columns.
 */

interface Expected {
  what: string;
  error?: string;
  message?: string;
  rows?: number;
  columns?: number;
  names?: string[];
  cells?: Record<string, string[]>;
  kinds?: Record<string, string>;
  note?: Record<string, string>;
  warning?: string;
  delimiter?: string;
  lineEnding?: string;
  ragged?: number;
  setAside?: number;
  renamed?: number;
  blankLines?: number;
  longCell?: { column: string; row: number; length: number };
  neutralised?: Record<string, string[]>;
}

const dir = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));
const expected = (
  JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as {
    files: Record<string, Expected>;
  }
).files;
const corpus = readdirSync(dir).filter((f) => f !== 'expected.json');

/** Reads bytes exactly as the engine worker reads a dropped file. */
async function readAsWorker(bytes: Uint8Array<ArrayBuffer>): Promise<ReadResult> {
  return readFile(new Blob([bytes]), new AbortController().signal, () => undefined);
}

async function outcome(bytes: Uint8Array<ArrayBuffer>): Promise<ReadResult | ReadError> {
  try {
    return await readAsWorker(bytes);
  } catch (e) {
    if (e instanceof ReadError) return e;
    throw e;
  }
}

function column(table: RawTable, name: string): string[] {
  const index = table.names.indexOf(name);
  expect(index, `column ${name} in ${table.names.join(', ')}`).toBeGreaterThanOrEqual(0);
  return tableRows(table).map((row) => row[index] as string);
}

function checkTable(result: ReadResult, e: Expected): void {
  const { table, report } = result;
  expect(table.rowCount).toBe(e.rows);
  expect(table.names).toHaveLength(e.columns as number);
  for (const c of table.columns) expect(c.codes).toHaveLength(table.rowCount);
  if (e.names) expect(table.names).toEqual(e.names);
  for (const [name, values] of Object.entries(e.cells ?? {})) {
    expect(column(table, name)).toEqual(values);
  }
  if (e.warning) expect(report.warnings.join('\n')).toMatch(new RegExp(e.warning));
  else expect(report.warnings).toEqual([]);
  if (e.delimiter) expect(report.delimiter).toBe(e.delimiter);
  if (e.lineEnding) expect(report.lineEnding).toBe(e.lineEnding);
  if (e.ragged !== undefined) expect(report.raggedRowCount).toBe(e.ragged);
  if (e.setAside !== undefined) expect(report.setAsideRowCount).toBe(e.setAside);
  if (e.renamed !== undefined) expect(report.renamedHeaders).toHaveLength(e.renamed);
  if (e.blankLines !== undefined) expect(report.blankLinesSkipped).toBe(e.blankLines);
  if (e.longCell) {
    expect(column(table, e.longCell.column)[e.longCell.row]).toHaveLength(e.longCell.length);
  }
  const schema = inferSchema(table);
  expect(schema.columns).toHaveLength(table.names.length);
  const spec = (name: string) => schema.columns.find((c) => c.name === name);
  for (const [name, kind] of Object.entries(e.kinds ?? {})) expect(spec(name)?.kind).toBe(kind);
  for (const [name, note] of Object.entries(e.note ?? {})) {
    expect(spec(name)?.notes.join(' ')).toMatch(new RegExp(note));
  }
  if (e.neutralised) {
    const written = readCsvText(
      writeCsv(table.names, tableRows(table), { neutraliseFormulas: true }),
    );
    for (const [name, values] of Object.entries(e.neutralised)) {
      expect(column(written.table, name)).toEqual(values);
    }
  }
}

describe('the hostile input corpus', () => {
  it('holds at least 30 files, each with an expected outcome, and no outcome without a file', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect([...corpus].sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(corpus)('%s ends in its expected outcome', async (file) => {
    const e = expected[file] as Expected;
    const result = await outcome(new Uint8Array(readFileSync(`${dir}${file}`)));
    if (e.error) {
      expect(result, `${file} should be refused`).toBeInstanceOf(ReadError);
      const error = result as ReadError;
      expect(error.code).toBe(e.error);
      expect(error.message).toMatch(new RegExp(e.message as string));
      // A message is for people: short, and never a dump of the file.
      expect(error.message.length).toBeLessThan(300);
    } else {
      expect(result, `${file} should load`).not.toBeInstanceOf(ReadError);
      checkTable(result as ReadResult, e);
    }
  });
});

describe('hostile input made on the fly (too large to commit)', () => {
  const tenMb = 10 * 1024 * 1024;

  it('a 10 MB single line with no delimiter is a header without rows, named briefly', async () => {
    const bytes = new TextEncoder().encode('abcdefghij'.repeat(tenMb / 10));
    const result = await outcome(bytes);
    expect(result).toBeInstanceOf(ReadError);
    expect((result as ReadError).code).toBe('header-only');
    expect((result as ReadError).message).toMatch(/^This file has a header \(abcdefghij/);
    expect((result as ReadError).message.length).toBeLessThan(200);
  });

  it('a 10 MB single line of comma-separated values is refused for its column count', async () => {
    const bytes = new TextEncoder().encode('1234567,'.repeat(tenMb / 8));
    const result = await outcome(bytes);
    expect(result).toBeInstanceOf(ReadError);
    expect((result as ReadError).code).toBe('too-many-columns');
    expect((result as ReadError).message).toMatch(/1,310,721 columns/);
  });
});

describe('mixed line endings', () => {
  const text = readFileSync(`${dir}mixed-line-endings.csv`, 'utf8');

  it.each([1, 2, 3, 5, 8])(
    'give the same table when the text arrives %i characters at a time',
    (size) => {
      const reader = new CsvStreamReader(false);
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      const streamed = reader.end();
      expect(tableRows(streamed.table)).toEqual(tableRows(readCsvText(text).table));
      expect(streamed.table.rowCount).toBe(5);
    },
  );

  it.each([1, 2, 3, 4096])(
    'are noticed after the first 64 KB too, arriving %i characters at a time',
    (size) => {
      // The first 100 KB (CRLF only) choose the dialect; LF and CR lines come later.
      const head = 'id,name\r\n' + 'x,y\r\n'.repeat(20_000);
      const tail = '1,a\n2,b\r3,"c\r\nd"\r\n4,e\r';
      const reader = new CsvStreamReader(false);
      reader.push(head);
      for (let i = 0; i < tail.length; i += size) reader.push(tail.slice(i, i + size));
      const { table, report } = reader.end();
      expect(table.rowCount).toBe(20_004);
      expect(report.raggedRowCount).toBe(0);
      expect(report.warnings.join(' ')).toMatch(/mixes line endings/);
      expect(tableRows(table).slice(-5)).toEqual([
        ['x', 'y'],
        ['1', 'a'],
        ['2', 'b'],
        ['3', 'c\nd'],
        ['4', 'e'],
      ]);
    },
  );

  it.each([
    ['CRLF', 'a,b\r\n"x\r\ny",1\r\n"p\nq",2\r\n', 'p\nq'],
    ['LF', 'a,b\n"x\r\ny",1\n"p\rq",2\n', 'p\rq'],
  ])('are not seen in a %s file whose other line breaks are inside quotes', (_, text, cell) => {
    const { table, report } = readCsvText(text);
    expect(tableRows(table)).toEqual([
      ['x\r\ny', '1'],
      [cell, '2'],
    ]);
    expect(report.warnings).toEqual([]);
  });
});
