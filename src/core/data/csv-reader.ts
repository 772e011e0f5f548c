import Papa from 'papaparse';
import type { RawTable, ReadReport } from '../types';
import { detectDialect, type Dialect } from './csv-dialect';
import { ReadError, TableBuilder, linesSpanned } from './table-builder';

export interface ReadResult {
  table: RawTable;
  report: ReadReport;
}

/** Text gathered before the delimiter is chosen. */
const DIALECT_SAMPLE_CHARS = 64 * 1024;

/**
 * Reads a CSV from text that arrives in pieces (the worker decodes a File stream; Node passes a
 * whole string) into a {@link RawTable}. The first non-blank record is the header.
 *
 * Records are parsed with papaparse as soon as they are complete; a record cut by a chunk
 * boundary waits for the next piece. A very long record (an unclosed quote) is re-parsed only
 * when the waiting text has doubled, so reading stays fast on hostile input.
 */
export class CsvStreamReader {
  private dialect: Dialect | null = null;
  private parser: Papa.Parser | null = null;
  private waiting = '';
  private waitingParsed = 0;
  private builder: TableBuilder | null = null;
  private leadingBlankLines = 0;
  private readonly warnings: string[] = [];

  constructor(
    private readonly hadBom: boolean,
    notice: string | null = null,
  ) {
    if (notice) this.warnings.push(notice);
  }

  /** Rows read so far (for progress). */
  get rows(): number {
    return this.builder?.rows ?? 0;
  }

  /** Adds the next piece of text. */
  push(text: string): void {
    this.waiting += text;
    if (!this.dialect) {
      if (this.waiting.length < DIALECT_SAMPLE_CHARS) return;
      this.start(false);
    }
    // Re-parse a long unfinished record only when the text behind it has doubled.
    if (this.waiting.length < 2 * this.waitingParsed) return;
    this.parse(false);
  }

  /** Ends the read; throws a {@link ReadError} when the file holds no table. */
  end(): ReadResult {
    if (!this.dialect) this.start(true);
    this.parse(true);
    return this.finish();
  }

  private start(complete: boolean): void {
    if (this.waiting.charCodeAt(0) === 0xfeff) this.waiting = this.waiting.slice(1);
    this.dialect = detectDialect(this.waiting.slice(0, DIALECT_SAMPLE_CHARS), complete);
    this.parser = new Papa.Parser({
      delimiter: this.dialect.delimiter,
      newline: this.dialect.lineEnding,
      skipEmptyLines: false,
    });
  }

  private parse(final: boolean): void {
    const parser = this.parser as Papa.Parser;
    const text = this.waiting;
    if (text.length === 0) return;
    const result = parser.parse(text, 0, !final) as Papa.ParseResult<string[]>;
    const cursor = final ? text.length : result.meta.cursor;
    this.waiting = text.slice(cursor);
    this.waitingParsed = this.waiting.length;
    const quoteAt = final ? unterminatedQuoteRow(result.errors) : null;
    const records = result.data;
    // A line break that ends the file does not start another (empty) line.
    const last = records[records.length - 1];
    if (final && last?.length === 1 && last[0] === '' && /[\r\n]$/.test(text)) records.pop();
    this.take(records, quoteAt);
  }

  private take(records: readonly (readonly string[])[], quoteAt: number | null): void {
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i] as readonly string[];
      if (!this.builder) {
        if (record.length === 1 && record[0] === '') {
          this.leadingBlankLines += 1;
          continue;
        }
        this.builder = new TableBuilder(record, this.leadingBlankLines + linesSpanned(record));
        continue;
      }
      const line = this.builder.addRecord(record);
      if (i === quoteAt) {
        this.warnings.push(
          `A quote that opens on line ${line} is never closed, so everything after it was read ` +
            'as one cell. Check the quotes on that line.',
        );
      }
    }
  }

  private finish(): ReadResult {
    const dialect = this.dialect as Dialect;
    if (!this.builder) {
      throw new ReadError('empty', 'This file is empty: it has no header and no rows.');
    }
    if (this.builder.names.length === 1) {
      this.warnings.push(
        'Only one column was found. If the file has more, its values may be separated by a ' +
          'character Facsimile does not recognise (it looks for comma, semicolon, tab and |).',
      );
    }
    const result = this.builder.finish({
      delimiter: dialect.delimiter,
      lineEnding: dialect.lineEnding,
      hadBom: this.hadBom,
      warnings: this.warnings,
    });
    if (result.table.rowCount === 0) {
      throw new ReadError(
        'header-only',
        `This file has a header (${describeNames(result.table.names)}) but no rows of data.`,
      );
    }
    return result;
  }
}

function describeNames(names: readonly string[]): string {
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown}, and ${names.length - 4} more` : shown;
}

/** Index of a record whose quoted field never closed, from papaparse's errors, or null. */
function unterminatedQuoteRow(errors: readonly Papa.ParseError[]): number | null {
  const e = errors.find((x) => x.code === 'MissingQuotes');
  return e && typeof e.row === 'number' ? e.row : null;
}

/** Reads a whole CSV held in a string (Node, tests, CLI); the same path as the worker's stream. */
export function readCsvText(text: string): ReadResult {
  if (text.length === 0)
    throw new ReadError('empty', 'This file is empty: there is nothing to read.');
  const reader = new CsvStreamReader(text.charCodeAt(0) === 0xfeff);
  reader.push(text);
  return reader.end();
}
