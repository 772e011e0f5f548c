import { useMemo, useState } from 'react';
import { LineSeriesChart } from '../../ui/LineSeriesChart';
import { useStaggered } from '../../ui/use-staggered';
import { useThrottled } from '../../ui/use-throttled';
import type { LossPoint } from '../../worker/engine-client';
import type { ModelInfo } from '../train/model-catalog';
import { decimate, smooth } from './chart-data';

const QUALITY_SERIES = [{ key: 'score', label: 'Column shapes', color: '#1f4e79' }];

/**
 * The model's losses (decimated, optionally smoothed) beside the live column-shapes score.
 * Recomputed only when new points arrive.
 */
export function LossCharts(props: {
  info: ModelInfo;
  losses: readonly LossPoint[];
  quality: readonly { epoch: number; score: number }[];
  compact?: boolean;
}) {
  const [smoothed, setSmoothed] = useState(true);
  // one redraw a second at most: a line chart costs a layout, losses arrive five times a second
  const losses = useThrottled(props.losses, 1000);
  const keys = useMemo(() => props.info.losses.map((l) => l.key), [props.info]);
  const rows = useMemo(() => {
    const d = decimate(losses);
    return smoothed ? smooth(d, keys) : d;
  }, [losses, keys, smoothed]);
  const quality = useMemo(
    () => props.quality.filter((q) => Number.isFinite(q.score)),
    [props.quality],
  );
  // one chart per frame: mounting both recharts charts in one task is the page's longest task
  const shown = useStaggered(2, 'loss-charts', 1);
  const width = props.compact ? 320 : 540;
  const height = props.compact ? 170 : 240;
  return (
    <div className="loss-charts">
      {props.info.epochs && (
        <div className="chart-block">
          <h3>Losses</h3>
          <p className="chart-help">{props.info.lossHelp}</p>
          {!props.compact && (
            <label className="toggle">
              <input
                type="checkbox"
                checked={smoothed}
                onChange={(e) => setSmoothed(e.target.checked)}
              />{' '}
              Smooth the curves
            </label>
          )}
          {shown >= 1 && (
            <LineSeriesChart
              rows={rows}
              series={props.info.losses}
              xKey="step"
              xLabel="step"
              title={`${props.info.title} losses by training step`}
              width={width}
              height={height}
              testId="loss-chart"
            />
          )}
        </div>
      )}
      <div className="chart-block">
        <h3>Live quality</h3>
        <p className="chart-help">
          How closely each synthetic column&apos;s shape matches the real one, averaged over the
          columns (1 is a perfect match), from a fresh sample every few epochs.
        </p>
        {shown >= 2 && (
          <LineSeriesChart
            rows={quality}
            series={QUALITY_SERIES}
            xKey="epoch"
            xLabel="epoch"
            title="Column shapes score by epoch"
            width={props.compact ? 320 : 380}
            height={height}
            yDomain={[0, 1]}
            testId="quality-chart"
          />
        )}
      </div>
    </div>
  );
}
