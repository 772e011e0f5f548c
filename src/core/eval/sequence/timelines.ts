/**
 * A few entities' timelines, real and synthetic side by side, as plain data the studio draws:
 * per entity its subject values and, per event column, one value per event (a number for a
 * sparkline, a level index for a coloured tick) against time since the entity's first event.
 * Long entities are decimated to a bounded number of events (every k-th, the last always kept).
 */
import { cellDate, cellNumber, type Cell } from '../../sequence/cells';
import type { EntityTable } from '../../sequence/entity-table';
import { eventColumnViews, levelIndexer, type EventColumnView } from './event-columns';

const DAY_MS = 86_400_000;

export interface EntityTimeline {
  key: string;
  /** Events of the entity (before decimation). */
  events: number;
  /** Every `stride`-th event is shown (1: all), the last always. */
  stride: number;
  subject: { name: string; value: string }[];
  /** Per shown event, its time since the entity's first event (NaN when unknown). */
  x: number[];
  /** Per column of {@link TimelineComparison.columns}, per shown event: a number (NaN missing) or a level index. */
  values: number[][];
}

export interface TimelineComparison {
  /** What x is, in words ("days since the first event", "event number"). */
  xLabel: string;
  columns: EventColumnView[];
  /** Per column, the range shared by every drawn entity (numbers; [0, 0] for categories). */
  ranges: [number, number][];
  /** Longest x over the drawn entities, so every timeline shares one axis. */
  xMax: number;
  real: EntityTimeline[];
  synth: EntityTimeline[];
}

/**
 * `count` entities spread over the lengths: the ones at the length quantiles 1/(count+1),
 * 2/(count+1), … (ties in table order), so short, typical and long entities all show.
 */
export function pickEntities(t: EntityTable, count: number): number[] {
  const n = t.keys.length;
  if (n === 0 || count <= 0) return [];
  const byLength = Array.from({ length: n }, (_, e) => e).sort(
    (a, b) =>
      (t.eventStart[a + 1] as number) -
        (t.eventStart[a] as number) -
        ((t.eventStart[b + 1] as number) - (t.eventStart[b] as number)) || a - b,
  );
  const k = Math.min(count, n);
  const picked = Array.from(
    { length: k },
    (_, i) => byLength[Math.min(n - 1, Math.floor(((i + 1) * n) / (k + 1)))] as number,
  );
  return [...new Set(picked)];
}

function timeOf(t: EntityTable, i: number): number {
  const v = t.orderValues[i] as number;
  return t.orderKind === 'datetime' ? v / DAY_MS : v;
}

function timeline(
  t: EntityTable,
  e: number,
  columns: EventColumnView[],
  maxEvents: number,
): EntityTimeline {
  const from = t.eventStart[e] as number;
  const to = t.eventStart[e + 1] as number;
  const n = to - from;
  const stride = Math.max(1, Math.ceil(n / maxEvents));
  const shown: number[] = [];
  for (let i = from; i < to; i += stride) shown.push(i);
  if (n > 0 && shown[shown.length - 1] !== to - 1) shown.push(to - 1);
  const first = n > 0 && t.order !== null ? timeOf(t, from) : NaN;
  const x = shown.map((i) => (t.order === null ? i - from : timeOf(t, i) - first));
  const values = columns.map((c) => {
    const cells = (t.events[t.eventColumns.indexOf(c.name)] ?? []) as Cell[];
    if (c.kind === 'categorical') {
      const index = levelIndexer(c.levels);
      return shown.map((i) => index(cells[i] ?? null));
    }
    const read = c.date ? cellDate : cellNumber;
    return shown.map((i) => read(cells[i] ?? null));
  });
  return {
    key: t.keys[e] as string,
    events: n,
    stride,
    subject: t.subjectColumns.map((name, j) => ({
      name,
      value: t.subjects[j]?.[e] ?? '(missing)',
    })),
    x,
    values,
  };
}

/**
 * Timelines of `count` real and `count` synthetic entities (see {@link pickEntities}), each
 * with at most `maxEvents` events drawn, on shared axes. Columns are read as on the real table.
 */
export function compareTimelines(
  real: EntityTable,
  synth: EntityTable,
  count = 3,
  maxEvents = 60,
): TimelineComparison {
  const columns = eventColumnViews(real);
  const realLines = pickEntities(real, count).map((e) => timeline(real, e, columns, maxEvents));
  const synthLines = pickEntities(synth, count).map((e) => timeline(synth, e, columns, maxEvents));
  const all = [...realLines, ...synthLines];
  const ranges = columns.map((c, j): [number, number] => {
    if (c.kind === 'categorical') return [0, 0];
    let lo = Infinity;
    let hi = -Infinity;
    for (const line of all)
      for (const v of line.values[j] ?? [])
        if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    return Number.isFinite(lo) ? [lo, hi] : [0, 0];
  });
  const xMax = all.reduce(
    (m, l) => l.x.reduce((a, v) => (Number.isFinite(v) ? Math.max(a, v) : a), m),
    0,
  );
  const xLabel =
    real.order === null
      ? 'event number'
      : real.orderKind === 'datetime'
        ? 'days since the first event'
        : `${real.order} since the first event`;
  return { xLabel, columns, ranges, xMax, real: realLines, synth: synthLines };
}
