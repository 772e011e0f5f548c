import { memo, useState } from 'react';

/** Blue for negative, white at 0, red for positive; `x` in [-1, 1]. */
function color(x: number): string {
  if (!Number.isFinite(x)) return '#eeeeee';
  const t = Math.max(-1, Math.min(1, x));
  const a = Math.round(255 * (1 - Math.abs(t)));
  return t >= 0 ? `rgb(255, ${a}, ${a})` : `rgb(${a}, ${a}, 255)`;
}

const short = (s: string) => (s.length > 14 ? `${s.slice(0, 13)}…` : s);

/**
 * A square matrix as coloured cells, with the value of the cell under the pointer shown below.
 * Values outside [-1, 1] are clipped for colour only. The cell under the pointer is found from
 * the pointer's position, not by a handler and a tooltip per cell: a 40-column table has 1,600
 * cells per heatmap, redrawn at every live snapshot.
 */
export const Heatmap = memo(function Heatmap(props: {
  title: string;
  columns: readonly string[];
  values: readonly (readonly number[])[];
  /** How the value of cell (i, j) was measured, for the readout. */
  describe?: (i: number, j: number) => string;
  /** Colour scale: value / scale is drawn (2 for differences of correlations). */
  scale?: number;
}) {
  const [hover, setHover] = useState<{ i: number; j: number } | null>(null);
  const n = props.columns.length;
  const cell = Math.max(10, Math.min(26, Math.floor(300 / Math.max(1, n))));
  const label = 96;
  const size = label + n * cell;
  const scale = props.scale ?? 1;
  const valueAt = (i: number, j: number) => props.values[i]?.[j] ?? NaN;
  const text = (i: number, j: number) => {
    const v = valueAt(i, j);
    const how = props.describe ? ` (${props.describe(i, j)})` : '';
    return `${props.columns[i]} × ${props.columns[j]}: ${Number.isFinite(v) ? v.toFixed(2) : 'undefined'}${how}`;
  };
  return (
    <figure className="heatmap" aria-label={props.title} data-testid="heatmap">
      <figcaption>{props.title}</figcaption>
      <svg
        width={size}
        height={size}
        role="img"
        aria-label={props.title}
        onMouseMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const j = Math.floor((e.clientX - box.left - label) / cell);
          const i = Math.floor((e.clientY - box.top - label) / cell);
          const inside = i >= 0 && j >= 0 && i < n && j < n;
          setHover((h) => (!inside ? null : h && h.i === i && h.j === j ? h : { i, j }));
        }}
        onMouseLeave={() => setHover(null)}
      >
        {props.columns.map((c, j) => (
          <text
            key={`c${c}`}
            x={label + j * cell + cell / 2}
            y={label - 4}
            fontSize={10}
            transform={`rotate(-55 ${label + j * cell + cell / 2} ${label - 4})`}
          >
            {short(c)}
          </text>
        ))}
        {props.columns.map((r, i) => (
          <g key={`r${r}`}>
            <text x={label - 4} y={label + i * cell + cell / 2 + 3} fontSize={10} textAnchor="end">
              {short(r)}
            </text>
            {props.columns.map((c, j) => (
              <rect
                key={c}
                x={label + j * cell}
                y={label + i * cell}
                width={cell - 1}
                height={cell - 1}
                fill={color(valueAt(i, j) / scale)}
              />
            ))}
          </g>
        ))}
      </svg>
      <p className="heatmap-readout" aria-live="off">
        {hover ? text(hover.i, hover.j) : 'Point at a cell to read its value.'}
      </p>
    </figure>
  );
});
