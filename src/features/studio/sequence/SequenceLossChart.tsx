import { useMemo, useState } from 'react';
import { LineSeriesChart, type LineSeries } from '../../../ui/LineSeriesChart';
import { useThrottled } from '../../../ui/use-throttled';
import { decimate, smooth } from '../chart-data';

/** One finished epoch and its mean loss (the engine's `SequenceEpoch` fits as it is). */
export interface LossEpoch {
  epoch: number;
  loss: number;
}

/** The sequential ARGN's one loss (what `trainSeqArgn` reports each epoch). */
export const SEQUENCE_LOSS_SERIES: readonly LineSeries[] = [
  { key: 'loss', label: 'Loss (nats per entity)', color: '#2e75b6' },
];
const KEYS = ['loss'];

/**
 * Live losses of a sequence model (one point per epoch), decimated to at most 160 points and
 * optionally smoothed, redrawn at most once a second. The one-table `LossCharts` is not reused
 * as is: it reads the one-table model catalog (`MODELS[kind]`) and draws a column-shapes score
 * beside the losses, which sequence training does not compute.
 */
export function SequenceLossChart(props: {
  epochs: readonly LossEpoch[];
  title?: string;
  compact?: boolean;
}) {
  const [smoothed, setSmoothed] = useState(false);
  const epochs = useThrottled(props.epochs, 1000);
  const rows = useMemo(() => {
    const d = decimate(epochs.map((e) => ({ step: e.epoch, values: { loss: e.loss } })));
    return smoothed ? smooth(d, KEYS) : d;
  }, [epochs, smoothed]);
  const title = props.title ?? 'Sequence model loss';
  const xLabel = 'epoch';
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
        series={SEQUENCE_LOSS_SERIES}
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
