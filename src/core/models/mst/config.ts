/** MST's own settings (its budget comes from the run's `privacy`): plain data, no tfjs. */
export interface MstSettings {
  /** Most bins of a numeric column in the 2-way marginals. */
  maxBins: number;
  /**
   * The column the synthetic table will be used to predict (a public choice): the tree joins it
   * to several of its most dependent columns first. Empty: none.
   */
  target: string;
}

export const MST_DEFAULTS: MstSettings = { maxBins: 12, target: '' };
