import { memo, useMemo, useState } from 'react';

export interface LineSeries {
  key: string;
  label: string;
  color: string;
}

const PAD = { top: 8, right: 12, bottom: 22, left: 52 };

/** About `count` round tick values between lo and hi. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (hi <= lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

const label = (v: number) => Number(v.toPrecision(3)).toString();

/** Scales, tick values and one SVG path per series (gaps where a value is missing). */
function chartGeometry(
  rows: readonly Record<string, number>[],
  series: readonly LineSeries[],
  xKey: string,
  width: number,
  height: number,
  yDomain: [number, number] | undefined,
) {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const r of rows) {
    const x = r[xKey];
    if (x !== undefined && Number.isFinite(x)) {
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
    }
    for (const s of series) {
      const y = r[s.key];
      if (y !== undefined && Number.isFinite(y)) {
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (yDomain) [y0, y1] = yDomain;
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * w;
  const sy = (y: number) => PAD.top + (1 - (y - y0) / (y1 - y0)) * h;
  const paths = series.map((s) => {
    let d = '';
    let pen = false;
    for (const r of rows) {
      const x = r[xKey];
      const y = r[s.key];
      if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
      pen = true;
    }
    return d;
  });
  return {
    x0,
    x1,
    sx,
    sy,
    paths,
    xTicks: Number.isFinite(x0) ? niceTicks(x0, x1) : [],
    yTicks: Number.isFinite(y0) ? niceTicks(y0, y1) : [],
  };
}

/** Grid lines and tick labels on both axes, and the x axis' name. */
function Axes(props: {
  geometry: ReturnType<typeof chartGeometry>;
  width: number;
  height: number;
  xLabel: string;
}) {
  return (
    <>
      {props.geometry.yTicks.map((t) => (
        <g key={`y${t}`}>
          <line
            x1={PAD.left}
            x2={props.width - PAD.right}
            y1={props.geometry.sy(t)}
            y2={props.geometry.sy(t)}
            stroke="#e6ebf0"
          />
          <text x={PAD.left - 4} y={props.geometry.sy(t) + 4} textAnchor="end" fontSize={11}>
            {label(t)}
          </text>
        </g>
      ))}
      {props.geometry.xTicks.map((t) => (
        <text
          key={`x${t}`}
          x={props.geometry.sx(t)}
          y={props.height - PAD.bottom + 14}
          textAnchor="middle"
          fontSize={11}
        >
          {label(t)}
        </text>
      ))}
      <text
        x={props.width - PAD.right}
        y={props.height - 2}
        textAnchor="end"
        fontSize={11}
        fill="#5b6b7b"
      >
        {props.xLabel}
      </text>
    </>
  );
}

/**
 * Lines over pre-decimated rows, drawn as plain SVG: it is redrawn while a model trains and a
 * recharts line chart cost a 100-200 ms main-thread task to mount on a loaded 2-core machine
 * (measured by tests/e2e/responsive.spec.ts), where this costs a few milliseconds. Hovering shows
 * the values at the nearest point.
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
  const { rows, series, xKey, width, height } = props;
  const [hover, setHover] = useState<number | null>(null);
  const geometry = useMemo(
    () => chartGeometry(rows, series, xKey, width, height, props.yDomain),
    [rows, series, xKey, width, height, props.yDomain],
  );

  const hovered = hover === null ? null : rows[hover];
  const onMove = (e: React.MouseEvent<SVGRectElement>) => {
    if (rows.length === 0) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = geometry.x0 + ((e.clientX - box.left) / box.width) * (geometry.x1 - geometry.x0);
    let best = 0;
    let gap = Infinity;
    rows.forEach((r, i) => {
      const d = Math.abs((r[xKey] ?? Infinity) - x);
      if (d < gap) [best, gap] = [i, d];
    });
    setHover(best);
  };

  return (
    <figure
      className="line-chart"
      aria-label={props.title}
      data-testid={props.testId}
      data-points={rows.length}
    >
      <svg width={width} height={height} role="img" aria-label={props.title}>
        <Axes geometry={geometry} width={width} height={height} xLabel={props.xLabel} />
        {geometry.paths.map((d, i) => (
          <path
            key={series[i]?.key}
            className="line-series"
            d={d}
            fill="none"
            stroke={series[i]?.color}
            strokeWidth={1.5}
          />
        ))}
        {rows.length <= 2 &&
          rows.flatMap((r, i) =>
            series.map((s) =>
              r[s.key] !== undefined && r[xKey] !== undefined ? (
                <circle
                  key={`${s.key}${i}`}
                  cx={geometry.sx(r[xKey])}
                  cy={geometry.sy(r[s.key] as number)}
                  r={3}
                  fill={s.color}
                />
              ) : null,
            ),
          )}
        {hovered && hovered[xKey] !== undefined && (
          <line
            x1={geometry.sx(hovered[xKey])}
            x2={geometry.sx(hovered[xKey])}
            y1={PAD.top}
            y2={height - PAD.bottom}
            stroke="#9aa8b5"
            strokeDasharray="3 3"
          />
        )}
        <rect
          x={PAD.left}
          y={PAD.top}
          width={Math.max(0, width - PAD.left - PAD.right)}
          height={Math.max(0, height - PAD.top - PAD.bottom)}
          fill="transparent"
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
      </svg>
      <ChartLegend series={series} hovered={hovered} xKey={xKey} xLabel={props.xLabel} />
    </figure>
  );
});

/** One swatch and name per series; while hovering, the values at the nearest point. */
function ChartLegend(props: {
  series: readonly LineSeries[];
  hovered: Record<string, number> | null | undefined;
  xKey: string;
  xLabel: string;
}) {
  return (
    <figcaption className="line-legend">
      {props.series.map((s) => (
        <span key={s.key}>
          <i style={{ background: s.color }} aria-hidden="true" />
          {s.label}
          {props.hovered && props.hovered[s.key] !== undefined
            ? `: ${label(props.hovered[s.key] as number)}`
            : ''}
        </span>
      ))}
      {props.hovered && props.hovered[props.xKey] !== undefined && (
        <span className="hint">
          {props.xLabel} {props.hovered[props.xKey]}
        </span>
      )}
    </figcaption>
  );
}
