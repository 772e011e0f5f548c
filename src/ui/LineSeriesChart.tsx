import { memo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';

export interface LineSeries {
  key: string;
  label: string;
  color: string;
}

/**
 * Lines over pre-decimated rows. Fixed size and no animation: it is redrawn a few times a
 * second while a model trains, and must stay cheap.
 */
export const LineSeriesChart = memo(function LineSeriesChart(props: {
  rows: readonly Record<string, number>[];
  series: readonly LineSeries[];
  xKey: string;
  xLabel: string;
  title: string;
  width: number;
  height: number;
  yDomain?: [number, number];
  testId?: string;
}) {
  return (
    <figure
      className="line-chart"
      aria-label={props.title}
      data-testid={props.testId}
      data-points={props.rows.length}
    >
      <LineChart
        width={props.width}
        height={props.height}
        data={props.rows as Record<string, number>[]}
        margin={{ top: 8, right: 12, bottom: 4, left: 0 }}
      >
        <CartesianGrid stroke="#e6ebf0" />
        <XAxis
          dataKey={props.xKey}
          type="number"
          domain={['dataMin', 'dataMax']}
          allowDecimals={false}
          tick={{ fontSize: 11 }}
          label={{ value: props.xLabel, position: 'insideBottomRight', offset: -2, fontSize: 11 }}
        />
        <YAxis
          tick={{ fontSize: 11 }}
          width={48}
          {...(props.yDomain ? { domain: props.yDomain } : {})}
          tickFormatter={(v: number) => Number(v.toPrecision(3)).toString()}
        />
        <Tooltip
          formatter={(v) => Number(v).toPrecision(4)}
          labelFormatter={(x) => `${props.xLabel} ${String(x)}`}
        />
        {props.series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.label}
            stroke={s.color}
            dot={props.rows.length <= 2}
            strokeWidth={1.5}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </LineChart>
      {/* a plain legend: recharts' own measures itself on every redraw (a forced layout) */}
      <figcaption className="line-legend">
        {props.series.map((s) => (
          <span key={s.key}>
            <i style={{ background: s.color }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
});
