/** The sequence trees' settings and defaults (no tfjs: the page reads them). */
export interface SeqTreesConfig {
  /** Fewest training rows in a leaf, for the subject and the event trees. */
  minLeaf: number;
  /** Move rare numeric donor values by a kernel (see the one-table trees). */
  smoothing: boolean;
  /** Redraws of one entity before giving up on making it differ from every training entity. */
  maxRedraws: number;
}

export const SEQ_TREES_DEFAULTS: SeqTreesConfig = { minLeaf: 10, smoothing: true, maxRedraws: 50 };

/** Why the sequence trees cannot be saved, in the user's words. */
export const SEQ_TREES_UNSAVABLE =
  'The sequence trees keep training values inside their leaves (synthetic values are borrowed from real events), so saving them would put your data in the file. Use the sequential ARGN to get a model file.';
