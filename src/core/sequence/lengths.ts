/** Events per entity: the counts, their summary, and a histogram the schema step draws. */
import type { EntityTable } from './entity-table';

export interface LengthBin {
  /** Fewest events in the bin (inclusive). */
  from: number;
  /** Most events in the bin (inclusive). */
  to: number;
  entities: number;
}

export interface LengthSummary {
  entities: number;
  events: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  histogram: LengthBin[];
}

/** Per entity, its number of events. */
export function eventsPerEntity(t: EntityTable): Int32Array {
  const out = new Int32Array(t.keys.length);
  for (let e = 0; e < t.keys.length; e += 1)
    out[e] = (t.eventStart[e + 1] as number) - (t.eventStart[e] as number);
  return out;
}

/**
 * Summary and histogram of events per entity: one bin per length when there are at most
 * `maxBins` distinct lengths in the range, else `maxBins` bins of equal whole-number width.
 */
export function summarizeLengths(counts: Int32Array, maxBins = 20): LengthSummary {
  const n = counts.length;
  if (n === 0) return { entities: 0, events: 0, min: 0, max: 0, mean: 0, median: 0, histogram: [] };
  const sorted = Int32Array.from(counts).sort();
  const min = sorted[0] as number;
  const max = sorted[n - 1] as number;
  const events = sorted.reduce((s, v) => s + v, 0);
  const median =
    n % 2 === 1
      ? (sorted[(n - 1) / 2] as number)
      : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  const width = Math.max(1, Math.ceil((max - min + 1) / maxBins));
  const bins: LengthBin[] = [];
  for (let from = min; from <= max; from += width)
    bins.push({ from, to: Math.min(max, from + width - 1), entities: 0 });
  for (const c of sorted) {
    const b = bins[Math.floor((c - min) / width)] as LengthBin;
    b.entities += 1;
  }
  return { entities: n, events, min, max, mean: events / n, median, histogram: bins };
}
