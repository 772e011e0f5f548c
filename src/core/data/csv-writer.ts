import type { RawTable } from '../types';

export interface WriteOptions {
  delimiter?: string;
  lineEnding?: '\n' | '\r\n';
  /**
   * Prefix a `'` to every cell (header names included) that a spreadsheet would run as a
   * formula: one that starts with `=`, `+`, `-`, `@`, a tab or a carriage return, unless it is a
   * plain number (see {@link looksLikeFormula}). Off by default so that the writer stays
   * lossless (read -> write -> read gives every cell back); the app's export turns it on unless
   * the user opts out.
   */
  neutraliseFormulas?: boolean;
}

/** First characters on which Excel, LibreOffice and Google Sheets start a formula (or DDE). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A plain number that a spreadsheet reads as a number, not a formula: an optional sign, an
 * optional leading decimal mark, then digits with `.` or `,` (decimal or thousands marks) and
 * spaces or `'` between digit groups, an optional exponent and an optional `%`. So `-3.5`,
 * `+1`, `-1,234.5`, `-3,5`, `-1 234`, `-.5`, `-1e-7`, `-12%` stay as they are; `-2+3`, `-A1`,
 * `+1 (555) 010`, `-Infinity`, `@1` do not qualify.
 */
const PLAIN_NUMBER = /^[+-]?[.,]?\d(?:[\d.,' ]*[\d.,])?(?:[eE][+-]?\d+)?%?$/;

/**
 * Whether a spreadsheet opening the CSV would run this cell as a formula (CSV or formula
 * injection, OWASP): it starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a
 * plain number. A lone `-` or `+` (a common "no value" mark) is text to every spreadsheet and is
 * left alone.
 */
export function looksLikeFormula(value: string): boolean {
  if (!FORMULA_START.test(value)) return false;
  if (value === '-' || value === '+') return false;
  return !PLAIN_NUMBER.test(value);
}

/** The cell as a spreadsheet will show it, never run it: `'` in front of a formula. */
export function neutraliseFormula(value: string): string {
  return looksLikeFormula(value) ? `'${value}` : value;
}

/**
 * Writes a table back to CSV text, quoting only the cells that need it (a delimiter, a quote,
 * a line break, or, in a one-column table, an empty cell, which would otherwise read as a blank
 * line). Spaces at either end stay unquoted, as in the input files they come from (adult.csv);
 * the reader keeps them. Reading the result gives back every cell exactly, unless
 * `neutraliseFormulas` is on (then formula-like cells come back with a leading `'`).
 */
export function writeCsv(
  names: readonly string[],
  rows: readonly (readonly string[])[],
  options: WriteOptions = {},
): string {
  const delimiter = options.delimiter ?? ',';
  const newline = options.lineEnding ?? '\n';
  const oneColumn = names.length === 1;
  const neutralise = options.neutraliseFormulas === true;
  // papaparse's unparse always quotes cells with outer spaces; this writer keeps the input's style.
  const cell = (raw: string) => {
    const value = neutralise ? neutraliseFormula(raw) : raw;
    return needsQuotes(value, delimiter, oneColumn) ? `"${value.replace(/"/g, '""')}"` : value;
  };
  const lines: string[] = [names.map(cell).join(delimiter)];
  for (const row of rows) lines.push(row.map(cell).join(delimiter));
  return lines.join(newline) + newline;
}

function needsQuotes(value: string, delimiter: string, oneColumn: boolean): boolean {
  return (
    value.includes(delimiter) ||
    value.includes('"') ||
    value.includes('\n') ||
    value.includes('\r') ||
    (oneColumn && value === '')
  );
}

/** Rows `[start, end)` of a raw table as strings, clipped to the table (default: all rows). */
export function tableRows(table: RawTable, start = 0, end = table.rowCount): string[][] {
  const from = Math.max(0, Math.min(start, table.rowCount));
  const to = Math.max(from, Math.min(end, table.rowCount));
  const rows: string[][] = [];
  for (let r = from; r < to; r += 1) {
    rows.push(table.columns.map((c) => c.values[c.codes[r] as number] ?? ''));
  }
  return rows;
}
