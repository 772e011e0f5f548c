import type { RaggedRow, RawTable, ReadReport } from '../types';
import { ColumnDictionary } from './column-dictionary';

/** Only the first ragged rows are listed one by one; the rest are counted. */
const MAX_LISTED_RAGGED_ROWS = 200;

/** Above this many columns the table is refused (the encodings would not fit a tab). */
export const MAX_COLUMNS = 500;

/** A problem that stops reading, worded for the user. */
export class ReadError extends Error {
  constructor(
    readonly code:
      | 'empty'
      | 'header-only'
      | 'binary'
      | 'too-many-columns'
      | 'too-large'
      | 'wrong-delimiter'
      | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'ReadError';
  }
}

/**
 * Turns a header and a stream of parsed records into a {@link RawTable}, keeping line numbers
 * so that rows with the wrong number of fields are reported where they are in the file.
 *
 * Rows with too few fields are padded with empty (missing) cells; rows with too many are set
 * aside, unless the extra fields are all empty (a trailing delimiter). Both are reported.
 * Blank lines are skipped and counted.
 */
export class TableBuilder {
  readonly names: string[];
  readonly renamedHeaders: ReadReport['renamedHeaders'];
  private readonly columns: ColumnDictionary[];
  private rowCount = 0;
  /** 1-based line on which the next record starts. */
  private line: number;
  private readonly ragged: RaggedRow[] = [];
  private raggedCount = 0;
  private setAside = 0;
  private blankLines = 0;
  /** Blank lines seen since the last record (for one-column tables they may be missing cells). */
  private pendingBlank = 0;

  constructor(header: readonly string[], headerLines = 1) {
    if (header.length > MAX_COLUMNS) {
      throw new ReadError(
        'too-many-columns',
        `This file has ${header.length.toLocaleString('en-US')} columns. Facsimile can model at most ${MAX_COLUMNS}; ` +
          'keep the columns you need in a spreadsheet and save a smaller CSV.',
      );
    }
    const { names, renamed } = cleanHeader(header);
    this.names = names;
    this.renamedHeaders = renamed;
    this.columns = names.map(() => new ColumnDictionary());
    this.line = 1 + headerLines;
  }

  /** Adds parsed records, in file order. */
  addRecords(records: readonly (readonly string[])[]): void {
    for (const record of records) this.addRecord(record);
  }

  /** Adds one parsed record; returns the 1-based line it starts on. */
  addRecord(record: readonly string[]): number {
    const startLine = this.line;
    this.line += linesSpanned(record);
    const width = this.names.length;
    if (record.length === 1 && record[0] === '' && width > 1) {
      this.blankLines += 1;
      return startLine;
    }
    if (record.length === 1 && record[0] === '' && width === 1) {
      this.pendingBlank += 1;
      return startLine;
    }
    this.flushPendingBlanks();
    let fields = record;
    if (record.length > width && record.slice(width).every((f) => f === '')) {
      fields = record.slice(0, width);
    }
    if (fields.length !== width) {
      const action = fields.length < width ? 'padded' : 'set-aside';
      this.raggedCount += 1;
      if (this.ragged.length < MAX_LISTED_RAGGED_ROWS) {
        this.ragged.push({ line: startLine, expected: width, got: fields.length, action });
      }
      if (action === 'set-aside') {
        this.setAside += 1;
        return startLine;
      }
    }
    const row = this.rowCount;
    for (let c = 0; c < width; c += 1) {
      (this.columns[c] as ColumnDictionary).push(row, fields[c] ?? '');
    }
    this.rowCount += 1;
    return startLine;
  }

  /**
   * Adds one record of exactly one field per column that the scanner left in the text:
   * field `c` is `text[starts[c], ends[c])`, already unquoted and on one line. Returns the
   * 1-based line it starts on.
   *
   * @param hashes field `c`'s `fnvRange` hash, as the scanner took it
   */
  addFieldRanges(text: string, starts: Int32Array, ends: Int32Array, hashes: Int32Array): number {
    const startLine = this.line;
    this.line += 1;
    this.flushPendingBlanks();
    const row = this.rowCount;
    for (let c = 0; c < this.columns.length; c += 1) {
      (this.columns[c] as ColumnDictionary).pushHashed(
        row,
        text,
        starts[c] as number,
        ends[c] as number,
        hashes[c] as number,
      );
    }
    this.rowCount += 1;
    return startLine;
  }

  /** Fields per record. */
  get width(): number {
    return this.names.length;
  }

  private flushPendingBlanks(): void {
    // In a one-column table a blank line between values is an empty (missing) cell.
    for (; this.pendingBlank > 0; this.pendingBlank -= 1) {
      (this.columns[0] as ColumnDictionary).push(this.rowCount, '');
      this.rowCount += 1;
    }
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Trailing blank lines are dropped; everything else is in the table or reported. */
  finish(meta: Pick<ReadReport, 'delimiter' | 'lineEnding' | 'hadBom' | 'warnings'>): {
    table: RawTable;
    report: ReadReport;
  } {
    this.blankLines += this.pendingBlank;
    this.pendingBlank = 0;
    const table: RawTable = {
      names: this.names,
      rowCount: this.rowCount,
      columns: this.columns.map((c) => c.finish(this.rowCount)),
    };
    const report: ReadReport = {
      ...meta,
      rowCount: this.rowCount,
      renamedHeaders: this.renamedHeaders,
      raggedRows: this.ragged,
      raggedRowCount: this.raggedCount,
      setAsideRowCount: this.setAside,
      blankLinesSkipped: this.blankLines,
    };
    return { table, report };
  }
}

/** How many physical lines a record covers (quoted fields may hold line breaks). */
export function linesSpanned(record: readonly string[]): number {
  let lines = 1;
  for (const field of record) {
    if (field.length === 0) continue;
    let at = field.indexOf('\n');
    if (at < 0) {
      // Old Mac line endings inside a quoted field.
      at = field.indexOf('\r');
      while (at >= 0) {
        lines += 1;
        at = field.indexOf('\r', at + 1);
      }
      continue;
    }
    while (at >= 0) {
      lines += 1;
      at = field.indexOf('\n', at + 1);
    }
  }
  return lines;
}

/**
 * Gives every column a usable, unique name: a BOM and surrounding spaces are removed, an
 * empty name becomes `column_<n>`, a repeated one gets `_2`, `_3`, ...
 */
export function cleanHeader(header: readonly string[]): {
  names: string[];
  renamed: ReadReport['renamedHeaders'];
} {
  const names: string[] = [];
  const renamed: ReadReport['renamedHeaders'] = [];
  const taken = new Set<string>();
  const trimmed = header.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  const reserved = new Set(trimmed.filter((h) => h !== ''));
  trimmed.forEach((name, i) => {
    let chosen = name === '' ? `column_${i + 1}` : name;
    if (taken.has(chosen) || (name === '' && reserved.has(chosen))) {
      const base = chosen;
      let n = 2;
      while (taken.has(`${base}_${n}`) || reserved.has(`${base}_${n}`)) n += 1;
      chosen = `${base}_${n}`;
    }
    taken.add(chosen);
    names.push(chosen);
    if (chosen !== name) renamed.push({ index: i, original: header[i] ?? '', renamed: chosen });
  });
  return { names, renamed };
}
