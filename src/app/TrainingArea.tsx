import { useEffect, useState } from 'react';
import { EvaluatePanel } from '../features/evaluate/EvaluatePanel';
import { HoldoutSetting } from '../features/evaluate/HoldoutSetting';
import { useEvaluation } from '../features/evaluate/use-evaluation';
import { StudioPanel, type StudioTab } from '../features/studio/StudioPanel';
import { useCompare } from '../features/studio/use-compare';
import { GeneratePanel } from '../features/train/GeneratePanel';
import { RunStatus } from '../features/train/RunStatus';
import { TrainPanel } from '../features/train/TrainPanel';
import { checkTrainingMemory, MemoryRefusalAlert } from '../features/train/MemoryRefusal';
import { useTraining } from '../features/train/use-training';
import type { ResumeRequest } from '../features/resume/use-resume';
import { ConstraintsPanel } from '../features/rules/ConstraintsPanel';
import { ConstraintSummary } from '../features/rules/ConstraintSummary';
import type { ConditionColumn } from '../features/rules/ConditionsEditor';
import type { Constraint } from '../core/rules/constraints';
import type { ColumnSpec } from '../core/types';
import type { EngineClient } from '../worker/engine-client';
import type { BackendName, ModelSummary, SynthesisConfig } from '../worker/engine-client';
import type { EncodingFix } from '../core/data/encoding-warnings';
import type { MemoryRefusal } from '../core/memory-estimate';
import type { Schema } from '../core/types';

interface TrainingAreaProps {
  engine: () => EngineClient | null;
  /** A table is loaded and shown (the train panel appears). */
  showTrain: boolean;
  loading: boolean;
  baseName: string;
  /** Rows in the loaded table, for the holdout hint. */
  rowCount: number | null;
  /** The loaded table's schema, for the memory check before training. */
  schema: Schema | null;
  /** Applies a schema fix (from the memory check). */
  onFix: (column: string, fix: EncodingFix) => void;
  /** The loaded table's columns (null when none is loaded), for rules and conditions. */
  columns: readonly ColumnSpec[] | null;
  /** Changes when another table is loaded: its rules start empty. */
  datasetKey: string;
  /** A run the user resumed after a reload: followed here like a run started here. */
  resume?: ResumeRequest | null;
}

/**
 * Training, the studio and generation, with their state kept here: a progress message
 * re-renders this part of the page only, never the schema, the column cards or the preview.
 */
export function TrainingArea(props: TrainingAreaProps) {
  const area = useTrainingArea(props);
  const { engine } = props;
  return (
    <>
      {props.showTrain && props.columns && (
        <ConstraintsPanel
          columns={props.columns}
          constraints={area.constraints}
          onChange={(list) => area.setRules({ key: props.datasetKey, list })}
          onCheck={(list) => {
            const client = engine();
            return client ? client.checkConstraints(list) : Promise.resolve([]);
          }}
          baseName={props.baseName}
          locked={area.locked}
        />
      )}
      {props.showTrain && (
        <HoldoutSetting
          percent={area.holdout}
          rows={props.rowCount}
          disabled={area.locked}
          onChange={area.setHoldout}
        />
      )}
      {props.showTrain && (
        <TrainPanel
          key={props.resume ? 'resumed' : 'new'}
          initial={props.resume?.run.config ?? null}
          initialBackends={props.resume?.run.backends ?? null}
          state={area.training.state}
          disabled={props.loading}
          busy={area.compare.state.running}
          constraints={area.constraints}
          schemaColumns={props.columns}
          trainRows={
            props.rowCount === null
              ? null
              : props.rowCount - Math.round((props.rowCount * area.holdout) / 100)
          }
          onTrain={area.startTraining}
          onCompare={(configs, backends) => {
            area.setTab('compare');
            void area.compare.commands.start(configs, backends);
          }}
          onControl={(action) => void area.training.commands.control(action)}
          schema={props.schema}
          onFix={props.onFix}
        />
      )}
      {props.showTrain && area.refusal && (
        <RefusedTraining
          refused={area.refusal}
          onDismiss={() => area.setRefusal(null)}
          onFix={props.onFix}
          onRetry={area.startTraining}
        />
      )}
      {props.showTrain && area.showStudio && (
        <StudioPanel
          training={area.training.state}
          compare={area.compare.state}
          onStopCompare={() => void area.compare.commands.stop()}
          tab={area.tab}
          onTab={area.setTab}
          engine={props.engine}
        />
      )}
      <RunStatus state={area.training.state} />
      {area.model && <ConstraintSummary constraints={area.model.config.constraints} />}
      <GenerateArea
        training={area.training}
        onLoadModel={area.evaluation.commands.reset}
        baseName={props.baseName}
        columns={props.columns}
        levels={area.levels}
      />
      {area.model && area.model.trainRows !== null && (
        <EvaluationArea
          model={area.model}
          generating={area.training.state.generating !== null}
          evaluation={area.evaluation}
          baseName={props.baseName}
        />
      )}
    </>
  );
}

/** The holdout share in percent; a resumed run shows the share it set aside. */
function useHoldout(resume: ResumeRequest | null) {
  const [holdout, setHoldout] = useState(20);
  // adjusted while rendering, once per resume
  const [holdoutOf, setHoldoutOf] = useState<ResumeRequest | null>(null);
  if (resume && resume !== holdoutOf) {
    setHoldoutOf(resume);
    setHoldout(Math.round(resume.run.holdoutShare * 100));
  }
  return [holdout, setHoldout] as const;
}

/** The values of the loaded table's category columns, asked again when the kinds change. */
function useColumnLevels(
  engine: () => EngineClient | null,
  datasetKey: string,
  columns: readonly ColumnSpec[] | null,
): Record<string, string[]> {
  const [levels, setLevels] = useState<Record<string, string[]>>({});
  const levelsKey = `${datasetKey}|${columns?.map((c) => `${c.kind}${c.excluded ? '-' : ''}`).join(',') ?? ''}`;
  useEffect(() => {
    let live = true;
    const client = engine();
    if (!client || datasetKey === '') return;
    client
      .levels()
      .then((l) => live && setLevels(l))
      .catch(() => live && setLevels({}));
    return () => {
      live = false;
    };
  }, [engine, datasetKey, levelsKey]);
  return levels;
}

/** The evaluation of a model trained here (a loaded model has no training rows to compare). */
function EvaluationArea(props: {
  model: ModelSummary;
  generating: boolean;
  evaluation: ReturnType<typeof useEvaluation>;
  baseName: string;
}) {
  const { model, evaluation } = props;
  return (
    <EvaluatePanel
      key={`${model.kind}-${model.trainSeconds ?? 0}`}
      columns={model.columns}
      holdoutRows={model.holdoutRows ?? null}
      defaultTarget={model.columns.at(-1) ?? null}
      canEvaluate={!props.generating}
      progress={evaluation.state.progress}
      report={evaluation.state.report}
      message={evaluation.state.message}
      cancelled={evaluation.state.cancelled}
      onEvaluate={(s) => void evaluation.commands.evaluate(s.target, model.config.seed)}
      onCancel={evaluation.commands.cancel}
      onDownloadHtml={() => evaluation.commands.downloadHtml(props.baseName)}
      onDownloadJson={() => evaluation.commands.downloadJson(props.baseName)}
      attacks={evaluation.state.attacks}
      onAttack={(settings, target) =>
        void evaluation.commands.attack(settings, target, model.config.seed)
      }
      onCancelAttacks={evaluation.commands.cancelAttacks}
    />
  );
}

/** The columns a condition can name, with the values of the category columns. */
function conditionColumns(
  names: readonly string[],
  columns: readonly ColumnSpec[] | null,
  levels: Record<string, string[]>,
): ConditionColumn[] {
  return names
    .filter((name) => !columns?.find((c) => c.name === name)?.excluded)
    .map((name) => ({ name, levels: levels[name] ?? null }));
}

/** Training refused for memory, with its fixes: a column's encoding, or fewer rows. */
function RefusedTraining(props: {
  refused: Refused;
  onDismiss: () => void;
  onFix: (column: string, fix: EncodingFix) => void;
  onRetry: (config: SynthesisConfig, backends: BackendName[], measure: boolean) => void;
}) {
  const { refused } = props;
  return (
    <MemoryRefusalAlert
      refusal={refused.refusal}
      onColumnFix={(column, fix) => {
        props.onDismiss();
        props.onFix(column, fix);
      }}
      onRowsFix={(rows) =>
        props.onRetry({ ...refused.config, trainRows: rows }, refused.backends, refused.measure)
      }
      onDismiss={props.onDismiss}
    />
  );
}

interface Refused {
  refusal: MemoryRefusal;
  config: SynthesisConfig;
  backends: BackendName[];
  /** Compute is Automatic: the worker picks the backend by a short trial. */
  measure: boolean;
}

/** Generation from the model in hand, with conditions on the table's (or the model's) columns. */
function GenerateArea(props: {
  training: ReturnType<typeof useTraining>;
  /** A saved model is being loaded (the evaluation of the one before is dropped). */
  onLoadModel: () => void;
  baseName: string;
  columns: readonly ColumnSpec[] | null;
  levels: Record<string, string[]>;
}) {
  const { training } = props;
  const model = training.state.model;
  return (
    <GeneratePanel
      state={training.state}
      baseName={props.baseName}
      conditionColumns={conditionColumns(
        // a loaded model names no columns: conditions are typed; before any model, the table's
        model ? model.columns : (props.columns ?? []).map((c) => c.name),
        props.columns,
        props.levels,
      )}
      onGenerate={(rows, seed, options) => void training.commands.generate(rows, seed, options)}
      onCancel={training.commands.cancelGenerate}
      onDownloadCsv={training.commands.downloadCsv}
      onSaveModel={() => void training.commands.saveModel()}
      onLoadModel={(file) => {
        props.onLoadModel();
        void training.commands.loadModel(file, ['webgl', 'wasm', 'cpu']);
      }}
    />
  );
}

/** The state of the training area: the run, its evaluation, comparison, rules and holdout. */
function useTrainingArea(props: TrainingAreaProps) {
  const training = useTraining(props.engine);
  const { follow } = training.commands;
  useEffect(() => {
    if (props.resume) void follow(props.resume.start);
  }, [props.resume, follow]);
  const evaluation = useEvaluation(props.engine);
  const [holdout, setHoldout] = useHoldout(props.resume ?? null);
  const compare = useCompare(props.engine, training.commands.adopt);
  const [tab, setTab] = useState<StudioTab>('loss');
  const [rules, setRules] = useState<{ key: string; list: Constraint[] }>({ key: '', list: [] });
  const constraints = rules.key === props.datasetKey ? rules.list : [];
  const { engine } = props;
  const levels = useColumnLevels(engine, props.datasetKey, props.columns);
  const [refusal, setRefusal] = useState<Refused | null>(null);
  const startTraining = (config: SynthesisConfig, backends: BackendName[], measure: boolean) => {
    const tooLarge =
      props.schema && props.rowCount !== null
        ? checkTrainingMemory(props.schema, props.rowCount, holdout / 100, config)
        : null;
    setRefusal(tooLarge ? { refusal: tooLarge, config, backends, measure } : null);
    if (tooLarge) return;
    evaluation.commands.reset();
    void training.commands.train(config, backends, holdout / 100, measure);
  };
  const locked = training.state.run === 'training' || training.state.run === 'paused';
  const model = training.state.model;
  const showStudio =
    training.state.start !== null ||
    training.state.report !== null ||
    compare.state.runs.length > 0;
  return {
    training,
    evaluation,
    compare,
    holdout,
    setHoldout,
    tab,
    setTab,
    constraints,
    setRules,
    levels,
    refusal,
    setRefusal,
    startTraining,
    locked,
    model,
    showStudio,
  };
}
