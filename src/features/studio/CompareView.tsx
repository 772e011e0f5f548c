import { formatCount } from '../../ui/format';
import { MODELS } from '../train/model-catalog';
import { LossCharts } from './LossCharts';
import type { CompareState } from './use-compare';

const score = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3);

const STATUS: Record<string, string> = {
  waiting: 'waiting',
  training: 'training…',
  done: 'done',
  stopped: 'stopped',
  failed: 'failed',
};

/** Several models trained on the same data, side by side: charts and headline figures. */
export function CompareView(props: { state: CompareState; onStop: () => void }) {
  const { runs, running } = props.state;
  if (runs.length === 0) {
    return (
      <p className="hint">
        Press &quot;Compare all models&quot; above to train every model on this table with the same
        settings, one after another, and see them side by side here.
      </p>
    );
  }
  const done = runs.filter((r) => r.status === 'done').length;
  return (
    <div className="compare-view" data-testid="compare-view">
      <p className="chart-help">
        Every model trained on the same rows with the same seed: higher column shapes and pair
        trends mean the synthetic table is closer to the real one; time and rows per second say what
        that costs on this device.
      </p>
      <p aria-live="polite" data-testid="compare-progress">
        {running
          ? `Comparing: ${done} of ${runs.length} models trained.`
          : `Comparison finished: ${done} of ${runs.length} models trained.`}{' '}
        {running && (
          <button type="button" className="button" onClick={props.onStop}>
            Stop comparison
          </button>
        )}
      </p>
      <div className="table-scroll">
        <table className="compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Status</th>
              <th scope="col">Quality</th>
              <th scope="col">Column shapes</th>
              <th scope="col">Pair trends</th>
              <th scope="col">Training time</th>
              <th scope="col">Rows/s</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.kind} data-model={r.kind}>
                <th scope="row">{MODELS[r.kind].title}</th>
                <td>{r.message && r.status === 'failed' ? r.message : STATUS[r.status]}</td>
                <td>{score(r.model?.quality?.overall)}</td>
                <td>{score(r.model?.quality?.columnShapes)}</td>
                <td>{score(r.model?.quality?.columnPairTrends)}</td>
                <td>
                  {r.model?.trainSeconds !== null && r.model?.trainSeconds !== undefined
                    ? `${r.model.trainSeconds.toFixed(1)} s`
                    : '–'}
                </td>
                <td>
                  {r.model?.rowsPerSecond ? formatCount(Math.round(r.model.rowsPerSecond)) : '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="compare-grid">
        {runs.map((r) => (
          <section key={r.kind} className="compare-cell" aria-label={MODELS[r.kind].title}>
            <h3>{MODELS[r.kind].title}</h3>
            <LossCharts info={MODELS[r.kind]} losses={r.losses} quality={r.quality} compact />
          </section>
        ))}
      </div>
    </div>
  );
}
