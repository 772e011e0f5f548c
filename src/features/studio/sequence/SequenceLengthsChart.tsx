import { memo } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { LengthComparison } from '../../../core/eval/sequence/length-compare';
import { formatCount } from '../../../ui/format';

const REAL = '#9fb3c8';
const SYNTH = '#d9822b';

const percent = (v: unknown) => `${(Number(v) * 100).toFixed(1)}%`;
const one = (x: number) => Number(x.toFixed(1)).toLocaleString('en-US');

/**
 * Events per entity, real against synthetic, on shared bins (from `compareLengths`): real as
 * grey bars, synthetic as an orange step line, as the one-table distribution charts draw them.
 */
export const SequenceLengthsChart = memo(function SequenceLengthsChart(props: {
  comparison: LengthComparison;
  width?: number;
  height?: number;
}) {
  const c = props.comparison;
  const width = props.width ?? 560;
  const height = props.height ?? 260;
  const title = 'Events per entity: real against synthetic';
  if (c.bins.length === 0) return <p className="hint">There are no entities to compare yet.</p>;
  return (
    <figure
      className="distribution-chart"
      aria-label={title}
      data-testid="sequence-lengths-chart"
      data-bins={c.bins.length}
    >
      <figcaption>{title}</figcaption>
      <ComposedChart
        width={width}
        height={height}
        data={c.bins}
        margin={{ top: 6, right: 8, bottom: 4, left: 0 }}
      >
        <CartesianGrid stroke="#eef2f5" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 10 }} interval="preserveStartEnd" />
        <YAxis
          tick={{ fontSize: 10 }}
          width={38}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
        />
        <Tooltip
          formatter={(v, name) => [percent(v), name]}
          labelFormatter={(l) => `${String(l)} events`}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Bar dataKey="real" name="Real entities" fill={REAL} isAnimationActive={false} />
        <Line
          dataKey="synth"
          name="Synthetic entities"
          type="step"
          stroke={SYNTH}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
      <p className="missing-line" data-testid="sequence-lengths-summary">
        Real: {formatCount(c.real.entities)} entities, {one(c.real.mean)} events on average (median{' '}
        {one(c.real.median)}, {c.real.min}–{c.real.max}). Synthetic: {formatCount(c.synth.entities)}{' '}
        entities, {one(c.synth.mean)} on average (median {one(c.synth.median)}, {c.synth.min}–
        {c.synth.max}).
      </p>
    </figure>
  );
});
