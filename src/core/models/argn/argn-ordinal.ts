/**
 * Where each number token starts in ARGN's embedding: its place in the column's order, so a
 * head reads a number as a number from the first step (see `createParams` in argn-net.ts).
 */
import { cardinality, type DiscretizerState } from '../../data/discretizer';

/** Where a sorted list of `k` places puts place i, spread over [-SPAN, SPAN]. */
const ORDINAL_SPAN = 3;
const place = (i: number, k: number) => (k > 1 ? ORDINAL_SPAN * ((2 * i) / (k - 1) - 1) : 0);

/**
 * Per token `[V]`: a number's place in its column's order (min, masses and bins by value, max
 * last; positions within a bin in order), NaN for categories and missing values.
 */
export function ordinalPositions(state: DiscretizerState): Float32Array {
  const out: number[] = [];
  for (const c of state.columns) {
    if (c.kind === 'categorical') {
      out.push(...new Array<number>(cardinality(c)).fill(NaN));
      continue;
    }
    if (c.kind === 'fine') {
      for (let p = 0; p < c.positions; p += 1) out.push(place(p, c.positions));
      continue;
    }
    if (c.missing) out.push(NaN);
    if (c.kind === 'values') {
      c.values.forEach((_, i) => out.push(place(i, c.values.length)));
      continue;
    }
    const mids = c.edges.slice(1).map((e, i) => ((c.edges[i] as number) + e) / 2);
    const at = [c.min, c.max, ...c.masses, ...mids];
    const rank = at.map((v, i) => at.filter((w, j) => w < v || (w === v && j < i)).length);
    rank.forEach((r) => out.push(place(r, at.length)));
  }
  return Float32Array.from(out);
}
