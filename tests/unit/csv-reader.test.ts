import { describe, expect, it } from 'vitest';
import { CsvStreamReader, readCsvText } from '../../src/core/data/csv-reader';
import { ReadError } from '../../src/core/data/table-builder';
import { cell, columnValues, fixtureText, readFixture } from './fixtures';

describe('reading messy CSV files', () => {
  it('drops a UTF-8 byte-order mark from the first header name and reports it', () => {
    const { table, report } = readFixture('messy/bom-crlf-quotes.csv');
    expect(table.names).toEqual(['name', 'city', 'amount']);
    expect(report.hadBom).toBe(true);
  });

  it('reads CRLF line endings and keeps quoted delimiters, doubled quotes and line breaks in cells', () => {
    const { table, report } = readFixture('messy/bom-crlf-quotes.csv');
    expect(report.lineEnding).toBe('\r\n');
    expect(cell(table, 0, 'city')).toBe('London, UK');
    expect(cell(table, 1, 'city')).toBe('New\r\nYork');
    expect(cell(table, 2, 'name')).toBe('Alan "the" T');
  });

  it('ignores trailing blank lines', () => {
    const { table, report } = readFixture('messy/bom-crlf-quotes.csv');
    expect(table.rowCount).toBe(3);
    expect(report.raggedRowCount).toBe(0);
    expect(report.blankLinesSkipped).toBe(2);
  });

  it.each([
    ['messy/semicolon-decimal-comma.csv', ';'],
    ['messy/tab.tsv', '\t'],
    ['messy/pipe.csv', '|'],
    ['messy/bom-crlf-quotes.csv', ','],
  ])('detects the delimiter of %s', (path, delimiter) => {
    expect(readFixture(path).report.delimiter).toBe(delimiter);
  });

  it('does not split on a delimiter inside quotes when detecting a semicolon file', () => {
    const { table } = readFixture('messy/semicolon-decimal-comma.csv');
    expect(table.names).toEqual(['a', 'b', 'c']);
    expect(cell(table, 2, 'b')).toBe('z;w');
  });

  it('reports ragged rows with their line numbers: short rows padded, long rows set aside', () => {
    const { table, report } = readFixture('messy/ragged.csv');
    expect(report.raggedRows).toEqual([
      { line: 3, expected: 3, got: 2, action: 'padded' },
      { line: 4, expected: 3, got: 4, action: 'set-aside' },
      { line: 8, expected: 3, got: 5, action: 'set-aside' },
    ]);
    expect(report.setAsideRowCount).toBe(2);
    // Nothing shifted: every kept row has its own values under its own header.
    expect(columnValues(table, 'id')).toEqual(['1', '2', '4', '5']);
    expect(columnValues(table, 'name')).toEqual(['Ada', 'Grace', 'Linus', 'Multi\nline']);
    expect(columnValues(table, 'score')).toEqual(['9', '', '8', '6']);
  });

  it('counts lines inside quoted line breaks when numbering later rows', () => {
    const text = 'a,b\n"x\ny\nz",1\n2\n';
    expect(readCsvText(text).report.raggedRows[0]?.line).toBe(5);
  });

  it('renames empty and repeated header names and says which', () => {
    const { table, report } = readFixture('messy/bad-header.csv');
    expect(table.names).toEqual(['column_1', 'name', 'name_2', 'column_4', 'score']);
    expect(report.renamedHeaders.map((r) => r.renamed)).toEqual(['column_1', 'name_2', 'column_4']);
  });

  it('gives the same table whatever the chunk sizes of the stream', () => {
    const text = fixtureText('kinds.csv');
    const whole = readCsvText(text);
    for (const size of [1, 7, 100, 4096]) {
      const reader = new CsvStreamReader(false);
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      const streamed = reader.end();
      expect(streamed.table.rowCount).toBe(whole.table.rowCount);
      for (const name of whole.table.names) {
        expect(columnValues(streamed.table, name)).toEqual(columnValues(whole.table, name));
      }
    }
  });

  it('warns about a quote that never closes, naming its line', () => {
    const { report } = readCsvText('a,b\n1,2\n3,"open\n4,5\n');
    expect(report.warnings.join(' ')).toMatch(/line 3 is never closed/);
  });

  it('warns when only one column is found', () => {
    const { report } = readCsvText('name\nAda\nGrace\n');
    expect(report.warnings.join(' ')).toMatch(/Only one column/);
  });

  it('keeps blank lines between values of a one-column table as missing cells', () => {
    const { table } = readCsvText('name\nAda\n\nGrace\n\n');
    expect(columnValues(table, 'name')).toEqual(['Ada', '', 'Grace']);
  });

  it.each([
    ['', 'empty'],
    ['\n\n\n', 'empty'],
    ['a,b,c\n', 'header-only'],
    ['a,b,c\r\n\r\n', 'header-only'],
  ])('refuses %j with a ReadError coded %s', (text, code) => {
    try {
      readCsvText(text);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(ReadError);
      expect((e as ReadError).code).toBe(code);
    }
  });

  it('refuses more than 500 columns with a message naming the count', () => {
    const header = Array.from({ length: 501 }, (_, i) => `c${i}`).join(',');
    expect(() => readCsvText(`${header}\n${'1,'.repeat(500)}1\n`)).toThrow(/501 columns/);
  });
});
