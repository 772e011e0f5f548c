/**
 * Chart-ready rows from the loss history: decimated to a bounded number of points (300 epochs of
 * 65 steps stay readable and cheap to draw) and optionally smoothed. Pure functions, memoised by
 * the charts.
 */
import type { LossPoint } from '../../worker/engine-client';

/** Most points a line chart draws. */
export const MAX_POINTS = 160;

export type ChartRow = { step: number } & Record<string, number>;

/**
 * Every `ceil(n / max)`-th point, always keeping the last, so the drawn line ends where training
 * is. Points are averaged within each stride so spikes are not hidden by the choice of points.
 */
export function decimate(points: readonly LossPoint[], max = MAX_POINTS): ChartRow[] {
  const n = points.length;
  if (n === 0) return [];
  const stride = Math.max(1, Math.ceil(n / max));
  const rows: ChartRow[] = [];
  for (let start = 0; start < n; start += stride) {
    const end = Math.min(n, start + stride);
    const last = points[end - 1] as LossPoint;
    const row: ChartRow = { step: last.step } as ChartRow;
    const sums = new Map<string, { sum: number; count: number }>();
    for (let i = start; i < end; i += 1) {
      for (const [k, v] of Object.entries((points[i] as LossPoint).values)) {
        if (!Number.isFinite(v)) continue;
        const s = sums.get(k) ?? { sum: 0, count: 0 };
        s.sum += v;
        s.count += 1;
        sums.set(k, s);
      }
    }
    for (const [k, s] of sums) row[k] = s.sum / s.count;
    rows.push(row);
  }
  return rows;
}

/**
 * Exponential moving average of each series (weight `alpha` on the newest point), started at
 * the first value, so the trend shows through the noise of single batches.
 */
export function smooth(
  rows: readonly ChartRow[],
  keys: readonly string[],
  alpha = 0.15,
): ChartRow[] {
  const state = new Map<string, number>();
  return rows.map((row) => {
    const out: ChartRow = { ...row };
    for (const k of keys) {
      const v = row[k];
      if (v === undefined || !Number.isFinite(v)) continue;
      const prev = state.get(k);
      const next = prev === undefined ? v : prev + alpha * (v - prev);
      state.set(k, next);
      out[k] = next;
    }
    return out;
  });
}
