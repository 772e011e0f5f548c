/**
 * Quality of synthetic entities with events, with the definitions of the sequence judge
 * (`score_seq.py`): sequence length, subject quality, event shapes, intertable trends and the
 * association gap on clearly associated (subject, event) pairs, coherence of consecutive events,
 * and order as written. Every figure is 0..1 with 1 like the real data, except the gap (lower is
 * better).
 */
import type { Cell } from '../../sequence/cells';
import { eventsPerEntity } from '../../sequence/lengths';
import type { EntityTable } from '../../sequence/entity-table';
import { ksComplement, nanMean, pearson } from '../quality';
import {
  judgedColumn,
  judgedKind,
  numericLike,
  orderKind,
  type JudgedColumn,
  type JudgedKind,
} from './judged-columns';
import { associatedPairs, categoryCodes, contingency, judgedPairTrends } from './judged-pairs';

/** Clear associations: |Pearson r| above this, or... */
export const GAP_MIN_PEARSON = 0.3;
/** ...Cramér's V above this (the judge's thresholds for the intertable gap). */
export const GAP_MIN_CRAMERS_V = 0.2;

export interface SequenceQuality {
  sequenceLength: { score: number; realMean: number; syntheticMean: number };
  subjectQuality: number;
  eventShapes: number;
  eventColumnShapes: Record<string, number>;
  intertableTrends: number;
  intertableAssociationGap: number;
  strongPairs: { columns: [string, string]; real: number; synthetic: number }[];
  coherence: number;
  coherenceByColumn: Record<string, { metric: string; score: number }>;
  orderAsWritten: number | null;
  sequentialQuality: number;
  kinds: { subject: Record<string, JudgedKind>; event: Record<string, JudgedKind> };
}

/** The judge's kinds: inferred on the real tables, ids left out, the order column always numeric. */
export function judgedKinds(real: EntityTable): SequenceQuality['kinds'] {
  const subject: Record<string, JudgedKind> = {};
  real.subjectColumns.forEach((c, j) => {
    const k = judgedKind(real.subjects[j] as Cell[]);
    if (k !== 'id') subject[c] = k;
  });
  const event: Record<string, JudgedKind> = {};
  real.eventColumns.forEach((c, j) => {
    const cells = real.events[j] as Cell[];
    let k = judgedKind(cells);
    if (c === real.order && k !== 'numerical' && k !== 'datetime') k = orderKind(cells);
    if (k !== 'id' || c === real.order) event[c] = k;
  });
  return { subject, event };
}

type Columns = Map<string, JudgedColumn>;

function prepare(
  names: readonly string[],
  cells: readonly Cell[][],
  kinds: Record<string, JudgedKind>,
  like: Record<string, boolean>,
): Columns {
  const out: Columns = new Map();
  names.forEach((n, j) => {
    const k = kinds[n];
    if (k && k !== 'id') out.set(n, judgedColumn(cells[j] as Cell[], k, like[n] ?? false));
  });
  return out;
}

function likeMap(
  names: readonly string[],
  cells: readonly Cell[][],
  kinds: Record<string, JudgedKind>,
) {
  const out: Record<string, boolean> = {};
  names.forEach((n, j) => {
    if (kinds[n] === 'categorical') out[n] = numericLike(cells[j] as Cell[]);
  });
  return out;
}

function tvComplement(real: readonly Cell[], synth: readonly Cell[]): number {
  const r = real.filter((c) => c !== null);
  const s = synth.filter((c) => c !== null);
  if (r.length === 0) return NaN;
  if (s.length === 0) return 0;
  const p = new Map<string, number>();
  for (const c of r) p.set(c, (p.get(c) ?? 0) + 1 / r.length);
  const q = new Map<string, number>();
  for (const c of s) q.set(c, (q.get(c) ?? 0) + 1 / s.length);
  let tvd = 0;
  for (const [k, v] of p) tvd += Math.abs(v - (q.get(k) ?? 0));
  for (const [k, v] of q) if (!p.has(k)) tvd += v;
  return 1 - tvd / 2;
}

/** Column shapes: KS complement (numbers, dates) or TV complement (categories) per column. */
function shapes(real: Columns, synth: Columns): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [n, r] of real) {
    const s = synth.get(n);
    if (!s) out[n] = 0;
    else if (r.kind === 'categorical') out[n] = tvComplement(r.cat, (s as typeof r).cat);
    else out[n] = ksComplement(r.num, (s as typeof r).num);
  }
  return out;
}

function allPairs(names: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  names.forEach((a, i) => names.slice(i + 1).forEach((b) => out.push([a, b])));
  return out;
}

/** Subject values repeated onto each event row. */
function broadcast(t: EntityTable): Cell[][] {
  const n = t.eventStart[t.keys.length] as number;
  return t.subjects.map((col) => {
    const out: Cell[] = new Array<Cell>(n);
    for (let e = 0; e < t.keys.length; e += 1)
      for (let i = t.eventStart[e] as number; i < (t.eventStart[e + 1] as number); i += 1)
        out[i] = col[e] as Cell;
    return out;
  });
}

/** Index pairs (i, i + 1) of consecutive events of one entity. */
function consecutive(t: EntityTable): [Int32Array, Int32Array] {
  const a: number[] = [];
  for (let e = 0; e < t.keys.length; e += 1)
    for (let i = t.eventStart[e] as number; i + 1 < (t.eventStart[e + 1] as number); i += 1)
      a.push(i);
  return [Int32Array.from(a), Int32Array.from(a, (i) => i + 1)];
}

const pick = (v: Float64Array, idx: Int32Array) => Float64Array.from(idx, (i) => v[i] as number);
const pickCodes = (v: Int32Array, idx: Int32Array) => Int32Array.from(idx, (i) => v[i] as number);

function coherence(
  real: EntityTable,
  synth: EntityTable,
  rc: Columns,
  sc: Columns,
): SequenceQuality['coherenceByColumn'] {
  const [ri, rj] = consecutive(real);
  const [si, sj] = consecutive(synth);
  const out: SequenceQuality['coherenceByColumn'] = {};
  for (const [name, r] of rc) {
    const s = sc.get(name);
    if (!s) continue;
    if (name === real.order && r.kind !== 'categorical' && s.kind !== 'categorical') {
      const gaps = (v: Float64Array, i: Int32Array, j: Int32Array) =>
        Float64Array.from(i, (a, k) => (v[j[k] as number] as number) - (v[a] as number));
      const score = ri.length ? ksComplement(gaps(r.num, ri, rj), gaps(s.num, si, sj)) : NaN;
      out[name] = { metric: 'GapKSComplement', score };
    } else if (r.kind !== 'categorical' && s.kind !== 'categorical') {
      const pr = ri.length > 2 ? pearson(pick(r.num, ri), pick(r.num, rj)) : NaN;
      const ps = si.length > 2 ? pearson(pick(s.num, si), pick(s.num, sj)) : NaN;
      const score = Number.isNaN(pr) ? NaN : Number.isNaN(ps) ? 0 : 1 - Math.abs(pr - ps) / 2;
      out[name] = { metric: 'Lag1CorrelationSimilarity', score };
    } else if (r.kind === 'categorical' && s.kind === 'categorical') {
      const codes = categoryCodes(r.cat, s.cat);
      const score = !ri.length
        ? NaN
        : !si.length
          ? 0
          : contingency(
              pickCodes(codes.real, ri),
              pickCodes(codes.real, rj),
              pickCodes(codes.synth, si),
              pickCodes(codes.synth, sj),
            );
      out[name] = { metric: 'TransitionSimilarity', score };
    }
  }
  return out;
}

/** Share of entities whose order values (present ones) never go down in the order written. */
export function orderAsWritten(t: EntityTable): number | null {
  if (t.order === null) return null;
  if (t.keys.length === 0) return NaN;
  let ok = 0;
  for (let e = 0; e < t.keys.length; e += 1) {
    let last = -Infinity;
    let good = true;
    for (let i = t.eventStart[e] as number; i < (t.eventStart[e + 1] as number); i += 1) {
      const v = t.orderValues[i] as number;
      if (Number.isNaN(v)) continue;
      if (v < last) good = false;
      last = v;
    }
    if (good) ok += 1;
  }
  return ok / t.keys.length;
}

/**
 * Scores `synth` against `real` (the training entities). Both must share key, order, subject
 * and event columns. `writtenOrder` replaces the order-as-written figure when the synthetic
 * events were re-sorted on reading (the CLI computes it on the file as written).
 */
export function sequenceQuality(
  real: EntityTable,
  synth: EntityTable,
  writtenOrder?: number | null,
): SequenceQuality {
  const kinds = judgedKinds(real);
  const rl = Float64Array.from(eventsPerEntity(real));
  const sl = Float64Array.from(eventsPerEntity(synth));
  const mean = (v: Float64Array) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : 0);

  const subjLike = likeMap(real.subjectColumns, real.subjects, kinds.subject);
  const rs = prepare(real.subjectColumns, real.subjects, kinds.subject, subjLike);
  const ss = prepare(synth.subjectColumns, synth.subjects, kinds.subject, subjLike);
  const subjectNames = [...rs.keys()].filter((n) => ss.has(n));
  const subjectQuality = rs.size
    ? nanMean([
        nanMean(Object.values(shapes(rs, ss))),
        nanMean(judgedPairTrends(rs, ss, allPairs(subjectNames)).map((p) => p.score)),
      ])
    : NaN;

  const evLike = likeMap(real.eventColumns, real.events, kinds.event);
  const re = prepare(real.eventColumns, real.events, kinds.event, evLike);
  const se = prepare(synth.eventColumns, synth.events, kinds.event, evLike);
  const eventColumnShapes = shapes(re, se);

  let intertableTrends = NaN;
  let intertableAssociationGap = NaN;
  let strongPairs: SequenceQuality['strongPairs'] = [];
  if (rs.size) {
    const joinNames = [
      ...real.eventColumns,
      ...real.subjectColumns.filter((c) => !real.eventColumns.includes(c)),
    ];
    const joinKinds = { ...kinds.subject, ...kinds.event };
    const cellsOf = (t: EntityTable) => {
      const b = broadcast(t);
      return joinNames.map(
        (n) =>
          (t.eventColumns.includes(n)
            ? t.events[t.eventColumns.indexOf(n)]
            : b[t.subjectColumns.indexOf(n)]) as Cell[],
      );
    };
    const rCells = cellsOf(real);
    const like = likeMap(joinNames, rCells, joinKinds);
    const rj = prepare(joinNames, rCells, joinKinds, like);
    const sj = prepare(joinNames, cellsOf(synth), joinKinds, like);
    const inSubject = (c: string) => c in kinds.subject;
    const cross = allPairs([...rj.keys()].filter((n) => sj.has(n))).filter(
      ([a, b]) => inSubject(a) !== inSubject(b),
    );
    const trends = judgedPairTrends(rj, sj, cross);
    intertableTrends = nanMean(trends.map((p) => p.score));
    const strong = associatedPairs(rj, sj, trends, GAP_MIN_PEARSON, GAP_MIN_CRAMERS_V);
    intertableAssociationGap = nanMean(strong.map((p) => Math.abs(p.real - p.synthetic)));
    strongPairs = strong.map((p) => ({ columns: p.columns, real: p.real, synthetic: p.synthetic }));
  }

  const coherenceByColumn = coherence(real, synth, re, se);
  const coh = nanMean(Object.values(coherenceByColumn).map((c) => c.score));
  const lengthScore = ksComplement(rl, sl);
  const eventShapes = nanMean(Object.values(eventColumnShapes));
  return {
    sequenceLength: { score: lengthScore, realMean: mean(rl), syntheticMean: mean(sl) },
    subjectQuality,
    eventShapes,
    eventColumnShapes,
    intertableTrends,
    intertableAssociationGap,
    strongPairs,
    coherence: coh,
    coherenceByColumn,
    orderAsWritten: writtenOrder !== undefined ? writtenOrder : orderAsWritten(synth),
    sequentialQuality: nanMean([lengthScore, subjectQuality, eventShapes, intertableTrends, coh]),
    kinds,
  };
}
