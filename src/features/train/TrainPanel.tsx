import { useState } from 'react';
import type { Constraint } from '../../core/rules/constraints';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatBytes, formatCount } from '../../ui/format';
import type {
  BackendName,
  ModelKind,
  SynthesisConfig,
  TrainFault,
} from '../../worker/engine-client';
import { MODEL_REGISTRY } from '../../core/models/registry';
import { MODEL_ORDER, MODELS, epochsLabel } from './model-catalog';
import type { TrainingState } from './use-training';

const BACKEND_ORDERS: Record<string, BackendName[]> = {
  auto: ['webgl', 'wasm', 'cpu'],
  webgl: ['webgl', 'wasm', 'cpu'],
  wasm: ['wasm', 'cpu'],
  cpu: ['cpu'],
};

/** The Compute choice that gives `order` ('auto' for WebGL first, the default). */
function computeOf(order: readonly BackendName[] | null | undefined): string {
  if (!order || order[0] === 'webgl') return 'auto';
  return order[0] === 'wasm' ? 'wasm' : 'cpu';
}

const BACKEND_LABELS: Record<BackendName, string> = {
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
};

export function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '…';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** Epoch lines drawn in the run log (the page re-renders it with every progress message). */
const RUN_LOG_ROWS = 100;

const toInt = (v: string, min: number) => Math.max(min, Math.floor(Number(v) || min));

/** A learning rate as people write it: 0.001 as 1e-3. */
export const formatRate = (lr: number) => lr.toExponential();

/** The learning rate typed in the settings, or null (each model's default) when not a rate. */
function parseRate(text: string): number | null {
  const v = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(v) && v > 0 ? v : null;
}

/** The learning rate in the model's own setting (CTGAN: both networks), as its entry sets it. */
function withLearningRate(config: SynthesisConfig, lr: number | null): SynthesisConfig {
  if (lr === null) return config;
  return MODEL_REGISTRY[config.model].learningRate?.set(config, lr) ?? config;
}

/** The fault alert: what happened, what was kept, and the fix as one button. */
function FaultAlert(props: {
  fault: TrainFault;
  disabled: boolean;
  onRetry: (learningRate: number) => void;
}) {
  const { fault } = props;
  const rate = formatRate(fault.suggestion.learningRate);
  return (
    <div className="alert alert-warning" role="alert" data-testid="train-fault">
      <p>
        The losses stopped being numbers at epoch {fault.epoch}: the model learned too fast.{' '}
        {fault.keptEpoch !== null
          ? `Kept the model from epoch ${fault.keptEpoch}.`
          : 'No epoch had finished cleanly, so no model was kept.'}
      </p>
      <button
        type="button"
        className="button"
        disabled={props.disabled}
        onClick={() => props.onRetry(fault.suggestion.learningRate)}
      >
        Train again with learning rate {rate}
      </button>
    </div>
  );
}

/** Choose a model, set it up, and run it: Train, Pause, Resume, Stop, with live progress. */
export function TrainPanel(props: {
  state: TrainingState;
  disabled: boolean;
  /** Another run (a comparison) holds the engine. */
  busy: boolean;
  /** Rules every generated row keeps; training enforces them. */
  constraints?: readonly Constraint[];
  onTrain: (config: SynthesisConfig, backends: BackendName[]) => void;
  onCompare: (configs: SynthesisConfig[], backends: BackendName[]) => void;
  onControl: (action: 'pause' | 'resume' | 'stop') => void;
  /** Settings to start from (a run resumed after a reload shows its own). */
  initial?: SynthesisConfig | null;
  /** The compute order to start from (a resumed run's own). */
  initialBackends?: readonly BackendName[] | null;
}) {
  const first = props.initial;
  const [model, setModel] = useState<ModelKind>(first?.model ?? 'ctgan');
  const [epochs, setEpochs] = useState(first?.epochs ?? MODELS.ctgan.quick);
  const [batch, setBatch] = useState(first?.ctgan?.batchSize ?? first?.tvae?.batchSize ?? 500);
  const [seed, setSeed] = useState(first?.seed ?? 0);
  const [backend, setBackend] = useState(() => computeOf(props.initialBackends));
  /** Empty: each model's default. */
  const [rateText, setRateText] = useState('');
  const learningRate = parseRate(rateText);
  /** Keep the best epoch by live quality; stop after this many scored epochs without gain (0: never). */
  const [keepBest, setKeepBest] = useState(first?.keepBest !== undefined);
  const [patience, setPatience] = useState(first?.keepBest?.patience ?? 0);
  const { run, report, backend: running } = props.state;
  const active = run === 'training' || run === 'paused';
  const locked = active || props.busy;
  const info = MODELS[model];
  const latestLosses = props.state.losses.at(-1);

  const choose = (kind: ModelKind) => {
    setModel(kind);
    setEpochs(MODELS[kind].quick);
  };
  const configFor = (kind: ModelKind, n: number): SynthesisConfig => {
    const config = withLearningRate(plainConfigFor(kind, n), learningRate);
    return keepBest && MODELS[kind].epochs
      ? { ...config, keepBest: { patience: patience > 0 ? patience : null } }
      : config;
  };
  const retry = (lr: number) => {
    setRateText(formatRate(lr));
    const ran = props.state.model?.config;
    const base = ran ?? plainConfigFor(model, epochs);
    props.onTrain(withLearningRate(base, lr), backends());
  };
  const plainConfigFor = (kind: ModelKind, n: number): SynthesisConfig => {
    const rules = props.constraints?.length ? { constraints: [...props.constraints] } : {};
    const config: SynthesisConfig = {
      model: kind,
      epochs: MODELS[kind].epochs ? n : 1,
      seed,
      ...rules,
    };
    return MODEL_REGISTRY[kind].setBatchSize?.(config, batch) ?? config;
  };
  const backends = () => BACKEND_ORDERS[backend] ?? ['webgl', 'wasm', 'cpu'];

  return (
    <section className="train-panel" aria-labelledby="train-title">
      <h2 id="train-title">3. Train a model</h2>
      <div className="model-picker">
        <div className="model-select">
          <label htmlFor="model-select">Model</label>
          <select
            id="model-select"
            value={model}
            disabled={locked}
            onChange={(e) => choose(e.target.value as ModelKind)}
          >
            {MODEL_ORDER.map((k) => (
              <option key={k} value={k}>
                {MODELS[k].title}
              </option>
            ))}
          </select>
        </div>
        <p className="model-card model-card-active" data-testid="model-explain">
          <strong>{info.title}.</strong> {info.explain}
        </p>
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={locked}
          onClick={() => setEpochs(info.quick)}
        >
          Quick look ({epochsLabel(info, info.quick)})
        </button>
        <button
          type="button"
          className="button"
          disabled={locked}
          onClick={() => setEpochs(info.best)}
        >
          Best quality ({epochsLabel(info, info.best)})
        </button>
        <label className="inline-field">
          Epochs
          <input
            type="number"
            min={1}
            max={5000}
            value={epochs}
            disabled={locked}
            aria-describedby={info.epochs ? undefined : 'epochs-note'}
            onChange={(e) => setEpochs(Math.min(5000, toInt(e.target.value, 1)))}
          />
        </label>
        <label className="inline-field">
          Seed
          <input
            type="number"
            min={0}
            value={seed}
            disabled={locked}
            onChange={(e) => setSeed(toInt(e.target.value, 0))}
          />
        </label>
      </div>
      {!info.epochs && (
        <p className="hint" id="epochs-note">
          {info.title} fits in one pass, so the number of epochs does not apply to it.
        </p>
      )}
      <details className="settings">
        <summary>
          More settings (batch size {batch}, compute {backend}, the model&apos;s defaults)
        </summary>
        <div className="settings-grid">
          <label>
            Batch size
            <input
              type="number"
              min={10}
              step={10}
              value={batch}
              disabled={locked || !info.epochs}
              onChange={(e) =>
                setBatch(Math.max(10, Math.round(toInt(e.target.value, 10) / 10) * 10))
              }
            />
          </label>
          <label>
            Learning rate
            <input
              type="text"
              inputMode="decimal"
              placeholder="model default"
              aria-describedby="learning-rate-note"
              value={rateText}
              aria-invalid={rateText.trim() !== '' && learningRate === null}
              disabled={locked || !info.epochs}
              onChange={(e) => setRateText(e.target.value)}
            />
          </label>
          <p className="hint" id="learning-rate-note">
            Empty keeps the model&apos;s default. Too high a rate makes the losses stop being
            numbers; the run then keeps its last good checkpoint.
          </p>
          <label>
            <input
              type="checkbox"
              checked={keepBest}
              disabled={locked || !info.epochs}
              onChange={(e) => setKeepBest(e.target.checked)}
            />{' '}
            Keep the best epoch
          </label>
          <label>
            Stop after epochs without gain
            <input
              type="number"
              min={0}
              max={100}
              value={patience}
              aria-describedby="keep-best-note"
              disabled={locked || !info.epochs || !keepBest}
              onChange={(e) => setPatience(Math.max(0, Math.min(100, toInt(e.target.value, 0))))}
            />
          </label>
          <p className="hint" id="keep-best-note">
            A GAN&apos;s last epoch is not always its best. Every few epochs a sample is scored
            against your data (the live quality chart); with this on, the best-scoring epoch is kept
            and used when the last one scores clearly worse. A number above 0 also ends training
            once that many scored epochs in a row bring no gain (0: train every epoch).
          </p>
          <label>
            Compute
            <select
              aria-label="Compute"
              value={backend}
              disabled={locked}
              onChange={(e) => setBackend(e.target.value)}
            >
              <option value="auto">Automatic (GPU first)</option>
              <option value="webgl">WebGL (GPU)</option>
              <option value="wasm">WebAssembly (CPU)</option>
              <option value="cpu">Plain JavaScript (CPU)</option>
            </select>
          </label>
        </div>
        <dl className="defaults" data-testid="model-defaults">
          {info.defaults.map((d) => (
            <div key={d.label}>
              <dt>{d.label}</dt>
              <dd>{d.value}</dd>
            </div>
          ))}
        </dl>
      </details>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          disabled={props.disabled || locked}
          onClick={() => props.onTrain(configFor(model, epochs), backends())}
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
        <button
          type="button"
          className="button"
          disabled={props.disabled || locked}
          title={`Train ${MODEL_ORDER.map((k) => MODELS[k].title).join(', ')} one after another with these settings`}
          onClick={() =>
            props.onCompare(
              MODEL_ORDER.map((k) => configFor(k, MODELS[model].epochs ? epochs : MODELS[k].quick)),
              backends(),
            )
          }
        >
          Compare all models
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
      {props.state.fault && (
        <FaultAlert fault={props.state.fault} disabled={locked} onRetry={retry} />
      )}
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
          <summary>
            Run log ({props.state.epochLog.length} epochs
            {props.state.epochLog.length > RUN_LOG_ROWS ? `; the last ${RUN_LOG_ROWS} shown` : ''})
          </summary>
          <table data-testid="run-log">
            <thead>
              <tr>
                <th scope="col">Epoch</th>
                <th scope="col">Seconds</th>
                <th scope="col">Live tensors</th>
                <th scope="col">Tensor memory</th>
              </tr>
            </thead>
            <tbody>
              {props.state.epochLog.slice(-RUN_LOG_ROWS).map((e) => (
                <tr key={e.epoch}>
                  <td>{e.epoch}</td>
                  <td>{e.seconds.toFixed(2)}</td>
                  <td>{e.tensors ?? '–'}</td>
                  <td data-bytes={e.bytes ?? ''}>
                    {e.bytes !== null ? formatBytes(e.bytes) : '–'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
