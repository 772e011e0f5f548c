import { useState } from 'react';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatCount } from '../../ui/format';
import type { BackendName, ModelKind, SynthesisConfig } from '../../worker/engine-client';
import { MODELS } from './model-catalog';
import type { TrainingState } from './use-training';

const BACKEND_ORDERS: Record<string, BackendName[]> = {
  auto: ['webgl', 'wasm', 'cpu'],
  webgl: ['webgl', 'wasm', 'cpu'],
  wasm: ['wasm', 'cpu'],
  cpu: ['cpu'],
};

const BACKEND_LABELS: Record<BackendName, string> = {
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
};

function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '…';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** Choose a model, set it up, and run it: Train, Pause, Resume, Stop, with live progress. */
export function TrainPanel(props: {
  state: TrainingState;
  disabled: boolean;
  onTrain: (config: SynthesisConfig, backends: BackendName[]) => void;
  onControl: (action: 'pause' | 'resume' | 'stop') => void;
}) {
  const [model, setModel] = useState<ModelKind>('ctgan');
  const [epochs, setEpochs] = useState(MODELS.ctgan.quick);
  const [batch, setBatch] = useState(500);
  const [seed, setSeed] = useState(0);
  const [backend, setBackend] = useState('auto');
  const { run, report, backend: running } = props.state;
  const active = run === 'training' || run === 'paused';
  const latestLosses = props.state.losses.at(-1);

  const choose = (kind: ModelKind) => {
    setModel(kind);
    setEpochs(MODELS[kind].quick);
  };
  const start = () => {
    const common = { batchSize: batch };
    props.onTrain(
      { model, epochs, seed, ctgan: common, tvae: common },
      BACKEND_ORDERS[backend] ?? ['webgl', 'wasm', 'cpu'],
    );
  };

  return (
    <section className="train-panel" aria-labelledby="train-title">
      <h2 id="train-title">3. Train a model</h2>
      <div className="model-choice" role="radiogroup" aria-label="Model">
        {(Object.keys(MODELS) as ModelKind[]).map((k) => (
          <label key={k} className={`model-card${model === k ? ' model-card-active' : ''}`}>
            <input
              type="radio"
              name="model"
              value={k}
              checked={model === k}
              disabled={active}
              onChange={() => choose(k)}
            />
            <strong>{MODELS[k].title}</strong>
            <span>{MODELS[k].explain}</span>
          </label>
        ))}
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={active}
          onClick={() => setEpochs(MODELS[model].quick)}
        >
          Quick look ({MODELS[model].quick} {MODELS[model].quick === 1 ? 'pass' : 'epochs'})
        </button>
        <button
          type="button"
          className="button"
          disabled={active}
          onClick={() => setEpochs(MODELS[model].best)}
        >
          Best quality ({MODELS[model].best} {MODELS[model].best === 1 ? 'pass' : 'epochs'})
        </button>
      </div>
      <details className="settings">
        <summary>
          Settings (epochs {epochs}, batch {batch}, seed {seed})
        </summary>
        <div className="settings-grid">
          <label>
            Epochs
            <input
              type="number"
              min={1}
              max={5000}
              value={epochs}
              disabled={active || model === 'copula'}
              onChange={(e) => setEpochs(Math.max(1, Number(e.target.value) || 1))}
            />
          </label>
          <label>
            Batch size
            <input
              type="number"
              min={10}
              step={10}
              value={batch}
              disabled={active || model === 'copula'}
              onChange={(e) =>
                setBatch(Math.max(10, Math.round((Number(e.target.value) || 10) / 10) * 10))
              }
            />
          </label>
          <label>
            Seed
            <input
              type="number"
              min={0}
              value={seed}
              disabled={active}
              onChange={(e) => setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
            />
          </label>
          <label>
            Compute
            <select
              aria-label="Compute"
              value={backend}
              disabled={active}
              onChange={(e) => setBackend(e.target.value)}
            >
              <option value="auto">Automatic (GPU first)</option>
              <option value="webgl">WebGL (GPU)</option>
              <option value="wasm">WebAssembly (CPU)</option>
              <option value="cpu">Plain JavaScript (CPU)</option>
            </select>
          </label>
        </div>
      </details>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={props.disabled || active}
          onClick={start}
        >
          Train
        </button>
        <button
          type="button"
          className="button"
          disabled={run !== 'training'}
          onClick={() => props.onControl('pause')}
        >
          Pause
        </button>
        <button
          type="button"
          className="button"
          disabled={run !== 'paused'}
          onClick={() => props.onControl('resume')}
        >
          Resume
        </button>
        <button
          type="button"
          className="button"
          disabled={!active}
          onClick={() => props.onControl('stop')}
        >
          Stop
        </button>
        {running && (
          <span
            className={`backend-badge backend-${running.name}`}
            data-testid="backend-badge"
            title={running.reason}
          >
            {BACKEND_LABELS[running.name]} · {running.reason}
          </span>
        )}
      </div>
      {report && (
        <ProgressBar
          label={
            run === 'paused'
              ? 'Training (paused)'
              : run === 'done'
                ? 'Training finished'
                : 'Training'
          }
          value={report.totalSteps / (report.stepsPerEpoch * report.epochs)}
          detail={`epoch ${report.epoch} of ${report.epochs}, ${formatCount(Math.round(report.rowsPerSecond))} rows/s, ${formatSeconds(report.secondsLeft)} left`}
        />
      )}
      {latestLosses && (
        <p className="loss-readout" data-testid="loss-readout">
          {Object.entries(latestLosses.values)
            .map(([k, v]) => `${k} ${v.toFixed(3)}`)
            .join(' · ')}
        </p>
      )}
      {props.state.epochLog.length > 0 && (
        <details className="run-log">
          <summary>Run log ({props.state.epochLog.length} epochs)</summary>
          <table data-testid="run-log">
            <thead>
              <tr>
                <th scope="col">Epoch</th>
                <th scope="col">Seconds</th>
                <th scope="col">Live tensors</th>
              </tr>
            </thead>
            <tbody>
              {props.state.epochLog.map((e) => (
                <tr key={e.epoch}>
                  <td>{e.epoch}</td>
                  <td>{e.seconds.toFixed(2)}</td>
                  <td>{e.tensors ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {run === 'done' && props.state.model && (
        <p className="done-note" role="status">
          {MODELS[props.state.model.kind].title} is trained
          {props.state.model.trainSeconds !== null
            ? ` in ${formatSeconds(props.state.model.trainSeconds)}`
            : ''}
          {props.state.model.fitSeconds !== null
            ? ` (preparing the data took ${props.state.model.fitSeconds.toFixed(2)} s)`
            : ''}
          {'. Generate rows below.'}
        </p>
      )}
    </section>
  );
}
