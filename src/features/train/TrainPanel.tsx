import { useState } from 'react';
import type { Constraint } from '../../core/rules/constraints';
import type {
  BackendName,
  ModelKind,
  SynthesisConfig,
  TrainFault,
} from '../../worker/engine-client';
import { MODEL_REGISTRY } from '../../core/models/registry';
import type { ColumnSpec, Schema } from '../../core/types';
import { DpSettings } from './DpSettings';
import { COMPARE_ORDER, MODELS } from './model-catalog';
import { ModelChoice, MoreSettings, RunButtons, RunProgress } from './TrainPanelParts';
import type { TrainingState } from './use-training';
import { useDpSetting } from './use-dp-setting';
import { isDpModel, isDpRequired } from './dp-form';
import { LevelCostNotice } from './LevelCostNotice';
import type { EncodingFix } from '../../core/data/encoding-warnings';

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

/** "WebAssembly, 2 threads" for wasm with a known thread count; else the backend's name. */
function badgeLabel(name: BackendName, threads: number | undefined): string {
  if (name !== 'wasm' || threads === undefined) return BACKEND_LABELS[name];
  return `${BACKEND_LABELS[name]}, ${threads} ${threads === 1 ? 'thread' : 'threads'}`;
}

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

/** What the page's settings ask for, as a run's config (keep-best only for epoch models). */
function configOf(
  kind: ModelKind,
  epochs: number,
  s: {
    seed: number;
    batch: number;
    constraints: readonly Constraint[] | undefined;
    /** Scored epochs without gain before stopping (0: never), or null: keep-best off. */
    keepBest: number | null;
  },
): SynthesisConfig {
  const rules = s.constraints?.length ? { constraints: [...s.constraints] } : {};
  const plain: SynthesisConfig = {
    model: kind,
    epochs: MODELS[kind].epochs ? epochs : 1,
    seed: s.seed,
    ...rules,
  };
  const config = MODEL_REGISTRY[kind].setBatchSize?.(plain, s.batch) ?? plain;
  return s.keepBest !== null && MODELS[kind].epochs
    ? { ...config, keepBest: { patience: s.keepBest > 0 ? s.keepBest : null } }
    : config;
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

/** The chosen model's differential privacy setting, when it trains under DP. */
function ModelDpSettings(props: {
  dp: ReturnType<typeof useDpSetting>;
  title: string;
  locked: boolean;
  model: ModelKind;
  trained: TrainingState['model'];
}) {
  const { dp, trained } = props;
  const optional = isDpModel(props.model) && !isDpRequired(props.model);
  const toggle = optional && (
    <label className="inline-field" data-testid="dp-optional">
      <input
        type="checkbox"
        checked={dp.form.enabled}
        disabled={props.locked}
        onChange={(e) => dp.setForm({ ...dp.form, enabled: e.target.checked })}
      />
      Train {props.title} under differential privacy (DP-SGD: a budget you state, proven by the
      accountant; costs fidelity)
    </label>
  );
  if (!dp.reading) return toggle || null;
  return (
    <>
      {toggle}
      <DpSettings
        title={props.title}
        form={dp.form}
        reading={dp.reading}
        columns={dp.columns}
        dates={dp.dates}
        rows={dp.rows}
        locked={props.locked}
        onForm={dp.setForm}
        spent={trained?.kind === props.model ? (trained.differentialPrivacy ?? null) : null}
        asked={trained?.config.privacy?.epsilon ?? null}
      />
    </>
  );
}

/** What the train panel is given. */
export interface TrainPanelProps {
  state: TrainingState;
  disabled: boolean;
  /** Another run (a comparison) holds the engine. */
  busy: boolean;
  /** Rules every generated row keeps; training enforces them. */
  constraints?: readonly Constraint[];
  /** `measure`: Compute is Automatic, so the worker picks the backend by a short trial. */
  onTrain: (config: SynthesisConfig, backends: BackendName[], measure: boolean) => void;
  onCompare: (configs: SynthesisConfig[], backends: BackendName[]) => void;
  onControl: (action: 'pause' | 'resume' | 'stop') => void;
  /** Settings to start from (a run resumed after a reload shows its own). */
  initial?: SynthesisConfig | null;
  /** The compute order to start from (a resumed run's own). */
  initialBackends?: readonly BackendName[] | null;
  /** The loaded table's columns, for a differential privacy setting (never their values). */
  schemaColumns?: readonly ColumnSpec[] | null;
  /** Rows the model will learn from (the table less its holdout), for delta and the budget split. */
  trainRows?: number | null;
  /** The table's schema and its fixes: columns of many levels say what they cost the model. */
  schema?: Schema | null;
  onFix?: (column: string, fix: EncodingFix) => void;
}

/** Choose a model, set it up, and run it: Train, Pause, Resume, Stop, with live progress. */
export function TrainPanel(props: TrainPanelProps) {
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
  const { run, backend: running } = props.state;
  const active = run === 'training' || run === 'paused';
  const locked = active || props.busy;
  const info = MODELS[model];
  const dp = useDpSetting(model, props.schemaColumns, props.trainRows, first?.privacy);
  const trained = props.state.model ?? null;

  const choose = (kind: ModelKind) => {
    setModel(kind);
    setEpochs(MODELS[kind].quick);
  };
  const settings = {
    seed,
    batch,
    constraints: props.constraints,
    keepBest: keepBest ? patience : null,
  };
  const configFor = (kind: ModelKind, n: number) =>
    dp.withPrivacy(withLearningRate(configOf(kind, n, settings), learningRate));
  const retry = (lr: number) => {
    setRateText(formatRate(lr));
    const base =
      props.state.model?.config ?? configOf(model, epochs, { ...settings, keepBest: null });
    props.onTrain(withLearningRate(base, lr), backends(), backend === 'auto');
  };
  const backends = () => BACKEND_ORDERS[backend] ?? ['webgl', 'wasm', 'cpu'];

  return (
    <section className="train-panel" aria-labelledby="train-title">
      <h2 id="train-title">3. Train a model</h2>
      <ModelChoice
        model={model}
        onModel={choose}
        locked={locked}
        epochs={epochs}
        onEpochs={setEpochs}
        seed={seed}
        onSeed={setSeed}
      />
      {!info.epochs && (
        <p className="hint" id="epochs-note">
          {info.title} fits in one pass, so the number of epochs does not apply to it.
        </p>
      )}
      <ModelDpSettings dp={dp} title={info.title} locked={locked} model={model} trained={trained} />
      <LevelCostNotice schema={props.schema} model={model} locked={locked} onFix={props.onFix} />
      <MoreSettings
        info={info}
        locked={locked}
        batch={batch}
        onBatch={setBatch}
        rateText={rateText}
        onRateText={setRateText}
        rateValid={rateText.trim() === '' || learningRate !== null}
        keepBest={keepBest}
        onKeepBest={setKeepBest}
        patience={patience}
        onPatience={setPatience}
        backend={backend}
        onBackend={setBackend}
        underDp={dp.reading !== null}
      />
      <RunButtons
        run={run}
        startDisabled={props.disabled || locked}
        trainBlockedBy={dp.reading && !dp.reading.settings ? 'dp-problem' : null}
        onTrain={() => props.onTrain(configFor(model, epochs), backends(), backend === 'auto')}
        onControl={props.onControl}
        onCompare={() =>
          props.onCompare(
            COMPARE_ORDER.map((k) => configFor(k, MODELS[model].epochs ? epochs : MODELS[k].quick)),
            backends(),
          )
        }
        badge={running ? { ...running, label: badgeLabel(running.name, running.threads) } : null}
      />
      {props.state.fault && (
        <FaultAlert fault={props.state.fault} disabled={locked} onRetry={retry} />
      )}
      <RunProgress state={props.state} />
    </section>
  );
}
