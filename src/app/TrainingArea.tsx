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
import type { BackendName, SynthesisConfig } from '../worker/engine-client';
import type { EncodingFix } from '../core/data/encoding-warnings';
import type { MemoryRefusal } from '../core/memory-estimate';
import type { Schema } from '../core/types';

/**
 * Training, the studio and generation, with their state kept here: a progress message
 * re-renders this part of the page only, never the schema, the column cards or the preview.
 */
export function TrainingArea(props: {
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
}) {
  const training = useTraining(props.engine);
  const { follow } = training.commands;
  useEffect(() => {
    if (props.resume) void follow(props.resume.start);
  }, [props.resume, follow]);
  const evaluation = useEvaluation(props.engine);
  const [holdout, setHoldout] = useState(20);
  // A resumed run shows the share it set aside (adjusted while rendering, once per resume).
  const [holdoutOf, setHoldoutOf] = useState<ResumeRequest | null>(null);
  if (props.resume && props.resume !== holdoutOf) {
    setHoldoutOf(props.resume);
    setHoldout(Math.round(props.resume.run.holdoutShare * 100));
  }
  const compare = useCompare(props.engine, training.commands.adopt);
  const [tab, setTab] = useState<StudioTab>('loss');
  const [rules, setRules] = useState<{ key: string; list: Constraint[] }>({ key: '', list: [] });
  const constraints = rules.key === props.datasetKey ? rules.list : [];
  const [levels, setLevels] = useState<Record<string, string[]>>({});
  const { engine, datasetKey } = props;
  // The category columns change with the kinds in force, so their values are asked again.
  const levelsKey = `${datasetKey}|${props.columns?.map((c) => `${c.kind}${c.excluded ? '-' : ''}`).join(',') ?? ''}`;
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
  const [refusal, setRefusal] = useState<{
    refusal: MemoryRefusal;
    config: SynthesisConfig;
    backends: BackendName[];
    measure: boolean;
  } | null>(null);
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
  const model = training.state.model;
  const showStudio =
    training.state.start !== null ||
    training.state.report !== null ||
    compare.state.runs.length > 0;
  return (
    <>
      {props.showTrain && props.columns && (
        <ConstraintsPanel
          columns={props.columns}
          constraints={constraints}
          onChange={(list) => setRules({ key: props.datasetKey, list })}
          onCheck={(list) => {
            const client = engine();
            return client ? client.checkConstraints(list) : Promise.resolve([]);
          }}
          baseName={props.baseName}
          locked={training.state.run === 'training' || training.state.run === 'paused'}
        />
      )}
      {props.showTrain && (
        <HoldoutSetting
          percent={holdout}
          rows={props.rowCount}
          disabled={training.state.run === 'training' || training.state.run === 'paused'}
          onChange={setHoldout}
        />
      )}
      {props.showTrain && (
        <TrainPanel
          key={props.resume ? 'resumed' : 'new'}
          initial={props.resume?.run.config ?? null}
          initialBackends={props.resume?.run.backends ?? null}
          state={training.state}
          disabled={props.loading}
          busy={compare.state.running}
          constraints={constraints}
          onTrain={startTraining}
          onCompare={(configs, backends) => {
            setTab('compare');
            void compare.commands.start(configs, backends);
          }}
          onControl={(action) => void training.commands.control(action)}
        />
      )}
      {props.showTrain && refusal && (
        <MemoryRefusalAlert
          refusal={refusal.refusal}
          onColumnFix={(column, fix) => {
            setRefusal(null);
            props.onFix(column, fix);
          }}
          onRowsFix={(rows) =>
            startTraining({ ...refusal.config, trainRows: rows }, refusal.backends, refusal.measure)
          }
          onDismiss={() => setRefusal(null)}
        />
      )}
      {props.showTrain && showStudio && (
        <StudioPanel
          training={training.state}
          compare={compare.state}
          onStopCompare={() => void compare.commands.stop()}
          tab={tab}
          onTab={setTab}
          engine={props.engine}
        />
      )}
      <RunStatus state={training.state} />
      {model && <ConstraintSummary constraints={model.config.constraints} />}
      <GeneratePanel
        state={training.state}
        baseName={props.baseName}
        conditionColumns={conditionColumns(
          // a loaded model names no columns: conditions are typed; before any model, the table's
          model ? model.columns : (props.columns ?? []).map((c) => c.name),
          props.columns,
          levels,
        )}
        onGenerate={(rows, seed, options) => void training.commands.generate(rows, seed, options)}
        onCancel={training.commands.cancelGenerate}
        onDownloadCsv={training.commands.downloadCsv}
        onSaveModel={() => void training.commands.saveModel()}
        onLoadModel={(file) => {
          evaluation.commands.reset();
          void training.commands.loadModel(file, ['webgl', 'wasm', 'cpu']);
        }}
      />
      {model && model.trainRows !== null && (
        <EvaluatePanel
          key={`${model.kind}-${model.trainSeconds ?? 0}`}
          columns={model.columns}
          holdoutRows={model.holdoutRows ?? null}
          defaultTarget={model.columns.at(-1) ?? null}
          canEvaluate={training.state.generating === null}
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
        />
      )}
    </>
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
