/** The parts of the train panel: its settings and what a run shows while it goes. */
import type { ModelKind } from '../../worker/engine-client';
import { COMPARE_ORDER, MODEL_ORDER, MODELS, epochsLabel, type ModelInfo } from './model-catalog';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatBytes, formatCount } from '../../ui/format';
import type { TrainingState } from './use-training';

/** Epoch lines drawn in the run log (the page re-renders it with every progress message). */
const RUN_LOG_ROWS = 100;

const toInt = (v: string, min: number) => Math.max(min, Math.floor(Number(v) || min));

export function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '…';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

/** "More settings": batch, learning rate, keep-best, compute, and the model's defaults. */
export function MoreSettings(props: {
  info: ModelInfo;
  locked: boolean;
  batch: number;
  onBatch: (n: number) => void;
  rateText: string;
  onRateText: (text: string) => void;
  rateValid: boolean;
  keepBest: boolean;
  onKeepBest: (on: boolean) => void;
  patience: number;
  onPatience: (n: number) => void;
  backend: string;
  onBackend: (choice: string) => void;
  /** The run trains under differential privacy (no epoch is scored on the private rows). */
  underDp?: boolean;
}) {
  return (
    <details className="settings">
      <summary>
        More settings (batch size {props.batch}, compute {props.backend}, the model&apos;s defaults)
      </summary>
      <div className="settings-grid">
        <label>
          Batch size
          <input
            type="number"
            min={10}
            step={10}
            value={props.batch}
            disabled={props.locked || !props.info.epochs}
            onChange={(e) =>
              props.onBatch(Math.max(10, Math.round(toInt(e.target.value, 10) / 10) * 10))
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
            value={props.rateText}
            aria-invalid={!props.rateValid}
            disabled={props.locked || !props.info.epochs}
            onChange={(e) => props.onRateText(e.target.value)}
          />
        </label>
        <p className="hint" id="learning-rate-note">
          Empty keeps the model&apos;s default. Too high a rate makes the losses stop being numbers;
          the run then keeps its last good checkpoint.
        </p>
        <KeepBestFields {...props} />
        <label>
          Compute
          <select
            aria-label="Compute"
            value={props.backend}
            disabled={props.locked}
            onChange={(e) => props.onBackend(e.target.value)}
          >
            <option value="auto">Automatic (the fastest in a short trial)</option>
            <option value="webgl">WebGL (GPU)</option>
            <option value="wasm">WebAssembly (CPU)</option>
            <option value="cpu">Plain JavaScript (CPU)</option>
          </select>
        </label>
      </div>
      <dl className="defaults" data-testid="model-defaults">
        {props.info.defaults.map((d) => (
          <div key={d.label}>
            <dt>{d.label}</dt>
            <dd>{d.value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** A run's progress bar, latest losses and epoch log. */
export function RunProgress({ state }: { state: TrainingState }) {
  const { run, report } = state;
  const latestLosses = state.losses.at(-1);
  return (
    <>
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
      {state.epochLog.length > 0 && (
        <details className="run-log">
          <summary>
            Run log ({state.epochLog.length} epochs
            {state.epochLog.length > RUN_LOG_ROWS ? `; the last ${RUN_LOG_ROWS} shown` : ''})
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
              {state.epochLog.slice(-RUN_LOG_ROWS).map((e) => (
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
    </>
  );
}

/** The model picker with its explanation, the epoch presets, epochs and seed. */
export function ModelChoice(props: {
  model: ModelKind;
  onModel: (kind: ModelKind) => void;
  locked: boolean;
  epochs: number;
  onEpochs: (n: number) => void;
  seed: number;
  onSeed: (n: number) => void;
}) {
  const info = MODELS[props.model];
  return (
    <>
      <div className="model-picker">
        <div className="model-select">
          <label htmlFor="model-select">Model</label>
          <select
            id="model-select"
            value={props.model}
            disabled={props.locked}
            onChange={(e) => props.onModel(e.target.value as ModelKind)}
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
          disabled={props.locked}
          onClick={() => props.onEpochs(info.quick)}
        >
          Quick look ({epochsLabel(info, info.quick)})
        </button>
        <button
          type="button"
          className="button"
          disabled={props.locked}
          onClick={() => props.onEpochs(info.best)}
        >
          Best quality ({epochsLabel(info, info.best)})
        </button>
        <label className="inline-field">
          Epochs
          <input
            type="number"
            min={1}
            max={5000}
            value={props.epochs}
            disabled={props.locked}
            aria-describedby={info.epochs ? undefined : 'epochs-note'}
            onChange={(e) => props.onEpochs(Math.min(5000, toInt(e.target.value, 1)))}
          />
        </label>
        <label className="inline-field">
          Seed
          <input
            type="number"
            min={0}
            value={props.seed}
            disabled={props.locked}
            onChange={(e) => props.onSeed(toInt(e.target.value, 0))}
          />
        </label>
      </div>
    </>
  );
}

/** Train, Pause, Resume, Stop, Compare all models, and the badge of the compute in use. */
export function RunButtons(props: {
  run: TrainingState['run'];
  startDisabled: boolean;
  /** Why Train is blocked though comparing is not (the id of the message saying so). */
  trainBlockedBy?: string | null;
  onTrain: () => void;
  onControl: (action: 'pause' | 'resume' | 'stop') => void;
  onCompare: () => void;
  badge: { name: string; reason: string; label: string } | null;
}) {
  const { run, badge } = props;
  const active = run === 'training' || run === 'paused';
  const titles = COMPARE_ORDER.map((k) => MODELS[k].title).join(', ');
  return (
    <div className="button-row">
      <button
        type="button"
        className="button button-primary"
        disabled={props.startDisabled || Boolean(props.trainBlockedBy)}
        aria-describedby={props.trainBlockedBy ?? undefined}
        onClick={props.onTrain}
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
        disabled={props.startDisabled}
        title={`Train ${titles} one after another with these settings`}
        onClick={props.onCompare}
      >
        Compare all models
      </button>
      {badge && (
        <span
          className={`backend-badge backend-${badge.name}`}
          data-testid="backend-badge"
          title={badge.reason}
        >
          {badge.label} · {badge.reason}
        </span>
      )}
    </div>
  );
}

/** Keep the best epoch, and stop after so many scored epochs without gain. */
function KeepBestFields(props: {
  info: ModelInfo;
  locked: boolean;
  keepBest: boolean;
  onKeepBest: (on: boolean) => void;
  patience: number;
  onPatience: (n: number) => void;
  underDp?: boolean;
}) {
  const off = props.locked || !props.info.epochs || props.underDp === true;
  return (
    <>
      <label>
        <input
          type="checkbox"
          checked={props.keepBest && props.underDp !== true}
          disabled={off}
          onChange={(e) => props.onKeepBest(e.target.checked)}
        />{' '}
        Keep the best epoch
      </label>
      <label>
        Stop after epochs without gain
        <input
          type="number"
          min={0}
          max={100}
          value={props.patience}
          aria-describedby="keep-best-note"
          disabled={off || !props.keepBest}
          onChange={(e) => props.onPatience(Math.max(0, Math.min(100, toInt(e.target.value, 0))))}
        />
      </label>
      <p className="hint" id="keep-best-note">
        A GAN&apos;s last epoch is not always its best. Every few epochs a sample is scored against
        your data (the live quality chart); with this on, the best-scoring epoch is kept and used
        when the last one scores clearly worse. A number above 0 also ends training once that many
        scored epochs in a row bring no gain (0: train every epoch).
        {props.underDp === true &&
          ' Off under differential privacy: scoring epochs reads your rows outside the budget.'}
      </p>
    </>
  );
}
