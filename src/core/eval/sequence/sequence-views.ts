/**
 * Everything the studio's sequence views draw, computed in one call (in the engine worker) from
 * the real training entities and a synthetic sample: lengths on shared bins, a few timelines,
 * and the transitions of every category event column. Plain, bounded data: it crosses the
 * worker boundary as it is.
 */
import type { EntityTable } from '../../sequence/entity-table';
import { compareLengths, type LengthComparison } from './length-compare';
import { compareTimelines, type TimelineComparison } from './timelines';
import { compareTransitions, transitionColumns, type TransitionComparison } from './transitions';

export interface SequenceViewsData {
  lengths: LengthComparison;
  timelines: TimelineComparison;
  /** One per category event column (at most `maxTransitionColumns`, in table order). */
  transitions: TransitionComparison[];
}

export interface SequenceViewsOptions {
  /** Entities per side in the timelines. */
  entities?: number;
  /** Events drawn per timeline (longer entities are decimated). */
  maxEvents?: number;
  /** Named levels per category column (the rest grouped). */
  maxLevels?: number;
  maxTransitionColumns?: number;
}

/** The studio's sequence views of real against synthetic entities. */
export function sequenceViews(
  real: EntityTable,
  synth: EntityTable,
  options: SequenceViewsOptions = {},
): SequenceViewsData {
  return {
    lengths: compareLengths(real, synth),
    timelines: compareTimelines(real, synth, options.entities ?? 3, options.maxEvents ?? 60),
    transitions: transitionColumns(real)
      .slice(0, options.maxTransitionColumns ?? 6)
      .map((c) => compareTransitions(real, synth, c, options.maxLevels ?? 8)),
  };
}
