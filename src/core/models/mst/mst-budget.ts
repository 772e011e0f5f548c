/**
 * How an MST run splits its (epsilon, delta): a first part for the value ranges and levels that
 * are not public, the rest for MST's own measurements (1-way marginals, tree selection, 2-way
 * marginals, one third of its rho each, as in the paper). Each part is converted from zCDP on
 * its own and the parts add up (basic composition), so the total never exceeds the request.
 */
import { roundUp, zcdpPart, type GaussianZcdpPart } from '../../privacy/budget';
import { rhoForEpsilon, zcdpEpsilon } from '../../privacy/zcdp';

/** Share of epsilon spent on value ranges and levels when some are not public. */
export const RANGES_SHARE = 0.15;
/** Share of the ranges part's delta that pays for a level held by one row surviving. */
const THRESHOLD_DELTA_SHARE = 1e-3;
/** Claims are rounded up in the seventh digit; aim this far below so the sum stays within. */
const MARGIN = 1 - 4e-6;

export const RANGES_PURPOSE =
  'value ranges and category levels (noisy counts on a fixed grid and over the levels seen, thresholded)';
export const MST_PURPOSE =
  'MST: noisy 1-way marginals, spanning-tree selection (exponential mechanism, counted as epsilon^2/8-zCDP) and noisy 2-way marginals';

export interface RangesBudget {
  rho: number;
  /** Probability that a level held by one row survives the threshold (inside `part.delta`). */
  thresholdDelta: number;
  part: GaussianZcdpPart;
}

/** The ranges part, or null when every range and level is public. */
export function rangesBudget(
  epsilon: number,
  delta: number,
  measuresLevels: boolean,
): RangesBudget {
  const partDelta = delta / 2;
  const thresholdDelta = measuresLevels ? partDelta * THRESHOLD_DELTA_SHARE : 0;
  const rho = rhoForEpsilon(epsilon * RANGES_SHARE * MARGIN, partDelta - thresholdDelta);
  const part: GaussianZcdpPart = {
    purpose: RANGES_PURPOSE,
    mechanism: 'gaussian-zcdp',
    rho,
    // the guarantee holds at the delta left after the threshold's share
    epsilon: roundUp(zcdpEpsilon(rho, partDelta - thresholdDelta)),
    delta: partDelta,
  };
  return { rho, thresholdDelta, part };
}

/** MST's own part, with what is left of the budget. */
export function mstBudget(epsilon: number, delta: number): { rho: number; part: GaussianZcdpPart } {
  const rho = rhoForEpsilon(epsilon * MARGIN, delta);
  return { rho, part: zcdpPart(MST_PURPOSE, rho, delta) };
}

/** The total epsilon the ranges part would need for a noise deviation of `sigma`. */
export function epsilonForRanges(sigma: number, columns: number, delta: number): number {
  const rho = columns / (2 * sigma * sigma);
  return zcdpEpsilon(rho, delta / 2) / RANGES_SHARE;
}
