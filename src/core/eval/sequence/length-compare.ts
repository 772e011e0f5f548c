/**
 * Real against synthetic sequence lengths (events per entity) on shared bins, as plain data the
 * studio draws: the same whole-number bins for both tables, so bars and line compare bin by bin.
 */
import type { EntityTable } from '../../sequence/entity-table';
import { eventsPerEntity } from '../../sequence/lengths';

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

export interface LengthSide {
  entities: number;
  events: number;
  mean: number;
  median: number;
  min: number;
  max: number;
}

export interface LengthComparison {
  bins: LengthCompareBin[];
  real: LengthSide;
  synth: LengthSide;
}

function side(counts: Int32Array): LengthSide {
  const n = counts.length;
  if (n === 0) return { entities: 0, events: 0, mean: 0, median: 0, min: 0, max: 0 };
  const s = Int32Array.from(counts).sort();
  const events = s.reduce((a, b) => a + b, 0);
  const median =
    n % 2 === 1
      ? (s[(n - 1) / 2] as number)
      : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
  return {
    entities: n,
    events,
    mean: events / n,
    median,
    min: s[0] as number,
    max: s[n - 1] as number,
  };
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
  const r = side(real);
  const s = side(synth);
  const present = [r, s].filter((x) => x.entities > 0);
  if (present.length === 0) return { bins: [], real: r, synth: s };
  const min = Math.min(...present.map((x) => x.min));
  const max = Math.max(...present.map((x) => x.max));
  const width = Math.max(1, Math.ceil((max - min + 1) / Math.max(1, maxBins)));
  const bins: LengthCompareBin[] = [];
  for (let from = min; from <= max; from += width) {
    const to = Math.min(max, from + width - 1);
    bins.push({ from, to, label: from === to ? `${from}` : `${from}–${to}`, real: 0, synth: 0 });
  }
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
