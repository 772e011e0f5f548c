/** Events-per-entity histograms as bars for the page (one series, or real beside synthetic). */
import type { CountBar } from '../../ui/CountBars';
import type { LengthSummary } from '../../worker/sequence-client';

const label = (from: number, to: number) => (from === to ? String(from) : `${from}–${to}`);

/** One bar per bin of `s`. */
export function lengthBars(s: LengthSummary): CountBar[] {
  return s.histogram.map((b) => ({ label: label(b.from, b.to), counts: [b.entities] }));
}

/** "50 entities, 578 events; 1 to 12 events each (median 12)". */
export function lengthText(s: LengthSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(s.entities)} entities, ${n(s.events)} events; ${n(s.min)} to ${n(s.max)} events each (median ${n(s.median)}, mean ${s.mean.toFixed(1)})`;
}
