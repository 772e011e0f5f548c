import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/core/data/csv-reader';
import { looksLikeFormula, tableRows, writeCsv } from '../../src/core/data/csv-writer';

const neutralised = (names: string[], rows: string[][]) =>
  writeCsv(names, rows, { neutraliseFormulas: true });

describe('neutralising cells a spreadsheet would run as formulas', () => {
  it.each([
    '=SUM(A1:A9)',
    '=HYPERLINK("http://example.com","x")',
    "+cmd|' /C calc'!A0",
    '-2+3',
    '-A1',
    '@SUM(1)',
    '\t=1+1',
    '\r=1+1',
    '+1 (555) 010',
    '-Infinity',
  ])('prefixes %j with a quote mark', (value) => {
    const text = neutralised(['x', 'y'], [[value, 'ok']]);
    const back = readCsvText(text).table;
    expect(tableRows(back)).toEqual([[`'${value}`, 'ok']]);
  });

  it.each(['-3.5', '+1', '-1,234.5', '-3,5', '-1 234', '-.5', '-1e-7', '+2.5E+10', '-12%', '0'])(
    'leaves the plain number %j as it is, so it reads back as a number',
    (value) => {
      expect(looksLikeFormula(value)).toBe(false);
      expect(neutralised(['n', 'm'], [[value, '1']])).toContain(
        `\n${/[,]/.test(value) ? `"${value}"` : value},1\n`,
      );
    },
  );

  it('leaves a lone "-" or "+" (a "no value" mark) and ordinary text alone', () => {
    const rows = [['-', '+', 'plain', ' =not at the start', 'a=b', '']];
    expect(tableRows(readCsvText(neutralised(['a', 'b', 'c', 'd', 'e', 'f'], rows)).table)).toEqual(
      rows,
    );
  });

  it('neutralises header names too', () => {
    const text = neutralised(['=cmd', 'ok'], [['1', '2']]);
    expect(readCsvText(text).table.names).toEqual(["'=cmd", 'ok']);
  });

  it('quotes a neutralised cell that holds the delimiter, so the columns do not shift', () => {
    const text = neutralised(['f', 'g'], [['=A1,B1', 'x']]);
    expect(text).toBe('f,g\n"\'=A1,B1",x\n');
    expect(tableRows(readCsvText(text).table)).toEqual([["'=A1,B1", 'x']]);
  });

  it('is off unless asked: the plain writer gives every formula-looking cell back unchanged', () => {
    const rows = [['=SUM(A1)', '@x', '-A1', '+1']];
    expect(tableRows(readCsvText(writeCsv(['a', 'b', 'c', 'd'], rows)).table)).toEqual(rows);
    expect(tableRows(readCsvText(writeCsv(['a', 'b', 'c', 'd'], rows, {})).table)).toEqual(rows);
  });
});
