import Papa from 'papaparse';
import type { RawTable } from '../types';

export interface WriteOptions {
  delimiter?: string;
  lineEnding?: '\n' | '\r\n';
}

/**
 * Writes a table back to CSV text, quoting only the cells that need it (a delimiter, a quote,
 * a line break, or spaces at either end). Reading the result gives back every cell exactly.
 */
export function writeCsv(
  names: readonly string[],
  rows: readonly (readonly string[])[],
  options: WriteOptions = {},
): string {
  const delimiter = options.delimiter ?? ',';
  const newline = options.lineEnding ?? '\n';
  return (
    Papa.unparse([names as string[], ...(rows as string[][])], {
      delimiter,
      newline,
      quotes: (value: unknown) => needsQuotes(String(value), delimiter),
      escapeFormulae: false,
    }) + newline
  );
}

function needsQuotes(value: string, delimiter: string): boolean {
  return (
    value.includes(delimiter) ||
    value.includes('"') ||
    value.includes('\n') ||
    value.includes('\r') ||
    value !== value.trim() ||
    value === ''
  );
}

/** Every row of a raw table as strings (for export and round-trip tests). */
export function tableRows(table: RawTable): string[][] {
  const rows: string[][] = [];
  for (let r = 0; r < table.rowCount; r += 1) {
    rows.push(table.columns.map((c) => c.values[c.codes[r] as number] ?? ''));
  }
  return rows;
}
