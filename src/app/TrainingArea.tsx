import { useState } from 'react';
import { EvaluatePanel } from '../features/evaluate/EvaluatePanel';
import { HoldoutSetting } from '../features/evaluate/HoldoutSetting';
import { useEvaluation } from '../features/evaluate/use-evaluation';
import { StudioPanel, type StudioTab } from '../features/studio/StudioPanel';
import { useCompare } from '../features/studio/use-compare';
import { GeneratePanel } from '../features/train/GeneratePanel';
import { RunStatus } from '../features/train/RunStatus';
import { TrainPanel } from '../features/train/TrainPanel';
import { useTraining } from '../features/train/use-training';
import type { EngineClient } from '../worker/engine-client';

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
}) {
  const training = useTraining(props.engine);
  const evaluation = useEvaluation(props.engine);
  const [holdout, setHoldout] = useState(20);
  const compare = useCompare(props.engine, training.commands.adopt);
  const [tab, setTab] = useState<StudioTab>('loss');
  const model = training.state.model;
  const showStudio =
    training.state.start !== null ||
    training.state.report !== null ||
    compare.state.runs.length > 0;
  return (
    <>
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
          state={training.state}
          disabled={props.loading}
          busy={compare.state.running}
          onTrain={(config, backends) => {
            evaluation.commands.reset();
            void training.commands.train(config, backends, holdout / 100);
          }}
          onCompare={(configs, backends) => {
            setTab('compare');
            void compare.commands.start(configs, backends);
          }}
          onControl={(action) => void training.commands.control(action)}
        />
      )}
      {props.showTrain && showStudio && (
        <StudioPanel
          training={training.state}
          compare={compare.state}
          onStopCompare={() => void compare.commands.stop()}
          tab={tab}
          onTab={setTab}
        />
      )}
      <RunStatus state={training.state} />
      <GeneratePanel
        state={training.state}
        baseName={props.baseName}
        onGenerate={(rows, seed, options) => void training.commands.generate(rows, seed, options)}
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
          onEvaluate={(s) => void evaluation.commands.evaluate(s.target, model.config.seed)}
          onDownloadHtml={() => evaluation.commands.downloadHtml(props.baseName)}
          onDownloadJson={() => evaluation.commands.downloadJson(props.baseName)}
        />
      )}
    </>
  );
}
