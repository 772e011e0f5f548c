/**
 * Entity-level detection and privacy, as the sequence judge measures them: each entity becomes
 * one row of features (its subject values, its length, the mean, spread, first and last of each
 * numeric event column, the shares of the top levels of each categorical one); a classifier
 * tries to tell real from synthetic entities; an entity is an exact copy when its subject values
 * and every event equal a training entity's; and synthetic entities should be no closer to the
 * training entities than to real ones never seen (closer-to-train share, 0.5 ideal).
 */
import type { ModelColumn, ModelTable } from '../../data/model-table';
import { Rng } from '../../rng';
import type { Cell } from '../../sequence/cells';
import type { EntityTable } from '../../sequence/entity-table';
import { entitySignatures } from '../../sequence/signatures';
import { detectionReport, type DetectionReport } from '../detection';
import { judgedColumn, numericLike, type JudgedKind } from './judged-columns';

/** Most top levels per categorical column turned into share features (the judge's). */
const TOP_LEVELS = 8;
/** Most entities per side in the detection sample (the judge's). */
const MAX_DETECTION_ENTITIES = 5000;
/** Most synthetic entities whose nearest neighbours are searched. */
const MAX_QUERIES = 3000;
const NA = '\u0000<NA>';

export interface EntityLevel {
  detection: DetectionReport | null;
  detectionNote: string | null;
  exactEntityCopies: number;
  closerToTrainShare: number | null;
}

type Kinds = { subject: Record<string, JudgedKind>; event: Record<string, JudgedKind> };

function categoryValues(cells: readonly Cell[], kind: JudgedKind, like: boolean): string[] {
  const col = judgedColumn(cells, kind, like);
  return col.kind === 'categorical' ? col.cat.map((c) => c ?? NA) : [];
}

/** The real table's most frequent levels per categorical column (subject ones prefixed @). */
export function topLevels(real: EntityTable, kinds: Kinds): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string, cells: readonly Cell[]) => {
    const counts = new Map<string, number>();
    for (const v of categoryValues(cells, 'categorical', numericLike(cells)))
      counts.set(v, (counts.get(v) ?? 0) + 1);
    out.set(
      name,
      [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, TOP_LEVELS)
        .map(([v]) => v),
    );
  };
  real.eventColumns.forEach(
    (c, j) => kinds.event[c] === 'categorical' && add(c, real.events[j] as Cell[]),
  );
  real.subjectColumns.forEach(
    (c, j) => kinds.subject[c] === 'categorical' && add(`@${c}`, real.subjects[j] as Cell[]),
  );
  return out;
}

/** One feature row per entity: [feature][entity]. */
export function entityFeatures(
  t: EntityTable,
  kinds: Kinds,
  levels: Map<string, string[]>,
  like: Map<string, boolean>,
): { names: string[]; values: Float64Array[] } {
  const n = t.keys.length;
  const names: string[] = ['n_events'];
  const values: Float64Array[] = [
    Float64Array.from(
      { length: n },
      (_, e) => (t.eventStart[e + 1] as number) - (t.eventStart[e] as number),
    ),
  ];
  const perEntity = (f: (from: number, to: number) => number) =>
    Float64Array.from({ length: n }, (_, e) =>
      f(t.eventStart[e] as number, t.eventStart[e + 1] as number),
    );
  t.eventColumns.forEach((c, j) => {
    const kind = kinds.event[c];
    if (!kind || kind === 'id') return;
    const cells = t.events[j] as Cell[];
    if (kind !== 'categorical') {
      const col = judgedColumn(cells, kind);
      if (col.kind === 'categorical') return;
      const present = (from: number, to: number) => {
        const v: number[] = [];
        for (let i = from; i < to; i += 1)
          if (!Number.isNaN(col.num[i] as number)) v.push(col.num[i] as number);
        return v;
      };
      const mean = perEntity((a, b) => {
        const v = present(a, b);
        return v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN;
      });
      const sd = perEntity((a, b) => {
        const v = present(a, b);
        if (v.length < 2) return NaN;
        const m = v.reduce((s, x) => s + x, 0) / v.length;
        return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1));
      });
      const first = perEntity((a, b) => present(a, b)[0] ?? NaN);
      const last = perEntity((a, b) => present(a, b).at(-1) ?? NaN);
      names.push(`${c}:mean`, `${c}:sd`, `${c}:first`, `${c}:last`);
      values.push(mean, sd, first, last);
      if (c === t.order) {
        names.push(`${c}:span`);
        values.push(Float64Array.from(last, (l, e) => l - (first[e] as number)));
      }
      return;
    }
    const cats = categoryValues(cells, 'categorical', like.get(c) ?? false);
    for (const level of levels.get(c) ?? []) {
      names.push(`${c}=${level}`);
      values.push(
        perEntity((a, b) => {
          if (b === a) return NaN;
          let hit = 0;
          for (let i = a; i < b; i += 1) if (cats[i] === level) hit += 1;
          return hit / (b - a);
        }),
      );
    }
  });
  t.subjectColumns.forEach((c, j) => {
    const kind = kinds.subject[c];
    if (!kind || kind === 'id') return;
    const cells = t.subjects[j] as Cell[];
    if (kind !== 'categorical') {
      const col = judgedColumn(cells, kind);
      if (col.kind !== 'categorical') {
        names.push(`@${c}`);
        values.push(col.num);
      }
      return;
    }
    const cats = categoryValues(cells, 'categorical', like.get(`@${c}`) ?? false);
    for (const level of levels.get(`@${c}`) ?? []) {
      names.push(`@${c}=${level}`);
      values.push(Float64Array.from(cats, (v) => (v === level ? 1 : 0)));
    }
  });
  return { names, values };
}

function asTable(names: string[], values: Float64Array[], rows: number): ModelTable {
  return {
    rows,
    columns: names.map((name, j): ModelColumn => ({
      type: 'numeric',
      name,
      values: values[j] as Float64Array,
      integer: false,
    })),
  };
}

/** Rows of the features (entity-major), standardised on `ref` (NaN -> 0 afterwards). */
function standardised(rows: number[][], refRows: number[][]): number[][] {
  const d = refRows[0]?.length ?? 0;
  const mu = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let j = 0; j < d; j += 1) {
    const v = refRows.map((r) => r[j] as number).filter((x) => !Number.isNaN(x));
    const m = v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN;
    const s = v.length ? Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / v.length) : NaN;
    mu[j] = Number.isFinite(m) ? m : 0;
    sd[j] = Number.isFinite(s) && s !== 0 ? s : 1;
  }
  return rows.map((r) =>
    r.map((x, j) => {
      const z = (x - (mu[j] as number)) / (sd[j] as number);
      return Number.isNaN(z) ? 0 : z;
    }),
  );
}

function nearest(q: number[][], ref: number[][]): Float64Array {
  return Float64Array.from(q, (a) => {
    let best = Infinity;
    for (const b of ref) {
      let s = 0;
      for (let j = 0; j < a.length; j += 1) s += ((a[j] as number) - (b[j] as number)) ** 2;
      if (s < best) best = s;
    }
    return best;
  });
}

function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  return rng.permutation(n).subarray(0, k);
}

/**
 * Entity detection, exact entity copies and (with a holdout) the closer-to-train share.
 * @param kinds the judge's kinds from {@link judgedKinds}.
 */
export function entityLevel(
  real: EntityTable,
  synth: EntityTable,
  holdout: EntityTable | null,
  kinds: Kinds,
  seed: number,
): EntityLevel {
  const levels = topLevels(real, kinds);
  const like = new Map<string, boolean>();
  real.eventColumns.forEach((c, j) => like.set(c, numericLike(real.events[j] as Cell[])));
  real.subjectColumns.forEach((c, j) => like.set(`@${c}`, numericLike(real.subjects[j] as Cell[])));
  const fr = entityFeatures(real, kinds, levels, like);
  const fs = entityFeatures(synth, kinds, levels, like);
  let detection: DetectionReport | null = null;
  let detectionNote: string | null = null;
  const m = Math.min(real.keys.length, synth.keys.length, MAX_DETECTION_ENTITIES);
  if (m < 6)
    detectionNote = 'Too few entities for entity detection (it needs 6 real and 6 synthetic).';
  else
    detection = detectionReport({
      real: asTable(fr.names, fr.values, real.keys.length),
      synth: asTable(fs.names, fs.values, synth.keys.length),
      seed,
      maxRows: MAX_DETECTION_ENTITIES,
    });
  const realSignatures = new Set(entitySignatures(real));
  const synthSignatures = entitySignatures(synth);
  const copies = synthSignatures.filter((s) => realSignatures.has(s)).length;
  let closerToTrainShare: number | null = null;
  if (holdout && holdout.keys.length > 0 && synth.keys.length > 0) {
    const fh = entityFeatures(holdout, kinds, levels, like);
    const rowsOf = (f: { values: Float64Array[] }, idx: Int32Array) =>
      Array.from(idx, (e) => f.values.map((v) => v[e] as number));
    const rng = new Rng(seed);
    const n = Math.min(real.keys.length, holdout.keys.length);
    const tr = rowsOf(fr, sampleIndices(real.keys.length, n, rng));
    const ho = rowsOf(fh, sampleIndices(holdout.keys.length, n, rng));
    const q = rowsOf(
      fs,
      sampleIndices(synth.keys.length, Math.min(synth.keys.length, MAX_QUERIES), rng),
    );
    const ref = [...tr, ...ho];
    const dt = nearest(standardised(q, ref), standardised(tr, ref));
    const dh = nearest(standardised(q, ref), standardised(ho, ref));
    let share = 0;
    dt.forEach((d, i) => (share += d < (dh[i] as number) ? 1 : d === dh[i] ? 0.5 : 0));
    closerToTrainShare = share / dt.length;
  }
  return {
    detection,
    detectionNote,
    exactEntityCopies: copies / Math.max(1, synth.keys.length),
    closerToTrainShare,
  };
}
