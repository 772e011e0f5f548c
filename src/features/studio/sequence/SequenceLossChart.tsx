import { useMemo, useState } from 'react';
import { LineSeriesChart, type LineSeries } from '../../../ui/LineSeriesChart';
import { useThrottled } from '../../../ui/use-throttled';
import type { LossPoint } from '../../../worker/engine-client';
import { decimate, smooth } from '../chart-data';

/** The sequential ARGN's one loss (what `trainSeqArgn` reports each epoch). */
export const SEQUENCE_LOSS_SERIES: readonly LineSeries[] = [
  { key: 'loss', label: 'Loss (nats per entity)', color: '#2e75b6' },
];

/**
 * Live losses of a sequence model, decimated and optionally smoothed, redrawn at most once a
 * second. The one-table `LossCharts` is not reused as is: it reads the one-table model catalog
 * (`MODELS[kind]`) and draws a column-shapes score beside the losses, which sequence training
 * does not compute.
 */
export function SequenceLossChart(props: {
  losses: readonly LossPoint[];
  /** The series in `losses[i].values`; default: one `loss`. */
  series?: readonly LineSeries[];
  /** "epoch" (the ARGN reports once per epoch) or "step". */
  xLabel?: string;
  title?: string;
  compact?: boolean;
}) {
  const [smoothed, setSmoothed] = useState(false);
  const losses = useThrottled(props.losses, 1000);
  const series = props.series ?? SEQUENCE_LOSS_SERIES;
  const keys = useMemo(() => series.map((s) => s.key), [series]);
  const rows = useMemo(() => {
    const d = decimate(losses);
    return smoothed ? smooth(d, keys) : d;
  }, [losses, keys, smoothed]);
  const title = props.title ?? 'Sequence model loss';
  const xLabel = props.xLabel ?? 'epoch';
  if (rows.length === 0)
    return <p className="hint">The loss appears after the first {xLabel} of training.</p>;
  return (
    <div className="chart-block" data-testid="sequence-loss">
      <h3>Losses</h3>
      <p className="chart-help">
        How surprised the model is by the real entities (cross-entropy of every subject column,
        every event column and every &quot;last event?&quot; decision, summed per entity): it should
        fall and flatten.
      </p>
      {!props.compact && (
        <label className="toggle">
          <input
            type="checkbox"
            checked={smoothed}
            onChange={(e) => setSmoothed(e.target.checked)}
          />{' '}
          Smooth the curve
        </label>
      )}
      <LineSeriesChart
        rows={rows}
        series={series}
        xKey="step"
        xLabel={xLabel}
        title={`${title} by ${xLabel}`}
        width={props.compact ? 320 : 540}
        height={props.compact ? 170 : 240}
        testId="sequence-loss-chart"
      />
    </div>
  );
}
