/**
 * The table codec's fitted state: one summary per output column, plain JSON. It holds formats,
 * ranges, levels, shares and patterns learned from the training rows, never the rows.
 */
import type { DatetimeFormat, NumberFormat } from '../types';
import type { IdentifierPattern } from './identifier-pattern';

/** How the write-back treats what the models do not decide. */
export interface CodecOptions {
  /** Text columns: placeholder sentences, or empty cells. */
  textMode: 'placeholder' | 'empty';
  /** Let numbers and dates leave the range of the training rows; otherwise they are clipped. */
  allowOutOfRange: boolean;
}

/** Whitespace the cells of a column carry around their value (adult.csv's `" State-gov"`). */
export interface CellPadding {
  leading: string;
  trailing: string;
}

/** What every column codec knows, from the training rows only. */
export interface CodecBase {
  name: string;
  /** Index of the column in the raw table. */
  source: number;
  /** The raw token written for a missing value: the training rows' most frequent one. */
  missingToken: string;
  /** Share of the training rows that are missing (0-1). */
  missingShare: number;
  /** The whitespace most non-missing cells carry, restored around written values. */
  padding: CellPadding;
}

/** Continuous and integer columns: a NumericColumn, written in the column's number format. */
export interface NumberCodec extends CodecBase {
  kind: 'continuous' | 'integer';
  numberFormat: NumberFormat;
  /** Digits after the decimal mark; 0 for integers. */
  decimals: number;
  /**
   * Digits the real values carry, at most `decimals`: written values are rounded to these and
   * padded with zeros to `decimals`, as the input writes them ("146083.0" carries none, so
   * whole numbers come back, written with ".0"). Absent in model files saved before it was
   * learned: then `decimals`.
   */
  places?: number;
  /**
   * Digits after the mark of the mantissa, when the real values are written in exponent
   * notation ("1.234567e-301"): values are then written the same way, so numbers too small or
   * too large for plain decimals keep their digits. Absent for plain decimals.
   */
  exponentDigits?: number;
  min: number | null;
  max: number | null;
}

/** Datetime columns: a NumericColumn of epoch milliseconds, written with the column's pattern. */
export interface DatetimeCodec extends CodecBase {
  kind: 'datetime';
  datetimeFormat: DatetimeFormat;
  /** Finest unit the pattern writes (ms); written values are rounded to it. */
  resolutionMs: number;
  /** Epoch milliseconds. */
  min: number | null;
  max: number | null;
}

/** Categorical and boolean columns: a DiscreteColumn over these levels. */
export interface DiscreteCodec extends CodecBase {
  kind: 'categorical' | 'boolean';
  /** Trimmed strings, most frequent first, then `OTHER_LEVEL` (top-k), then `null` (missing). */
  levels: (string | null)[];
}

/** Identifiers: not modelled; fresh unique values in the learned pattern. */
export interface IdentifierCodec extends CodecBase {
  kind: 'identifier';
  pattern: IdentifierPattern;
}

/** Free text: not modelled; placeholder sentences of about the mean length, or empty cells. */
export interface TextCodec extends CodecBase {
  kind: 'text';
  /** Mean length (characters) of the non-missing training values. */
  meanLength: number;
}

/** Constant columns: the one value (null when every training value is missing). */
export interface ConstantCodec extends CodecBase {
  kind: 'constant';
  value: string | null;
}

export type ColumnCodec =
  NumberCodec | DatetimeCodec | DiscreteCodec | IdentifierCodec | TextCodec | ConstantCodec;

/** A fitted codec: plain JSON, summaries only, no training rows. */
export interface CodecState {
  version: 1;
  /** Strings (compared after trimming) read as missing, from the schema. */
  missingTokens: string[];
  /** The output columns, in raw header order, excluded columns left out. */
  columns: ColumnCodec[];
}

/**
 * What `OTHER_LEVEL` (the levels folded away by top-k) is written as. A literal rather than a
 * draw from the rare levels, so the state keeps no rare value and the output shows none.
 */
export const OTHER_TEXT = '(other)';

/** Columns the models learn; identifiers, text and constants are written from summaries. */
export type ModelledCodec = NumberCodec | DatetimeCodec | DiscreteCodec;

/** True for the columns that are in the ModelTable. */
export const isModelled = (codec: ColumnCodec): codec is ModelledCodec =>
  codec.kind !== 'identifier' && codec.kind !== 'text' && codec.kind !== 'constant';

/** True for categorical and boolean columns (DiscreteColumns in the ModelTable). */
export const isDiscrete = (codec: ColumnCodec): codec is DiscreteCodec =>
  codec.kind === 'categorical' || codec.kind === 'boolean';
