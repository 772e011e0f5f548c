/**
 * The evaluation report's two charts in plain SVG: the column-shape bars and the distance
 * histogram. recharts cost a main-thread task of about 100 ms per chart to mount on a loaded
 * 2-core machine when the report appeared (tests/e2e/responsive.spec.ts), and these charts never
 * redraw, so nothing of recharts' interactivity was used beyond a tooltip (each bar keeps its
 * value as a hover title instead).
 */
import { memo } from 'react';

const BLUE = '#2e75b6';
const ORANGE = '#e07b39';
const GRID = '#d0d7de';

/** One column's shape score in percent (0 to 100). */
export interface ShapeBar {
  column: string;
  score: number;
}

const ROW = 22;
const LABEL_WIDTH = 150;
const SHAPES_WIDTH = 560;

/** Horizontal bars, one per column, on a 0–100 % axis; worst first as given. */
export const ShapeBars = memo(function ShapeBars(props: { data: readonly ShapeBar[] }) {
  const plot = SHAPES_WIDTH - LABEL_WIDTH - 24;
  const height = Math.max(60, ROW * props.data.length) + 24;
  const x = (pct: number) => LABEL_WIDTH + (Math.max(0, Math.min(100, pct)) / 100) * plot;
  return (
    <svg width={SHAPES_WIDTH} height={height} role="img" aria-label="Column shape scores">
      {[0, 25, 50, 75, 100].map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={0} y2={height - 20} stroke={GRID} strokeDasharray="3 3" />
          <text x={x(t)} y={height - 6} fontSize={11} textAnchor="middle" fill="currentColor">
            {t}%
          </text>
        </g>
      ))}
      {props.data.map((d, i) => (
        <g key={d.column}>
          <text
            x={LABEL_WIDTH - 6}
            y={i * ROW + ROW / 2 + 4}
            fontSize={12}
            textAnchor="end"
            fill="currentColor"
          >
            {d.column.length > 22 ? `${d.column.slice(0, 21)}…` : d.column}
          </text>
          <rect x={x(0)} y={i * ROW + 3} width={x(d.score) - x(0)} height={ROW - 6} fill={BLUE}>
            <title>{`${d.column}: shape score ${d.score.toFixed(1)}%`}</title>
          </rect>
        </g>
      ))}
    </svg>
  );
});

/** One histogram bin: its label and the share of each side in percent (holdout null: none). */
export interface DistanceBin {
  bin: string;
  synthetic: number;
  holdout: number | null;
}

const HIST_WIDTH = 560;
const HIST_HEIGHT = 200;
const AXIS = 36;

/** Grouped bars per distance bin: synthetic rows (blue) against unseen real rows (orange). */
export const DistanceHistogram = memo(function DistanceHistogram(props: {
  data: readonly DistanceBin[];
}) {
  const withHoldout = props.data.some((d) => d.holdout !== null);
  const top = Math.max(1, ...props.data.flatMap((d) => [d.synthetic, d.holdout ?? 0]));
  const plotH = HIST_HEIGHT - 48;
  const slot = (HIST_WIDTH - AXIS - 8) / Math.max(1, props.data.length);
  const bars = withHoldout ? 2 : 1;
  const barW = Math.max(1, (slot * 0.8) / bars);
  const y = (pct: number) => 8 + plotH - (pct / top) * plotH;
  const ticks = [0, top / 2, top];
  return (
    <svg width={HIST_WIDTH} height={HIST_HEIGHT} role="img" aria-label="Distance histogram">
      {ticks.map((t) => (
        <g key={t}>
          <line
            x1={AXIS}
            x2={HIST_WIDTH - 8}
            y1={y(t)}
            y2={y(t)}
            stroke={GRID}
            strokeDasharray="3 3"
          />
          <text x={AXIS - 4} y={y(t) + 4} fontSize={10} textAnchor="end" fill="currentColor">
            {`${t.toFixed(t < 10 ? 1 : 0)}%`}
          </text>
        </g>
      ))}
      {props.data.map((d, i) => {
        const x0 = AXIS + i * slot + slot * 0.1;
        const side = (pct: number, k: number, color: string, who: string) => (
          <rect x={x0 + k * barW} y={y(pct)} width={barW} height={y(0) - y(pct)} fill={color}>
            <title>{`${who}, distance ${d.bin}: ${pct.toFixed(1)}%`}</title>
          </rect>
        );
        return (
          <g key={d.bin}>
            {side(d.synthetic, 0, BLUE, 'synthetic rows')}
            {d.holdout !== null && side(d.holdout, 1, ORANGE, 'unseen real rows')}
            {i % Math.ceil(props.data.length / 8) === 0 && (
              <text x={x0} y={plotH + 22} fontSize={10} fill="currentColor">
                {d.bin}
              </text>
            )}
          </g>
        );
      })}
      <g fontSize={11} fill="currentColor">
        <rect x={AXIS} y={HIST_HEIGHT - 14} width={10} height={10} fill={BLUE} />
        <text x={AXIS + 14} y={HIST_HEIGHT - 5}>
          synthetic
        </text>
        {withHoldout && (
          <>
            <rect x={AXIS + 90} y={HIST_HEIGHT - 14} width={10} height={10} fill={ORANGE} />
            <text x={AXIS + 104} y={HIST_HEIGHT - 5}>
              holdout
            </text>
          </>
        )}
      </g>
    </svg>
  );
});
