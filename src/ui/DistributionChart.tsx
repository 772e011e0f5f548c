import { memo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ColumnComparison } from '../core/eval/distribution-compare';
import { formatShare } from './format';

const REAL = '#9fb3c8';
const SYNTH = '#d9822b';

const percent = (v: unknown) => `${(Number(v) * 100).toFixed(1)}%`;

/**
 * One column, real against synthetic: overlaid histogram on shared bins (numbers, dates) or
 * grouped bars (categories), with the missing shares underneath.
 */
export const DistributionChart = memo(function DistributionChart(props: {
  comparison: ColumnComparison;
  width: number;
  height: number;
  synthetic: boolean;
}) {
  const c = props.comparison;
  const rows =
    c.type === 'histogram'
      ? c.bins.map((b) => ({ label: b.label, real: b.real, synth: b.synth }))
      : c.levels.map((l) => ({ label: l.label, real: l.real, synth: l.synth }));
  const margin = { top: 6, right: 8, bottom: 4, left: 0 };
  const axes = (
    <>
      <CartesianGrid stroke="#eef2f5" vertical={false} />
      <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" />
      <YAxis
        tick={{ fontSize: 10 }}
        width={38}
        tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
      />
      <Tooltip formatter={(v, name) => [percent(v), name]} />
      {props.width > 300 && <Legend wrapperStyle={{ fontSize: 11 }} />}
    </>
  );
  return (
    <figure
      className="distribution-chart"
      aria-label={`${c.column}: real against synthetic`}
      data-testid="distribution-chart"
      data-column={c.column}
    >
      <figcaption>{c.column}</figcaption>
      {c.type === 'histogram' ? (
        <ComposedChart width={props.width} height={props.height} data={rows} margin={margin}>
          {axes}
          <Bar dataKey="real" name="Real" fill={REAL} isAnimationActive={false} />
          {props.synthetic && (
            <Line
              dataKey="synth"
              name="Synthetic"
              type="step"
              stroke={SYNTH}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      ) : (
        <BarChart width={props.width} height={props.height} data={rows} margin={margin}>
          {axes}
          <Bar dataKey="real" name="Real" fill={REAL} isAnimationActive={false} />
          {props.synthetic && (
            <Bar dataKey="synth" name="Synthetic" fill={SYNTH} isAnimationActive={false} />
          )}
        </BarChart>
      )}
      <p className="missing-line">
        Missing: real {formatShare(c.realMissing)}
        {props.synthetic ? `, synthetic ${formatShare(c.synthMissing)}` : ''}
        {c.type === 'histogram' && c.synthOutside > 0
          ? ` · ${formatShare(c.synthOutside)} of synthetic values beyond the real range`
          : ''}
      </p>
    </figure>
  );
});
