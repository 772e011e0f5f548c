import { useState } from 'react';
import { CompareSparkChart } from '../../ui/CompareSparkChart';
import { DistributionChart } from '../../ui/DistributionChart';
import type { TrainSnapshot } from '../../worker/engine-client';

/**
 * Real against synthetic for every modelled column, from the latest live snapshot: a grid of
 * all columns, or one column large.
 */
export function DistributionView(props: { snapshot: TrainSnapshot | null }) {
  const [layout, setLayout] = useState<'grid' | 'one'>('grid');
  const [column, setColumn] = useState('');
  const snap = props.snapshot;
  if (!snap) {
    return (
      <p className="hint">
        The first comparison appears after the first epoch: the model is sampled and its rows are
        binned beside the real ones.
      </p>
    );
  }
  const shown = snap.distributions.find((d) => d.column === column) ?? snap.distributions[0];
  return (
    <div className="distribution-view">
      <p className="chart-help">
        Grey bars are the real rows, orange (a line for numbers, bars for categories) the synthetic
        ones sampled from the model after epoch {snap.epoch} of {snap.epochs} ({snap.rows} rows):
        the closer orange follows grey, the better the model has learned that column.
      </p>
      <div className="button-row">
        <label>
          <input
            type="radio"
            name="distribution-layout"
            checked={layout === 'grid'}
            onChange={() => setLayout('grid')}
          />{' '}
          All columns
        </label>
        <label>
          <input
            type="radio"
            name="distribution-layout"
            checked={layout === 'one'}
            onChange={() => setLayout('one')}
          />{' '}
          One column, large
        </label>
        {layout === 'one' && (
          <label>
            Column{' '}
            <select value={shown?.column ?? ''} onChange={(e) => setColumn(e.target.value)}>
              {snap.distributions.map((d) => (
                <option key={d.column} value={d.column}>
                  {d.column}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {layout === 'one' && shown ? (
        <DistributionChart comparison={shown} width={640} height={300} synthetic />
      ) : (
        <div className="distribution-grid">
          {snap.distributions.map((d) => (
            <CompareSparkChart key={d.column} comparison={d} width={250} height={120} />
          ))}
        </div>
      )}
    </div>
  );
}
