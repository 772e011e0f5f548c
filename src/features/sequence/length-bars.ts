/** Events-per-entity histograms as bars for the page (one series, or real beside synthetic). */
import type { CountBar } from '../../ui/CountBars';
import type { LengthSummary } from '../../worker/sequence-client';

const label = (from: number, to: number) => (from === to ? String(from) : `${from}–${to}`);

/** One bar per bin of `s`. */
export function lengthBars(s: LengthSummary): CountBar[] {
  return s.histogram.map((b) => ({ label: label(b.from, b.to), counts: [b.entities] }));
}

/**
 * Real and synthetic lengths on shared bins (at most `maxBins`, equal whole-number width over
 * both ranges), from the two histograms (each bin's count placed at its first length).
 */
export function compareLengthBars(
  real: LengthSummary,
  synth: LengthSummary,
  maxBins = 20,
): CountBar[] {
  const min = Math.min(real.min, synth.min);
  const max = Math.max(real.max, synth.max);
  const width = Math.max(1, Math.ceil((max - min + 1) / maxBins));
  const bars: CountBar[] = [];
  for (let from = min; from <= max; from += width)
    bars.push({ label: label(from, Math.min(max, from + width - 1)), counts: [0, 0] });
  const add = (s: LengthSummary, k: number) => {
    for (const b of s.histogram) {
      const bar = bars[Math.floor((b.from - min) / width)];
      if (bar) bar.counts[k] = (bar.counts[k] ?? 0) + b.entities;
    }
  };
  add(real, 0);
  add(synth, 1);
  return bars;
}

/** "50 entities, 578 events; 1 to 12 events each (median 12)". */
export function lengthText(s: LengthSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(s.entities)} entities, ${n(s.events)} events; ${n(s.min)} to ${n(s.max)} events each (median ${n(s.median)}, mean ${s.mean.toFixed(1)})`;
}
