/**
 * Bars of pre-binned counts as plain SVG (no chart library): one or two series side by side,
 * each bar titled with its label and count, with the counts also in a visually hidden table.
 */
export interface CountBar {
  label: string;
  counts: number[];
}

const COLORS = ['#1f4e79', '#a3470c'];

export function CountBars(props: {
  title: string;
  bars: CountBar[];
  /** Names of the series (one per count of a bar). */
  series: string[];
  xLabel: string;
  testId?: string;
}) {
  const { bars, series } = props;
  const width = 480;
  const height = 140;
  const max = Math.max(1, ...bars.flatMap((b) => b.counts));
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.max(1, (slot * 0.8) / series.length);
  return (
    <figure className="count-bars" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      <svg width={width} height={height + 18} role="img" aria-label={props.title}>
        {bars.map((b, i) =>
          b.counts.map((c, s) => {
            const h = (c / max) * height;
            return (
              <rect
                key={`${i}-${s}`}
                x={i * slot + slot * 0.1 + s * barWidth}
                y={height - h}
                width={barWidth}
                height={h}
                fill={COLORS[s % COLORS.length]}
              >
                <title>{`${series[s] ?? ''} ${b.label}: ${c.toLocaleString('en-US')}`}</title>
              </rect>
            );
          }),
        )}
        <text x={0} y={height + 14}>
          {bars[0]?.label}
        </text>
        <text x={width} y={height + 14} textAnchor="end">
          {`${bars[bars.length - 1]?.label ?? ''} ${props.xLabel}`}
        </text>
      </svg>
      {series.length > 1 && (
        <p className="count-bars-legend">
          {series.map((s, i) => (
            <span key={s} style={{ color: COLORS[i % COLORS.length] }}>
              ■ {s}{' '}
            </span>
          ))}
        </p>
      )}
      <table className="visually-hidden">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{props.xLabel}</th>
            {series.map((s) => (
              <th key={s} scope="col">
                {s}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              {b.counts.map((c, s) => (
                <td key={s}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
