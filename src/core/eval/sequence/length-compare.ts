/**
 * Real against synthetic sequence lengths (events per entity) on shared bins, as plain data the
 * studio draws: the same whole-number bins for both tables, so bars and line compare bin by bin.
 */
import type { EntityTable } from '../../sequence/entity-table';
import { eventsPerEntity, lengthBins, lengthStats, type LengthStats } from '../../sequence/lengths';

export interface LengthCompareBin {
  /** Fewest events in the bin (inclusive). */
  from: number;
  /** Most events in the bin (inclusive). */
  to: number;
  /** "3" or "3–5". */
  label: string;
  /** Share of real entities in the bin (0-1). */
  real: number;
  /** Share of synthetic entities in the bin (0-1). */
  synth: number;
}

/** One side's counts, range, mean and median. */
export type LengthSide = LengthStats;

export interface LengthComparison {
  bins: LengthCompareBin[];
  real: LengthSide;
  synth: LengthSide;
}

/**
 * Lengths of two sets of entities on shared bins: one bin per length when the joint range holds
 * at most `maxBins` lengths, else `maxBins` bins of equal whole-number width. Shares, not counts,
 * so tables of different sizes compare.
 */
export function compareLengthCounts(
  real: Int32Array,
  synth: Int32Array,
  maxBins = 20,
): LengthComparison {
  const r = lengthStats(real);
  const s = lengthStats(synth);
  const present = [r, s].filter((x) => x.entities > 0);
  if (present.length === 0) return { bins: [], real: r, synth: s };
  const min = Math.min(...present.map((x) => x.min));
  const max = Math.max(...present.map((x) => x.max));
  const shared = lengthBins(min, max, maxBins);
  const width = shared.width;
  const bins: LengthCompareBin[] = shared.bins.map(({ from, to }) => ({
    from,
    to,
    label: from === to ? `${from}` : `${from}–${to}`,
    real: 0,
    synth: 0,
  }));
  const add = (counts: Int32Array, key: 'real' | 'synth') => {
    for (const c of counts) (bins[Math.floor((c - min) / width)] as LengthCompareBin)[key] += 1;
    for (const b of bins) b[key] = counts.length > 0 ? b[key] / counts.length : 0;
  };
  add(real, 'real');
  add(synth, 'synth');
  return { bins, real: r, synth: s };
}

/** {@link compareLengthCounts} of two entity tables. */
export function compareLengths(
  real: EntityTable,
  synth: EntityTable,
  maxBins = 20,
): LengthComparison {
  return compareLengthCounts(eventsPerEntity(real), eventsPerEntity(synth), maxBins);
}
