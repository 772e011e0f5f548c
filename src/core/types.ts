/**
 * Domain types shared by every layer. Plain data only: everything here survives
 * `structuredClone` and JSON, so it can cross the worker boundary and be saved.
 */

/** What a column holds, in the user's words. */
export type ColumnKind =
  | 'continuous'
  | 'integer'
  | 'categorical'
  | 'boolean'
  | 'datetime'
  | 'identifier'
  | 'text'
  | 'constant';

export const COLUMN_KINDS: readonly ColumnKind[] = [
  'continuous',
  'integer',
  'categorical',
  'boolean',
  'datetime',
  'identifier',
  'text',
  'constant',
];

/**
 * How numbers are written in a column. `decimal` is the decimal mark; `thousands` the
 * grouping mark ('' when none is used).
 */
export interface NumberFormat {
  decimal: '.' | ',';
  thousands: '' | ',' | '.' | ' ';
}

/**
 * How dates are written in a column, as a pattern of tokens:
 * YYYY, MM, M, DD, D, MMM (Jan), MMMM (January), HH, H, mm, ss, SSS, A (AM/PM), Z (zone),
 * and literal separators. Enough to parse a value and write one back the same way.
 */
export interface DatetimeFormat {
  pattern: string;
}

/**
 * A column as read from the file: a dictionary of distinct raw strings and, per row, the
 * index of its string. Distinct strings are what schema inference looks at, so inference is
 * fast even for a million rows.
 */
export interface RawColumn {
  /** Distinct raw cell strings, in order of first appearance. */
  values: string[];
  /** How many rows hold each distinct string (same order as `values`). */
  counts: number[];
  /** Per row, the index into `values`; length is the table's row count. */
  codes: Uint32Array;
  /**
   * Per distinct value, `values[i]` read as a plain number (`-3.5`, `1e-3`; NaN when it is not
   * one), as the CSV reader parsed it once. Optional: tables built another way leave it out, and
   * inference and summaries then parse the strings. Ignored unless as long as `values`.
   */
  numbers?: Float64Array;
}

/** A parsed table: columnar, dictionary-encoded, every cell kept as the raw string. */
export interface RawTable {
  names: string[];
  rowCount: number;
  columns: RawColumn[];
}

/** A row whose field count differs from the header's. `line` is 1-based in the file. */
export interface RaggedRow {
  line: number;
  expected: number;
  got: number;
  /** What was done with it: padded with missing cells, or set aside (not in the table). */
  action: 'padded' | 'set-aside';
}

/** What the reader noticed and did, for the user to see. */
export interface ReadReport {
  delimiter: string;
  lineEnding: '\n' | '\r\n' | '\r';
  hadBom: boolean;
  /** Rows in the table. */
  rowCount: number;
  /** Header cells that were empty or repeated, with the names given instead. */
  renamedHeaders: { index: number; original: string; renamed: string }[];
  raggedRows: RaggedRow[];
  /** Total ragged rows (raggedRows may hold only the first few hundred). */
  raggedRowCount: number;
  setAsideRowCount: number;
  blankLinesSkipped: number;
  /** Things the user should know about how the file was read, in their words. */
  warnings: string[];
}

/** Per-column numbers the schema view shows. */
export interface ColumnStats {
  rows: number;
  missing: number;
  missingShare: number;
  /** Distinct non-missing values. */
  distinct: number;
  min: number | null;
  max: number | null;
  /** Most digits seen after the decimal mark (numeric columns). */
  decimals: number | null;
  /** Mean length of the non-missing strings. */
  meanLength: number;
  /** The missing-value tokens this column actually uses, most frequent first. */
  missingTokens: string[];
}

/** What the app understood of one column, and what the user chose. */
export interface ColumnSpec {
  name: string;
  index: number;
  /** The kind in force (the user's override, if any, else the inferred kind). */
  kind: ColumnKind;
  inferredKind: ColumnKind;
  excluded: boolean;
  numberFormat: NumberFormat | null;
  datetimeFormat: DatetimeFormat | null;
  /** For categorical columns: keep only the k most frequent levels, fold the rest. */
  topK: number | null;
  stats: ColumnStats;
  /** Plain-language remarks about how the kind was chosen. */
  notes: string[];
}

/** The user's corrections to one column, remembered per header. */
export interface ColumnOverride {
  kind?: ColumnKind;
  excluded?: boolean;
  topK?: number | null;
}

export interface Schema {
  columns: ColumnSpec[];
  missingTokens: string[];
}

/** Default tokens read as a missing value (compared after trimming spaces). */
export const DEFAULT_MISSING_TOKENS: readonly string[] = [
  '',
  'NA',
  'N/A',
  'NaN',
  'null',
  'NULL',
  'None',
  '?',
  '-',
];
