import type { RawTable } from '../types';

export interface WriteOptions {
  delimiter?: string;
  lineEnding?: '\n' | '\r\n';
}

/**
 * Writes a table back to CSV text, quoting only the cells that need it (a delimiter, a quote,
 * a line break, or, in a one-column table, an empty cell, which would otherwise read as a blank
 * line). Spaces at either end stay unquoted, as in the input files they come from (adult.csv);
 * the reader keeps them. Reading the result gives back every cell exactly.
 */
export function writeCsv(
  names: readonly string[],
  rows: readonly (readonly string[])[],
  options: WriteOptions = {},
): string {
  const delimiter = options.delimiter ?? ',';
  const newline = options.lineEnding ?? '\n';
  const oneColumn = names.length === 1;
  // papaparse's unparse always quotes cells with outer spaces; this writer keeps the input's style.
  const cell = (value: string) =>
    needsQuotes(value, delimiter, oneColumn) ? `"${value.replace(/"/g, '""')}"` : value;
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
