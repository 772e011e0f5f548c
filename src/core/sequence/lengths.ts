/** Events per entity: the counts, their summary, and a histogram the schema step draws. */
import type { EntityTable } from './entity-table';

export interface LengthBin {
  /** Fewest events in the bin (inclusive). */
  from: number;
  /** Most events in the bin (inclusive). */
  to: number;
  entities: number;
}

/** Counts, range, mean and median of events per entity. */
export interface LengthStats {
  entities: number;
  events: number;
  min: number;
  max: number;
  mean: number;
  median: number;
}

export interface LengthSummary extends LengthStats {
  histogram: LengthBin[];
}

/** Per entity, its number of events. */
export function eventsPerEntity(t: EntityTable): Int32Array {
  const out = new Int32Array(t.keys.length);
  for (let e = 0; e < t.keys.length; e += 1)
    out[e] = (t.eventStart[e + 1] as number) - (t.eventStart[e] as number);
  return out;
}

/** The stats of `counts` (events per entity); all zero for no entity. */
export function lengthStats(counts: Int32Array): LengthStats {
  const n = counts.length;
  if (n === 0) return { entities: 0, events: 0, min: 0, max: 0, mean: 0, median: 0 };
  const sorted = Int32Array.from(counts).sort();
  const events = sorted.reduce((s, v) => s + v, 0);
  const median =
    n % 2 === 1
      ? (sorted[(n - 1) / 2] as number)
      : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  return {
    entities: n,
    events,
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    mean: events / n,
    median,
  };
}

/**
 * Whole-number bins over `[min, max]`: one bin per length when the range holds at most
 * `maxBins` lengths, else `maxBins` bins of equal width; `width` maps a length to its bin.
 */
export function lengthBins(
  min: number,
  max: number,
  maxBins: number,
): { width: number; bins: { from: number; to: number }[] } {
  const width = Math.max(1, Math.ceil((max - min + 1) / Math.max(1, maxBins)));
  const bins: { from: number; to: number }[] = [];
  for (let from = min; from <= max; from += width)
    bins.push({ from, to: Math.min(max, from + width - 1) });
  return { width, bins };
}

/** Summary and histogram of events per entity, on {@link lengthBins}. */
export function summarizeLengths(counts: Int32Array, maxBins = 20): LengthSummary {
  const stats = lengthStats(counts);
  if (stats.entities === 0) return { ...stats, histogram: [] };
  const { width, bins } = lengthBins(stats.min, stats.max, maxBins);
  const histogram: LengthBin[] = bins.map((b) => ({ ...b, entities: 0 }));
  for (const c of counts)
    (histogram[Math.floor((c - stats.min) / width)] as LengthBin).entities += 1;
  return { ...stats, histogram };
}
