import { memo } from 'react';
import type { EventColumnView } from '../../../core/eval/sequence/event-columns';
import type { EntityTimeline, TimelineComparison } from '../../../core/eval/sequence/timelines';
import { formatCount } from '../../../ui/format';

/** Level colours (colour-blind-safe Okabe–Ito order, then greys for the grouped levels). */
export const LEVEL_COLORS = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#d55e00',
  '#f0e442',
  '#000000',
  '#8c8c8c',
  '#bdbdbd',
];
const LINE = { real: '#5b7a99', synth: '#d9822b' } as const;
const W = 300;
const H = 34;
const PAD = 3;

const short = (x: number) => Number(x.toPrecision(3)).toLocaleString('en-US');

function Sparkline(props: {
  line: EntityTimeline;
  column: EventColumnView;
  j: number;
  range: [number, number];
  xMax: number;
  side: 'real' | 'synth';
}) {
  const { line, column, j, range, xMax } = props;
  const values = line.values[j] ?? [];
  const sx = (x: number) => PAD + (xMax > 0 ? (x / xMax) * (W - 2 * PAD) : 0);
  const [lo, hi] = range[1] > range[0] ? range : [range[0] - 1, range[0] + 1];
  const sy = (y: number) => PAD + (1 - (y - lo) / (hi - lo)) * (H - 2 * PAD);
  const label = `${column.name} of ${line.key}, ${formatCount(line.events)} events`;
  if (column.kind === 'categorical') {
    return (
      <svg width={W} height={H} role="img" aria-label={label} data-testid="timeline-ticks">
        <line x1={PAD} x2={W - PAD} y1={H / 2} y2={H / 2} stroke="#e6ebf0" />
        {values.map((v, i) => (
          <rect
            key={i}
            x={sx(line.x[i] ?? 0) - 1.5}
            y={PAD}
            width={3}
            height={H - 2 * PAD}
            fill={v >= 0 ? (LEVEL_COLORS[v % LEVEL_COLORS.length] as string) : '#ffffff'}
            stroke={v >= 0 ? 'none' : '#8c8c8c'}
          >
            <title>{`${short(line.x[i] ?? NaN)}: ${v >= 0 ? column.levels[v] : 'a level the real events never hold'}`}</title>
          </rect>
        ))}
      </svg>
    );
  }
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    const x = line.x[i] ?? NaN;
    if (!Number.isFinite(v) || !Number.isFinite(x)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(v).toFixed(1)}`;
    pen = true;
  });
  const shown = values.filter(Number.isFinite);
  return (
    <svg width={W} height={H} role="img" aria-label={label} data-testid="timeline-sparkline">
      <path d={d} fill="none" stroke={LINE[props.side]} strokeWidth={1.5} />
      {shown.length === 1 && (
        <circle
          cx={sx(line.x[values.findIndex(Number.isFinite)] ?? 0)}
          cy={sy(shown[0] as number)}
          r={2}
          fill={LINE[props.side]}
        />
      )}
      <title>{`${label}: from ${short(shown[0] ?? NaN)} to ${short(shown.at(-1) ?? NaN)}`}</title>
    </svg>
  );
}

function EntityCard(props: {
  line: EntityTimeline;
  t: TimelineComparison;
  side: 'real' | 'synth';
}) {
  const { line, t } = props;
  return (
    <section
      className="timeline-card"
      aria-label={`Entity ${line.key}`}
      data-testid="timeline-entity"
    >
      <h4>
        {line.key}{' '}
        <span className="hint">
          {formatCount(line.events)} {line.events === 1 ? 'event' : 'events'}
          {line.stride > 1 ? `, every ${line.stride}th drawn` : ''}
        </span>
      </h4>
      {line.subject.length > 0 && (
        <p className="chart-help">{line.subject.map((s) => `${s.name}: ${s.value}`).join(' · ')}</p>
      )}
      {t.columns.map((c, j) => (
        <div
          key={c.name}
          className="timeline-row"
          style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}
        >
          <span style={{ minWidth: '7rem', fontSize: 12 }}>{c.name}</span>
          <Sparkline
            line={line}
            column={c}
            j={j}
            range={t.ranges[j] ?? [0, 0]}
            xMax={t.xMax}
            side={props.side}
          />
        </div>
      ))}
    </section>
  );
}

/** One swatch per level of every category column, so the ticks can be read. */
function LevelLegend({ columns }: { columns: readonly EventColumnView[] }) {
  return (
    <>
      {columns.map((c) =>
        c.kind === 'categorical' ? (
          <p key={c.name} className="line-legend" data-testid="timeline-legend">
            <strong>{c.name}:</strong>{' '}
            {c.levels.map((l, i) => (
              <span key={l}>
                <i
                  style={{ background: LEVEL_COLORS[i % LEVEL_COLORS.length] }}
                  aria-hidden="true"
                />
                {l}{' '}
              </span>
            ))}
          </p>
        ) : null,
      )}
    </>
  );
}

/**
 * A few real and synthetic entities side by side (from `compareTimelines`): per entity its
 * subject values, a sparkline per number column and coloured ticks per category column, all on
 * one time axis (time since each entity's first event) and one value range per column.
 */
export const EntityTimelines = memo(function EntityTimelines(props: {
  timelines: TimelineComparison;
}) {
  const t = props.timelines;
  if (t.columns.length === 0)
    return <p className="hint">The events have no column besides the key and the order to draw.</p>;
  return (
    <div className="entity-timelines" data-testid="entity-timelines">
      <p className="chart-help">
        Short, typical and long entities (by their number of events), real on the left and synthetic
        on the right. Each line runs over {t.xLabel} (0 to {short(t.xMax)}); every column keeps one
        value range in all entities, so heights compare across them.
      </p>
      <LevelLegend columns={t.columns} />
      <div className="timeline-sides" style={{ display: 'flex', gap: '2rem', flexWrap: 'wrap' }}>
        {(['real', 'synth'] as const).map((side) => (
          <div key={side} data-testid={`timelines-${side}`}>
            <h3>{side === 'real' ? 'Real entities' : 'Synthetic entities'}</h3>
            {t[side].map((line) => (
              <EntityCard key={line.key} line={line} t={t} side={side} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
});
