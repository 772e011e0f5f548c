/**
 * Empirical privacy checks of a synthetic table against the rows it was trained on, with the
 * definitions of the independent judge (../shared/judge/score.py, after SDMetrics' DCR metrics):
 *
 * - exact copies: synthetic rows equal to some training row in every column;
 * - DCR: each (sampled) synthetic row's distance to its closest training row, Gower-style
 *   (see dcr.ts), and the same from holdout rows to training rows as the yardstick;
 * - closer-to-train share: on equal-sized training and holdout sets, the share of synthetic rows
 *   nearer to a training row than to a holdout row, ties counting half (0.5 is ideal);
 * - NNDR: nearest / second-nearest training distance per synthetic row (low = singled out).
 *
 * These are checks on samples, not a formal guarantee such as differential privacy.
 */
import type { ModelTable } from '../data/model-table';
import { Rng } from '../rng';
import { dcrSpace, nearestDistances, toDcrMatrix } from './dcr';

/** Synthetic rows sampled for DCR by default, as the judge's `--max-rows-dcr`. */
export const DEFAULT_MAX_DCR_ROWS = 5000;
/** Training (and holdout) rows kept as reference at most, as the judge's `max_ref`. */
export const MAX_REFERENCE_ROWS = 50_000;
/** Closer-to-train share above which the report flags likely memorisation. */
export const CLOSER_TO_TRAIN_FLAG = 0.6;
export const PRIVACY_CAVEAT =
  'These are empirical checks on samples of rows, not a formal privacy guarantee (such as differential privacy): passing them does not prove that no training record can be inferred.';

export interface DcrHistogram {
  /** Bin edges (distance 0-1), `bins + 1` of them. */
  edges: number[];
  /** Share (0-1) of the synthetic rows in each bin. */
  synth: number[];
  /** Share (0-1) of the holdout rows in each bin; null without holdout. */
  holdout: number[] | null;
}

export interface PrivacyVerdict {
  level: 'ok' | 'caution' | 'risk';
  /** One or two plain sentences. */
  text: string;
  /** Each finding that raised the level, in plain words. */
  flags: string[];
  caveat: string;
}

export interface PrivacyReport {
  columnsUsed: number;
  synthRowsUsed: number;
  trainRowsUsed: number;
  /** Synthetic rows (all of them, not a sample) equal to a training row in every column. */
  exactCopies: number;
  exactCopyShare: number;
  /** Holdout rows equal to a training row: the share real data shows by chance. */
  holdoutCopyShare: number | null;
  dcrMedian: number;
  dcrMean: number;
  dcrP05: number;
  dcrZeroShare: number;
  holdoutDcrMedian: number | null;
  holdoutDcrZeroShare: number | null;
  /** Share of synthetic rows closer to training than to holdout rows, ties half; 0.5 ideal. */
  closerToTrainShare: number | null;
  tiesShare: number | null;
  /** Size of the equal training and holdout sets of the closer-to-train test. */
  equalSizeSets: number | null;
  /** Median over synthetic rows of nearest / second-nearest training distance (0-1). */
  nndrMedian: number;
  histogram: DcrHistogram;
  verdict: PrivacyVerdict;
}

/** numpy's default (linear) quantile of an already sorted array. */
export function sortedQuantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return (sorted[lo] as number) + (pos - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

function sorted(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * `k` distinct row indices of `n`, ascending (all rows when k >= n), or in random order when
 * `shuffled`.
 */
export function sampleRows(n: number, k: number, rng: Rng, shuffled = false): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i += 1) all[i] = i;
  if (k >= n && !shuffled) return all;
  k = Math.min(k, n);
  for (let i = 0; i < k; i += 1) {
    const j = i + rng.int(n - i);
    const t = all[i] as number;
    all[i] = all[j] as number;
    all[j] = t;
  }
  return shuffled ? all.slice(0, k) : all.slice(0, k).sort();
}

function rowKeys(table: ModelTable, columns: readonly string[]): string[] {
  const cols = columns.map((name) => table.columns.find((c) => c.name === name));
  const keys = new Array<string>(table.rows);
  for (let i = 0; i < table.rows; i += 1) {
    let key = '';
    for (const c of cols) {
      if (!c) continue;
      if (c.type === 'numeric') {
        const v = c.values[i] as number;
        key += Number.isNaN(v) ? '\u0000' : String(v);
      } else key += String(c.levels[c.codes[i] as number] ?? '\u0000');
      key += '\u001f';
    }
    keys[i] = key;
  }
  return keys;
}

function copyShare(train: ModelTable, other: ModelTable, columns: readonly string[]): number[] {
  const seen = new Set(rowKeys(train, columns));
  let copies = 0;
  for (const key of rowKeys(other, columns)) if (seen.has(key)) copies += 1;
  return [copies, other.rows > 0 ? copies / other.rows : 0];
}

function histogram(synth: Float64Array, holdout: Float64Array | null, bins = 20): DcrHistogram {
  let top = 0;
  for (const v of synth) top = Math.max(top, v);
  if (holdout) for (const v of holdout) top = Math.max(top, v);
  const width = top > 0 ? top / bins : 1 / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => i * width);
  const share = (values: Float64Array) => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of values) {
      const b = Math.min(bins - 1, Math.floor(v / width));
      counts[b] = (counts[b] as number) + 1;
    }
    return counts.map((c) => (values.length > 0 ? c / values.length : 0));
  };
  return { edges, synth: share(synth), holdout: holdout ? share(holdout) : null };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The plain-language verdict from the figures; flags only what the figures support. */
export function privacyVerdict(r: Omit<PrivacyReport, 'verdict'>): PrivacyVerdict {
  const risks: string[] = [];
  const cautions: string[] = [];
  const baseline = r.holdoutCopyShare ?? 0;
  if (r.exactCopies > 0 && r.exactCopyShare > baseline + 0.01) {
    risks.push(
      `${r.exactCopies} synthetic rows (${pct(r.exactCopyShare)}) are exact copies of training rows` +
        (r.holdoutCopyShare !== null
          ? `, against ${pct(r.holdoutCopyShare)} of unseen real rows.`
          : '.'),
    );
  } else if (r.exactCopies > 0) {
    cautions.push(
      `${r.exactCopies} synthetic rows (${pct(r.exactCopyShare)}) equal a training row; real rows repeat about as often.`,
    );
  }
  if (r.closerToTrainShare !== null && r.closerToTrainShare > CLOSER_TO_TRAIN_FLAG) {
    risks.push(
      `${pct(r.closerToTrainShare)} of synthetic rows sit closer to the training rows than to unseen real rows (about 50% is ideal): the generator may be memorising.`,
    );
  }
  if (r.holdoutDcrMedian !== null && r.dcrMedian < 0.5 * r.holdoutDcrMedian) {
    cautions.push(
      `Synthetic rows are much closer to training rows (median distance ${r.dcrMedian.toFixed(3)}) than unseen real rows are (${r.holdoutDcrMedian.toFixed(3)}).`,
    );
  }
  if (r.holdoutDcrMedian === null) {
    cautions.push(
      'No holdout rows were given, so there is no yardstick for how close is too close.',
    );
  }
  const level =
    risks.length > 0
      ? 'risk'
      : cautions.length > 1 || (cautions.length === 1 && r.holdoutDcrMedian !== null)
        ? 'caution'
        : 'ok';
  const text =
    level === 'risk'
      ? 'The synthetic rows reveal too much of the training rows: do not share them as they are.'
      : level === 'caution'
        ? 'No clear leak, but look at the findings below before sharing.'
        : 'The synthetic rows are no closer to the training rows than unseen real rows are.';
  return { level, text, flags: [...risks, ...cautions], caveat: PRIVACY_CAVEAT };
}

export interface PrivacyInput {
  train: ModelTable;
  synth: ModelTable;
  holdout: ModelTable | null;
  seed: number;
  /** Synthetic (and holdout) rows sampled for the distances; default {@link DEFAULT_MAX_DCR_ROWS}. */
  maxRows?: number;
  onProgress?: (share: number) => void;
}

/**
 * The privacy report. All tables must come from one codec (see eval-tables.ts).
 *
 * Cost: about `maxRows x trainRows` distance evaluations, three to four times (synthetic,
 * holdout and the two equal-sized sets), most of them cut short by pruning.
 */
export function privacyReport(input: PrivacyInput): PrivacyReport {
  const { train, synth, holdout } = input;
  const maxRows = input.maxRows ?? DEFAULT_MAX_DCR_ROWS;
  const names = (t: ModelTable) => new Set(t.columns.map((c) => c.name));
  const synthNames = names(synth);
  const holdNames = holdout ? names(holdout) : null;
  const columns = train.columns
    .map((c) => c.name)
    .filter((n) => synthNames.has(n) && (!holdNames || holdNames.has(n)));
  const rng = new Rng(input.seed);
  const space = dcrSpace(train, columns);
  const trRows = sampleRows(train.rows, MAX_REFERENCE_ROWS, rng);
  const syRows = sampleRows(synth.rows, maxRows, rng);
  const trM = toDcrMatrix(space, train, trRows);
  const syM = toDcrMatrix(space, synth, syRows);
  const parts = holdout ? 4 : 1;
  const progress = (part: number) => (share: number) => input.onProgress?.((part + share) / parts);

  const { nearest, second } = nearestDistances(syM, trM, { second: true, onProgress: progress(0) });
  const dSorted = sorted(nearest);
  const ratios = new Float64Array(nearest.length);
  nearest.forEach((d, i) => {
    const d2 = (second as Float64Array)[i] as number;
    ratios[i] = d2 > 0 && Number.isFinite(d2) ? d / d2 : 1;
  });
  let zero = 0;
  let sum = 0;
  for (const d of nearest) {
    if (d === 0) zero += 1;
    sum += d;
  }
  const [exactCopies, exactCopyShare] = copyShare(train, synth, columns) as [number, number];
  const report: Omit<PrivacyReport, 'verdict'> = {
    columnsUsed: columns.length,
    synthRowsUsed: syM.rows,
    trainRowsUsed: trM.rows,
    exactCopies,
    exactCopyShare,
    holdoutCopyShare: null,
    dcrMedian: sortedQuantile(dSorted, 0.5),
    dcrMean: nearest.length > 0 ? sum / nearest.length : NaN,
    dcrP05: sortedQuantile(dSorted, 0.05),
    dcrZeroShare: nearest.length > 0 ? zero / nearest.length : NaN,
    holdoutDcrMedian: null,
    holdoutDcrZeroShare: null,
    closerToTrainShare: null,
    tiesShare: null,
    equalSizeSets: null,
    nndrMedian: sortedQuantile(sorted(ratios), 0.5),
    histogram: histogram(nearest, null),
  };
  if (holdout)
    Object.assign(report, holdoutFigures(input, holdout, space, trM, syM, nearest, rng, progress));
  return { ...report, verdict: privacyVerdict(report) };
}

function holdoutFigures(
  input: PrivacyInput,
  holdout: ModelTable,
  space: ReturnType<typeof dcrSpace>,
  trM: ReturnType<typeof toDcrMatrix>,
  syM: ReturnType<typeof toDcrMatrix>,
  synthNearest: Float64Array,
  rng: Rng,
  progress: (part: number) => (share: number) => void,
): Partial<PrivacyReport> {
  const maxRows = input.maxRows ?? DEFAULT_MAX_DCR_ROWS;
  const hoM = toDcrMatrix(
    space,
    holdout,
    sampleRows(holdout.rows, Math.min(maxRows, holdout.rows), rng),
  );
  const dHo = nearestDistances(hoM, trM, { onProgress: progress(1) }).nearest;
  let hoZero = 0;
  for (const d of dHo) if (d === 0) hoZero += 1;
  const fullHold = sampleRows(holdout.rows, MAX_REFERENCE_ROWS, rng);
  const m = Math.min(fullHold.length, input.train.rows);
  const trEq = toDcrMatrix(space, input.train, sampleRows(input.train.rows, m, rng));
  const hEqRows = sampleRows(fullHold.length, m, rng).map((i) => fullHold[i] as number);
  const hEq = toDcrMatrix(space, holdout, hEqRows);
  const dt = nearestDistances(syM, trEq, { onProgress: progress(2) }).nearest;
  const dh = nearestDistances(syM, hEq, { onProgress: progress(3) }).nearest;
  let closer = 0;
  let ties = 0;
  for (let i = 0; i < dt.length; i += 1) {
    if ((dt[i] as number) < (dh[i] as number)) closer += 1;
    else if (dt[i] === dh[i]) ties += 1;
  }
  const n = Math.max(1, dt.length);
  const columns = space.columns;
  return {
    holdoutCopyShare: (copyShare(input.train, holdout, columns) as [number, number])[1],
    holdoutDcrMedian: sortedQuantile(sorted(dHo), 0.5),
    holdoutDcrZeroShare: dHo.length > 0 ? hoZero / dHo.length : NaN,
    closerToTrainShare: (closer + 0.5 * ties) / n,
    tiesShare: ties / n,
    equalSizeSets: m,
    histogram: histogram(synthNearest, dHo),
  };
}
