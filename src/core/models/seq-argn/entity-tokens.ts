/**
 * Entities as tokens for the sequential ARGN: every column made discrete (TabularARGN's way):
 * categories are their levels, numbers and dates fall in quantile bins that remember the range
 * of training values inside them (a drawn bin gives a value drawn uniformly in that range), and
 * missing is a token of its own. The order column has two token ranges: bins of first values
 * (an entity's first event) and bins of gaps, which are never negative.
 */
import type { Rng } from '../../rng';
import type { Cell } from '../../sequence/cells';
import { decodeValue, encodeColumn, fitCodec, type CellCodec } from '../../sequence/entity-codec';
import type { EntityTable } from '../../sequence/entity-table';

/** Most bins of a numeric column. */
const MAX_BINS = 24;

export interface NumberBins {
  lo: number[];
  hi: number[];
}

export interface ColumnTokens {
  codec: CellCodec;
  /** Numeric columns: the bins (the missing token follows them); discrete: null. */
  bins: NumberBins | null;
  /** Order column: the gap bins, tokens after the first-value bins and the missing token. */
  gaps: NumberBins | null;
  cardinality: number;
}

/** Quantile bins of the present values: each bin's training minimum and maximum. */
export function fitBins(values: Float64Array, maxBins = MAX_BINS): NumberBins {
  const v = Float64Array.from(values.filter((x) => !Number.isNaN(x))).sort();
  const lo: number[] = [];
  const hi: number[] = [];
  if (v.length === 0) return { lo: [0], hi: [0] };
  let i = 0;
  for (let b = 0; b < maxBins && i < v.length; b += 1) {
    let j = Math.max(i + 1, Math.round(((b + 1) * v.length) / maxBins));
    while (j < v.length && v[j] === v[j - 1]) j += 1;
    lo.push(v[i] as number);
    hi.push(v[j - 1] as number);
    i = j;
  }
  return { lo, hi };
}

/** The bin of a value (the last bin whose minimum is at or below it). */
export function binOf(bins: NumberBins, x: number): number {
  let b = 0;
  while (b + 1 < bins.lo.length && (bins.lo[b + 1] as number) <= x) b += 1;
  return b;
}

/** Fits the tokens of one column; `gapValues` only for the order column. */
export function fitColumnTokens(
  codec: CellCodec,
  values: Float64Array,
  gapValues: Float64Array | null,
): ColumnTokens {
  if (codec.type === 'discrete')
    return { codec, bins: null, gaps: null, cardinality: codec.levels.length };
  const bins = fitBins(values);
  const gaps = gapValues ? fitBins(gapValues) : null;
  return { codec, bins, gaps, cardinality: bins.lo.length + 1 + (gaps ? gaps.lo.length : 0) };
}

/** Token of an encoded value; `gap` for the order column's later events. */
export function tokenOfValue(t: ColumnTokens, v: number, gap = false): number {
  if (!t.bins) return v < 0 ? 0 : v;
  if (gap && t.gaps) return t.bins.lo.length + 1 + binOf(t.gaps, Math.max(0, v));
  return Number.isNaN(v) ? t.bins.lo.length : binOf(t.bins, v);
}

/** The encoded value a token stands for: a level code, or a number drawn inside its bin. */
export function valueOfToken(
  t: ColumnTokens,
  token: number,
  rng: Rng,
): { value: number; gap: boolean } {
  if (!t.bins) return { value: token, gap: false };
  const firsts = t.bins.lo.length;
  if (token === firsts) return { value: NaN, gap: false };
  const isGap = token > firsts && t.gaps !== null;
  const bins = isGap ? (t.gaps as NumberBins) : t.bins;
  const b = isGap ? token - firsts - 1 : token;
  const lo = bins.lo[b] as number;
  const hi = bins.hi[b] as number;
  return { value: lo + (hi - lo) * rng.uniform(), gap: isGap };
}

export interface EntityTokens {
  subject: ColumnTokens[];
  event: ColumnTokens[];
  orderIndex: number;
}

/** Encoded values of every subject and event column of a table. */
export function encodeEntities(
  t: EntityTable,
  subjectCodecs: CellCodec[],
  eventCodecs: CellCodec[],
) {
  return {
    subjects: subjectCodecs.map((c, j) => encodeColumn(c, t.subjects[j] as Cell[])),
    events: eventCodecs.map((c, j) => encodeColumn(c, t.events[j] as Cell[])),
  };
}

/** Per event, its gap to the event before (NaN at an entity's first event). */
export function gapsOf(t: EntityTable, order: Float64Array): Float64Array {
  const out = new Float64Array(order.length).fill(NaN);
  for (let e = 0; e < t.keys.length; e += 1)
    for (let i = (t.eventStart[e] as number) + 1; i < (t.eventStart[e + 1] as number); i += 1)
      out[i] = (order[i] as number) - (order[i - 1] as number);
  return out;
}

/** Fits the tokens of every column of a training table. */
export function fitEntityTokens(t: EntityTable): EntityTokens {
  const subjectCodecs = t.subjectColumns.map((c, j) => fitCodec(c, t.subjects[j] as Cell[]));
  const eventCodecs = t.eventColumns.map((c, j) =>
    fitCodec(c, t.events[j] as Cell[], c === t.order),
  );
  const enc = encodeEntities(t, subjectCodecs, eventCodecs);
  const orderIndex = t.order === null ? -1 : t.eventColumns.indexOf(t.order);
  const firstOnly = (v: Float64Array) =>
    Float64Array.from(v, (x, i) => (gapsOfFirst(t, i) ? x : NaN));
  return {
    subject: subjectCodecs.map((c, j) => fitColumnTokens(c, enc.subjects[j] as Float64Array, null)),
    event: eventCodecs.map((c, j) =>
      j === orderIndex
        ? fitColumnTokens(
            c,
            firstOnly(enc.events[j] as Float64Array),
            gapsOf(t, enc.events[j] as Float64Array),
          )
        : fitColumnTokens(c, enc.events[j] as Float64Array, null),
    ),
    orderIndex,
  };
}

function gapsOfFirst(t: EntityTable, i: number): boolean {
  let lo = 0;
  let hi = t.keys.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((t.eventStart[mid] as number) <= i) lo = mid;
    else hi = mid - 1;
  }
  // `lo` is the last entity starting at or before i; entities with no events share starts.
  return t.eventStart[lo] === i;
}

/** The cell of a drawn value. */
export function cellOfValue(t: ColumnTokens, v: number): Cell {
  return decodeValue(t.codec, v);
}
