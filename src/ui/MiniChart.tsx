import { memo } from 'react';

export interface MiniChartDatum {
  label: string;
  count: number;
}

const WIDTH = 200;
const HEIGHT = 90;
const PAD = 4;

/**
 * A small bar chart of pre-binned counts (a histogram or the top levels of a category), in plain
 * SVG: one rect per bar with its label and count as the hover title. A recharts chart per card
 * cost tens of milliseconds to mount, so a table of 40 columns kept the page busy for seconds.
 */
export const MiniChart = memo(function MiniChart(props: {
  data: MiniChartDatum[];
  title: string;
  color?: string;
}) {
  const n = Math.max(1, props.data.length);
  const top = Math.max(1, ...props.data.map((d) => d.count));
  const slot = (WIDTH - 2 * PAD) / n;
  const gap = Math.min(2, slot * 0.2);
  const h = HEIGHT - PAD;
  return (
    <figure className="mini-chart" aria-label={props.title}>
      <svg width={WIDTH} height={HEIGHT} role="img" aria-label={props.title}>
        {props.data.map((d, i) => {
          const barHeight = (d.count / top) * (h - PAD);
          return (
            <rect
              key={`${i}:${d.label}`}
              x={PAD + i * slot + gap / 2}
              y={h - barHeight}
              width={Math.max(1, slot - gap)}
              height={barHeight}
              fill={props.color ?? '#2e75b6'}
            >
              <title>{`${d.label}: ${d.count.toLocaleString('en-US')} rows`}</title>
            </rect>
          );
        })}
      </svg>
    </figure>
  );
});
