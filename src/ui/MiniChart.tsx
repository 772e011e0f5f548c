import { Bar, BarChart, Tooltip, XAxis } from 'recharts';

export interface MiniChartDatum {
  label: string;
  count: number;
}

/**
 * A small bar chart of pre-binned counts (a histogram or the top levels of a category). Fixed
 * size: a ResponsiveContainer would measure itself on mount and force a layout per chart.
 */
export function MiniChart(props: { data: MiniChartDatum[]; title: string; color?: string }) {
  return (
    <figure className="mini-chart" aria-label={props.title}>
      <BarChart
        width={200}
        height={90}
        data={props.data}
        margin={{ top: 4, right: 4, bottom: 0, left: 4 }}
      >
        <XAxis dataKey="label" hide />
        <Tooltip
          cursor={{ fill: 'rgba(31, 78, 121, 0.08)' }}
          formatter={(v) => [Number(v).toLocaleString('en-US'), 'rows']}
        />
        <Bar dataKey="count" fill={props.color ?? '#2e75b6'} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}
