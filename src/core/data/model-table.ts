/**
 * The table as the models see it: one typed array per modelled column. Sits between the raw
 * strings (RawTable + Schema, handled by the table codec) and the encoded matrix of the neural
 * models (handled by the data transformer). The Gaussian copula works on this form directly.
 */

/** A numeric column (continuous, integer or datetime as epoch milliseconds). */
export interface NumericColumn {
  type: 'numeric';
  name: string;
  /** One value per row; NaN marks a missing value. */
  values: Float64Array;
  /** Whole numbers only (integers, and datetimes are whole milliseconds). */
  integer: boolean;
}

/** A discrete column (categorical or boolean), as codes into `levels`. */
export interface DiscreteColumn {
  type: 'discrete';
  name: string;
  /** One code per row, an index into `levels`. */
  codes: Int32Array;
  /** The level strings; `null` is the missing level, `OTHER_LEVEL` the folded rare levels. */
  levels: (string | null)[];
}

export type ModelColumn = NumericColumn | DiscreteColumn;

export interface ModelTable {
  rows: number;
  columns: ModelColumn[];
}

/** The level that stands for the levels folded away by a top-k choice. */
export const OTHER_LEVEL = '\u0000other';
