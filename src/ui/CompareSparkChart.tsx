import { memo } from 'react';
import type { ColumnComparison } from '../core/eval/distribution-compare';
import { formatShare } from './format';

const REAL = '#9fb3c8';
const SYNTH = '#d9822b';

/**
 * A small real-against-synthetic chart in plain SVG, for the grid of every column: real bars,
 * synthetic as a step line (numbers) or a second bar (categories). A few dozen elements, so a
 * grid of many columns redraws in well under a frame.
 */
export const CompareSparkChart = memo(function CompareSparkChart(props: {
  comparison: ColumnComparison;
  width: number;
  height: number;
}) {
  const c = props.comparison;
  const items =
    c.type === 'histogram'
      ? c.bins.map((b) => ({ label: b.label, real: b.real, synth: b.synth }))
      : c.levels.map((l) => ({ label: l.label, real: l.real, synth: l.synth }));
  const n = Math.max(1, items.length);
  const top = Math.max(1e-9, ...items.map((i) => Math.max(i.real, i.synth)));
  const h = props.height - 16;
  const w = props.width;
  const slot = w / n;
  const y = (v: number) => h - (v / top) * (h - 4);
  let step = '';
  if (c.type === 'histogram') {
    items.forEach((it, k) => {
      step += `${k === 0 ? 'M' : 'L'}${k * slot},${y(it.synth)}H${(k + 1) * slot}`;
    });
  }
  const first = items[0]?.label ?? '';
  const last = items.at(-1)?.label ?? '';
  return (
    <figure
      className="distribution-chart"
      aria-label={`${c.column}: real against synthetic`}
      data-testid="distribution-chart"
      data-column={c.column}
    >
      <figcaption>{c.column}</figcaption>
      <svg width={w} height={props.height} role="img" aria-label={`${c.column} histogram`}>
        <line x1={0} x2={w} y1={h} y2={h} stroke="#c8d2dc" />
        {items.map((it, k) => {
          const barW = c.type === 'histogram' ? slot - 1 : slot / 2 - 2;
          return (
            <g key={k}>
              <rect
                x={k * slot + 1}
                y={y(it.real)}
                width={barW}
                height={h - y(it.real)}
                fill={REAL}
              >
                <title>{`${it.label}: real ${formatShare(it.real)}, synthetic ${formatShare(it.synth)}`}</title>
              </rect>
              {c.type === 'bars' && (
                <rect
                  x={k * slot + slot / 2}
                  y={y(it.synth)}
                  width={barW}
                  height={h - y(it.synth)}
                  fill={SYNTH}
                >
                  <title>{`${it.label}: synthetic ${formatShare(it.synth)}`}</title>
                </rect>
              )}
            </g>
          );
        })}
        {step && <path d={step} fill="none" stroke={SYNTH} strokeWidth={2} />}
        <text x={0} y={props.height - 3} fontSize={10} fill="#5b6b7b">
          {first}
        </text>
        <text x={w} y={props.height - 3} fontSize={10} fill="#5b6b7b" textAnchor="end">
          {c.type === 'bars' && n > 1 ? `… ${last}` : last}
        </text>
      </svg>
      <p className="missing-line">
        Missing: real {formatShare(c.realMissing)}, synthetic {formatShare(c.synthMissing)}
        {c.type === 'histogram' && c.synthOutside > 0
          ? ` · ${formatShare(c.synthOutside)} beyond the real range`
          : ''}
      </p>
    </figure>
  );
});
