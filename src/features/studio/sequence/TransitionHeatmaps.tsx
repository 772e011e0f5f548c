import { memo, useCallback, useMemo, useState } from 'react';
import type { TransitionComparison } from '../../../core/eval/sequence/transitions';
import { MIN_NAMED_DIFFERENCE, MIN_ROW_TRANSITIONS } from '../../../core/eval/sequence/transitions';
import { Heatmap } from '../../../ui/Heatmap';
import { formatCount } from '../../../ui/format';

const pct = (x: number) => {
  const p = Math.round(x * 100);
  return `${p} ${p === 1 ? 'point' : 'points'}`;
};

/**
 * Transitions of a category event column (from `compareTransitions`, one per column): real,
 * synthetic and their difference as heatmaps (row: this event's level, column: the next
 * event's), each row summing to 1, and the largest differences in words.
 */
export const TransitionHeatmaps = memo(function TransitionHeatmaps(props: {
  comparisons: readonly TransitionComparison[];
}) {
  const [column, setColumn] = useState('');
  const c = props.comparisons.find((x) => x.column === column) ?? props.comparisons[0];
  const diff = useMemo(
    () => c?.real.map((row, i) => row.map((r, j) => (c.synth[i]?.[j] ?? NaN) - r)) ?? [],
    [c],
  );
  const describe = useCallback(
    (i: number) => `share of next events after “${c?.levels[i] ?? ''}”`,
    [c],
  );
  const describeDiff = useCallback(
    (i: number) => `synthetic − real share after “${c?.levels[i] ?? ''}”`,
    [c],
  );
  if (!c)
    return (
      <p className="hint">
        The events have no category column, so there are no transitions between levels to show.
      </p>
    );
  const realTotal = c.realFrom.reduce((s, v) => s + v, 0);
  const synthTotal = c.synthFrom.reduce((s, v) => s + v, 0);
  return (
    <div className="transition-view" data-testid="transition-heatmaps" data-column={c.column}>
      <p className="chart-help">
        Row: the level of an event; column: the level of the next event of the same entity. Each row
        shows where entities go next (red = often; rows sum to 100%; grey rows never occur). The
        synthetic map should look like the real one, so the difference should fade to white.
      </p>
      {props.comparisons.length > 1 && (
        <label>
          Column{' '}
          <select value={c.column} onChange={(e) => setColumn(e.target.value)}>
            {props.comparisons.map((x) => (
              <option key={x.column} value={x.column}>
                {x.column}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="heatmap-row">
        <Heatmap
          title={`Real (${formatCount(realTotal)} transitions)`}
          columns={c.levels}
          values={c.real}
          describe={describe}
        />
        <Heatmap
          title={`Synthetic (${formatCount(synthTotal)} transitions)`}
          columns={c.levels}
          values={c.synth}
          describe={describe}
        />
        <Heatmap
          title="Difference (synthetic − real)"
          columns={c.levels}
          values={diff}
          describe={describeDiff}
        />
      </div>
      <h4>Largest differences</h4>
      {c.differences.length === 0 ? (
        <p data-testid="transition-differences">
          {c.largest > 0
            ? `No next-level share differs by ${pct(MIN_NAMED_DIFFERENCE)} or more (the largest difference is ${pct(c.largest)}).`
            : `No level has ${MIN_ROW_TRANSITIONS} or more transitions out of it in both tables, or the shares agree exactly.`}
        </p>
      ) : (
        <ul data-testid="transition-differences">
          {c.differences.map((d) => (
            <li key={`${d.from}→${d.to}`}>{d.text}</li>
          ))}
        </ul>
      )}
    </div>
  );
});
