import Papa from 'papaparse';
import type { RawTable, ReadReport } from '../types';
import { detectDialect, type Dialect } from './csv-dialect';
import { scanRegularRecords } from './csv-fast-scan';
import { ReadError, TableBuilder, linesSpanned } from './table-builder';

export interface ReadResult {
  table: RawTable;
  report: ReadReport;
}

/** Text gathered before the delimiter is chosen. */
const DIALECT_SAMPLE_CHARS = 64 * 1024;

/** Longest header name quoted back in a message. */
const MAX_NAME_IN_MESSAGE = 40;

/** Excel's first-line hint naming the delimiter, e.g. `sep=;`. */
const SEP_LINE = /^sep=([^\r\n]?)(\r\n|\n|\r)/i;

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
  /** The file mixes line endings: every CRLF and lone CR is read as LF from here on. */
  private mixedLineEndings = false;
  /** A CR held back from the end of a piece until we know whether LF follows. */
  private heldCr = false;
  private readonly warnings: string[] = [];
  /** The scanner reads single-character delimiters other than the quote. */
  private get fastScan(): boolean {
    const delimiter = (this.dialect as Dialect).delimiter;
    return delimiter.length === 1 && delimiter !== '"';
  }

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
    if (this.dialect && !this.mixedLineEndings && this.mixesLineEndings(text)) {
      this.switchToMixedLineEndings();
    }
    this.waiting += this.mixedLineEndings ? this.normaliseLineEndings(text) : text;
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
    if (this.heldCr) this.waiting += '\n';
    this.heldCr = false;
    if (!this.dialect) this.start(true);
    this.parse(true);
    return this.finish();
  }

  private start(complete: boolean): void {
    if (this.waiting.charCodeAt(0) === 0xfeff) this.waiting = this.waiting.slice(1);
    const sep = SEP_LINE.exec(this.waiting);
    if (sep) {
      // The line names the delimiter and is not part of the table.
      this.waiting = this.waiting.slice(sep[0].length);
      this.leadingBlankLines += 1;
    }
    this.dialect = detectDialect(this.waiting.slice(0, DIALECT_SAMPLE_CHARS), complete);
    if (sep?.[1]) this.dialect = { ...this.dialect, delimiter: sep[1] };
    if (foreignLineBreak(this.waiting, this.dialect)) {
      this.switchToMixedLineEndings();
      const lineEnding = this.dialect.lineEnding;
      const sample = this.waiting.slice(0, DIALECT_SAMPLE_CHARS);
      this.dialect = { ...detectDialect(sample, complete), lineEnding };
      if (sep?.[1]) this.dialect = { ...this.dialect, delimiter: sep[1] };
    }
    this.parser = this.makeParser();
  }

  private makeParser(): Papa.Parser {
    const dialect = this.dialect as Dialect;
    return new Papa.Parser({
      delimiter: dialect.delimiter,
      newline: this.mixedLineEndings ? '\n' : dialect.lineEnding,
      skipEmptyLines: false,
    });
  }

  /**
   * Whether the text after what is waiting holds, outside quotes, a line break of another kind
   * than the file's first one. The waiting text starts a record, so quotes are tracked from there.
   */
  private mixesLineEndings(text: string): boolean {
    const ending = (this.dialect as Dialect).lineEnding;
    const candidate =
      ending === '\n'
        ? text.includes('\r')
        : ending === '\r'
          ? text.includes('\n')
          : /(^|[^\r])\n|\r(?!\n)/.test(text);
    return candidate && foreignLineBreak(this.waiting + text, this.dialect as Dialect);
  }

  /**
   * From here on every CRLF and lone CR is read as LF, so that a file whose lines end in
   * different ways is not read as fewer, longer records. Line breaks inside quoted cells are
   * then LF too. Text already waiting is converted; records already read are unchanged.
   */
  private switchToMixedLineEndings(): void {
    if (this.mixedLineEndings) return;
    this.mixedLineEndings = true;
    this.warnings.push(
      'The file mixes line endings (Windows CRLF, Unix LF or old Mac CR); each was read as the ' +
        'end of a line.',
    );
    this.waiting = this.normaliseLineEndings(this.waiting);
    this.waitingParsed = 0;
    if (this.parser) this.parser = this.makeParser();
  }

  /** CRLF and lone CR to LF; a CR at the end waits for the next piece (it may precede LF). */
  private normaliseLineEndings(text: string): string {
    let t = this.heldCr ? `\r${text}` : text;
    this.heldCr = t.endsWith('\r');
    if (this.heldCr) t = t.slice(0, -1);
    return t.replace(/\r\n?/g, '\n');
  }

  private parse(final: boolean): void {
    const parser = this.parser as Papa.Parser;
    let text = this.waiting;
    if (this.builder && this.fastScan) {
      const dialect = this.dialect as Dialect;
      const lineEnding = this.mixedLineEndings ? '\n' : dialect.lineEnding;
      const stop = scanRegularRecords(text, dialect.delimiter, lineEnding, this.builder);
      text = text.slice(stop.cursor);
      if (!stop.irregular && !final) {
        this.waiting = text;
        this.waitingParsed = text.length;
        return;
      }
    }
    if (text.length === 0) {
      this.waiting = '';
      this.waitingParsed = 0;
      return;
    }
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
        // Lines of nothing but spaces and delimiters cannot be a header.
        if (record.every((field) => field.trim() === '')) {
          this.leadingBlankLines += linesSpanned(record);
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
      throw new ReadError(
        'empty',
        this.leadingBlankLines > 0
          ? 'This file has no values: every line is blank or holds only spaces and delimiters.'
          : 'This file is empty: it has no header and no rows.',
      );
    }
    if (this.builder.names.length === 1) {
      this.warnings.push(
        'Only one column was found. One column (a list of amounts, say) is a table every model ' +
          'can learn, so you can go on with it. If the file should have more, its values may be ' +
          'separated by a character Facsimile does not recognise (it looks for comma, semicolon, ' +
          'tab and |).',
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

/**
 * Whether `text`, which starts a record, holds a line break other than `dialect.lineEnding`
 * outside quoted fields (a quote opens a field only at its start; `""` inside is a quote).
 * A CR at the very end is not judged: a LF may follow in the next piece.
 */
function foreignLineBreak(text: string, dialect: Dialect): boolean {
  const { delimiter, lineEnding } = dialect;
  let inQuotes = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i += 1;
        else inQuotes = false;
      }
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuotes = true;
    } else if (c === '\n' || c === '\r') {
      let kind: string = c;
      if (c === '\r' && text[i + 1] === '\n') {
        kind = '\r\n';
        i += 1;
      } else if (c === '\r' && i === text.length - 1) {
        return false;
      }
      if (kind !== lineEnding) return true;
      fieldStart = true;
    } else {
      fieldStart = c === delimiter;
    }
  }
  return false;
}

function describeNames(names: readonly string[]): string {
  const short = (n: string) =>
    n.length > MAX_NAME_IN_MESSAGE ? `${n.slice(0, MAX_NAME_IN_MESSAGE)}…` : n;
  const shown = names.slice(0, 4).map(short).join(', ');
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
