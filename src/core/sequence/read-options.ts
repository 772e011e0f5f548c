/** The user's choices when reading entities; every loss of data is one of these, never silent. */
export interface SequenceReadOptions {
  /** The entity key column. */
  key: string;
  /** The column that orders each entity's events (a number or a date), or none. */
  order?: string | null;
  /** Long table only: the subject columns, overriding the ones found. */
  subjectColumns?: readonly string[];
  /** Set aside events whose key is missing (otherwise reading stops and says how many). */
  dropMissingKeys?: boolean;
  /** Two tables: set aside events whose key names no subject (otherwise reading stops). */
  dropOrphans?: boolean;
  /** Two tables: keep the first row of a repeated subject key (otherwise reading stops). */
  keepFirstDuplicate?: boolean;
  /** Read order values that are neither numbers nor dates as missing (otherwise reading stops). */
  unparseableOrderAsMissing?: boolean;
  /** The models learn at most this many events per entity (default 1,000). */
  trainingCap?: number;
}
