import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { tableRows, writeCsv } from '../../src/core/data/csv-writer';
import { fixtureText } from './fixtures';

const FIXTURES = [
  'kinds.csv',
  'messy/bom-crlf-quotes.csv',
  'messy/semicolon-decimal-comma.csv',
  'messy/tab.tsv',
  'messy/pipe.csv',
  'messy/bad-header.csv',
  'messy/thousands.csv',
];

describe('parse, then unparse, keeps every value', () => {
  it.each(FIXTURES)('%s survives read -> write -> read unchanged', (path) => {
    const first = readCsvText(fixtureText(path));
    const written = writeCsv(first.table.names, tableRows(first.table), {
      delimiter: first.report.delimiter,
    });
    const second = readCsvText(written);
    expect(second.table.names).toEqual(first.table.names);
    expect(tableRows(second.table)).toEqual(tableRows(first.table));
  });

  it('keeps cells with quotes, delimiters, line breaks, outer spaces and formulas-looking text', () => {
    const rows = [
      ['a "quoted" word', 'x,y', 'two\nlines', '  padded  ', '=SUM(A1)', ''],
      ['', ';', '\r\n', '"', '-', 'ünïcödé ✓'],
    ];
    const names = ['q', 'd', 'n', 's', 'f', 'e'];
    const again = readCsvText(writeCsv(names, rows));
    expect(tableRows(again.table)).toEqual(rows);
  });
});

describe('writing CSV like the input', () => {
  it('leaves spaces and empty cells unquoted, as adult.csv has them', () => {
    expect(writeCsv(['a', 'b', 'c'], [[' State-gov', '', '7']])).toBe('a,b,c\n State-gov,,7\n');
  });

  it('quotes an empty cell of a one-column table so it is not read as a blank line', () => {
    const text = writeCsv(['x'], [['1'], [''], ['2']]);
    expect(tableRows(readCsvText(text).table)).toEqual([['1'], [''], ['2']]);
  });
});
