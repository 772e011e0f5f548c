/**
 * Pair trends and associations on judged columns, as the judge (`score.py`) computes them:
 * CorrelationSimilarity for two numeric columns, ContingencySimilarity otherwise (numbers cut
 * into 10 equal-width bins on each table's own range), and the real association (|Pearson r|
 * or Cramér's V, numbers binned on the real range) that selects the clearly associated pairs.
 */
import type { Cell } from '../../sequence/cells';
import { binEdges, digitize, pearson } from '../quality';
import type { JudgedColumn } from './judged-columns';

export interface JudgedPair {
  columns: [string, string];
  metric: 'CorrelationSimilarity' | 'ContingencySimilarity';
  score: number;
}

export interface AssociatedPair extends JudgedPair {
  association: 'pearson' | 'cramers_v';
  real: number;
  synthetic: number;
}

interface Coded {
  real: Int32Array;
  synth: Int32Array;
}

/** Real and synthetic categories as shared codes; a missing value is a category of its own. */
export function categoryCodes(real: readonly Cell[], synth: readonly Cell[]): Coded {
  const index = new Map<string | null, number>();
  const code = (c: Cell) => {
    let k = index.get(c);
    if (k === undefined) {
      k = index.size;
      index.set(c, k);
    }
    return k;
  };
  return { real: Int32Array.from(real, code), synth: Int32Array.from(synth, code) };
}

function range(v: Float64Array): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (Number.isNaN(x)) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Binned numbers: each table on its own range ('own'), or both on the real range with NaN as 12 ('real'). */
function binned(r: Float64Array, s: Float64Array, mode: 'own' | 'real'): Coded | null {
  const rr = range(r);
  if (!rr) return null;
  const rEdges = binEdges(rr[0], rr[1]);
  if (mode === 'own') {
    const sr = range(s);
    return { real: digitize(r, rEdges), synth: digitize(s, sr ? binEdges(sr[0], sr[1]) : rEdges) };
  }
  const code = (v: Float64Array) => {
    const out = digitize(v, rEdges);
    v.forEach((x, i) => Number.isNaN(x) && (out[i] = 12));
    return out;
  };
  return { real: code(r), synth: code(s) };
}

function shares(a: Int32Array, b: Int32Array, width: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < a.length; i += 1) {
    const k = (a[i] as number) * width + (b[i] as number);
    out.set(k, (out.get(k) ?? 0) + 1 / a.length);
  }
  return out;
}

/** 1 - TVD between the joint frequencies of (r1, r2) and of (s1, s2). */
export function contingency(
  r1: Int32Array,
  r2: Int32Array,
  s1: Int32Array,
  s2: Int32Array,
): number {
  let width = 1;
  for (const v of r2) width = Math.max(width, v + 1);
  for (const v of s2) width = Math.max(width, v + 1);
  const p = shares(r1, r2, width);
  const q = shares(s1, s2, width);
  let tvd = 0;
  for (const [k, v] of p) tvd += Math.abs(v - (q.get(k) ?? 0));
  for (const [k, v] of q) if (!p.has(k)) tvd += v;
  return 1 - tvd / 2;
}

/** Cramér's V without continuity correction; NaN when either side has fewer than two categories. */
export function cramersV(a: Int32Array, b: Int32Array): number {
  if (a.length === 0) return NaN;
  const compress = (x: Int32Array) => {
    const levels = [...new Set(x)].sort((u, v) => u - v);
    const at = new Map(levels.map((l, i) => [l, i]));
    return { codes: Int32Array.from(x, (v) => at.get(v) as number), k: levels.length };
  };
  const ca = compress(a);
  const cb = compress(b);
  if (Math.min(ca.k, cb.k) < 2) return NaN;
  const table = new Float64Array(ca.k * cb.k);
  for (let i = 0; i < a.length; i += 1) {
    const cell = (ca.codes[i] as number) * cb.k + (cb.codes[i] as number);
    table[cell] = (table[cell] as number) + 1;
  }
  const rows = new Float64Array(ca.k);
  const cols = new Float64Array(cb.k);
  table.forEach((v, cell) => {
    const r = Math.floor(cell / cb.k);
    rows[r] = (rows[r] as number) + v;
    cols[cell % cb.k] = (cols[cell % cb.k] as number) + v;
  });
  const n = a.length;
  let chi2 = 0;
  table.forEach((v, cell) => {
    const e = ((rows[Math.floor(cell / cb.k)] as number) * (cols[cell % cb.k] as number)) / n;
    chi2 += ((v - e) * (v - e)) / e;
  });
  return Math.sqrt(chi2 / (n * (Math.min(ca.k, cb.k) - 1)));
}

const isNumeric = (c: JudgedColumn): c is Extract<JudgedColumn, { num: Float64Array }> =>
  c.kind !== 'categorical';

function constant(v: Float64Array): boolean {
  const r = range(v);
  return r === null || r[0] === r[1];
}

function codedPair(r: JudgedColumn, s: JudgedColumn, mode: 'own' | 'real'): Coded | null {
  if (isNumeric(r)) return binned(r.num, (s as typeof r).num, mode);
  return categoryCodes(r.cat, (s as Extract<JudgedColumn, { cat: Cell[] }>).cat);
}

/** The judge's pair trends for the given pairs of columns present in both tables. */
export function judgedPairTrends(
  real: ReadonlyMap<string, JudgedColumn>,
  synth: ReadonlyMap<string, JudgedColumn>,
  pairs: readonly [string, string][],
): JudgedPair[] {
  const coded = new Map<string, Coded | null>();
  const codes = (c: string) => {
    if (!coded.has(c))
      coded.set(c, codedPair(real.get(c) as JudgedColumn, synth.get(c) as JudgedColumn, 'own'));
    return coded.get(c) ?? null;
  };
  return pairs.map(([a, b]): JudgedPair => {
    const ra = real.get(a) as JudgedColumn;
    const rb = real.get(b) as JudgedColumn;
    const sa = synth.get(a) as JudgedColumn;
    const sb = synth.get(b) as JudgedColumn;
    if (isNumeric(ra) && isNumeric(rb) && isNumeric(sa) && isNumeric(sb)) {
      if ([ra, rb, sa, sb].some((c) => constant(c.num)))
        return { columns: [a, b], metric: 'CorrelationSimilarity', score: NaN };
      const pr = pearson(ra.num, rb.num);
      const ps = pearson(sa.num, sb.num);
      return { columns: [a, b], metric: 'CorrelationSimilarity', score: 1 - Math.abs(pr - ps) / 2 };
    }
    const ca = codes(a);
    const cb = codes(b);
    const score = ca && cb ? contingency(ca.real, cb.real, ca.synth, cb.synth) : NaN;
    return { columns: [a, b], metric: 'ContingencySimilarity', score };
  });
}

/** The pairs whose real association is clear: |Pearson r| > minR, or Cramér's V > minV. */
export function associatedPairs(
  real: ReadonlyMap<string, JudgedColumn>,
  synth: ReadonlyMap<string, JudgedColumn>,
  pairs: readonly JudgedPair[],
  minR: number,
  minV: number,
): AssociatedPair[] {
  const out: AssociatedPair[] = [];
  for (const p of pairs) {
    const [a, b] = p.columns;
    const ra = real.get(a) as JudgedColumn;
    const rb = real.get(b) as JudgedColumn;
    if (p.metric === 'CorrelationSimilarity' && isNumeric(ra) && isNumeric(rb)) {
      const r = pearson(ra.num, rb.num);
      if (!(Math.abs(r) > minR)) continue;
      const sa = synth.get(a) as typeof ra;
      const sb = synth.get(b) as typeof rb;
      out.push({ ...p, association: 'pearson', real: r, synthetic: pearson(sa.num, sb.num) });
      continue;
    }
    const ca = codedPair(ra, synth.get(a) as JudgedColumn, 'real');
    const cb = codedPair(rb, synth.get(b) as JudgedColumn, 'real');
    if (!ca || !cb) continue;
    const v = cramersV(ca.real, cb.real);
    if (!(v > minV)) continue;
    out.push({ ...p, association: 'cramers_v', real: v, synthetic: cramersV(ca.synth, cb.synth) });
  }
  return out;
}
