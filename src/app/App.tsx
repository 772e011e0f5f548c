import { useCallback } from 'react';
import { ColumnCards } from '../features/data-view/ColumnCards';
import { DataPreview } from '../features/data-view/DataPreview';
import { LoadPanel } from '../features/load-data/LoadPanel';
import { ReadSummary } from '../features/load-data/ReadSummary';
import { SchemaPanel } from '../features/schema/SchemaPanel';
import { Alert } from '../ui/Alert';
import { ProgressBar } from '../ui/ProgressBar';
import { formatBytes, formatCount } from '../ui/format';
import { useStaggered } from '../ui/use-staggered';
import { TrainingArea } from './TrainingArea';
import { PrivacyPanel } from '../features/privacy/PrivacyPanel';
import { ResumeBanner } from '../features/resume/ResumeBanner';
import { useResume } from '../features/resume/use-resume';
import { RulesTablePanel } from '../features/rules/RulesTablePanel';
import { SequencePanel } from '../features/sequence/SequencePanel';
import { useDataset, type DatasetState } from './use-dataset';
import type { EngineClient } from '../worker/engine-client';

export function App() {
  const { state, commands, engine } = useDataset();
  const { status, dataset, error } = state;
  const resume = useResume(engine, commands.showResumed);
  const fetchRows = useCallback(
    (start: number, count: number) => commands.fetchRows(start, count),
    // fetchRows only reads a ref; a stable identity keeps the preview from refetching.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const datasetKey = dataset ? `${dataset.name}:${dataset.rowCount}:${dataset.readSeconds}` : '';
  // A new table is shown in stages, one per frame (schema, cards, rows, training), so no single
  // main-thread task has to lay out the whole page.
  const stage = useStaggered(3, datasetKey, 1);
  const baseName = dataset ? dataset.name.replace(/\.[^.]+$/, '') : 'facsimile';

  return (
    <div className="app">
      <AppHeader />
      <main>
        <ResumeBanner
          state={resume.state}
          onResume={resume.commands.resume}
          onDiscard={() => void resume.commands.discard()}
          onDismiss={resume.commands.dismiss}
          onDismissWarning={resume.commands.dismissWarning}
        />
        <LoadPanel
          busy={status.state === 'loading'}
          onFile={commands.loadFile}
          onDemo={commands.loadDemo}
        />
        <ReadingStatus
          status={status}
          error={error}
          hadTable={dataset !== null}
          onDismiss={commands.dismissError}
        />
        {dataset && (
          <>
            <ReadSummary
              name={dataset.name}
              fileBytes={dataset.fileBytes}
              report={dataset.report}
              columns={dataset.columnNames.length}
              seconds={dataset.readSeconds}
            />
            <SchemaPanel
              key={datasetKey}
              columns={dataset.schema.columns}
              missingTokens={state.missingTokens}
              warnings={dataset.encodingWarnings}
              onKind={commands.setKind}
              onExclude={commands.setExcluded}
              onFix={commands.applyFix}
              onMissingTokens={commands.setMissingTokens}
              onOverrides={commands.setOverrides}
              baseName={baseName}
            />
            {stage >= 1 && (
              <ColumnCards
                columns={dataset.schema.columns}
                summaries={dataset.summaries}
                datasetKey={datasetKey}
              />
            )}
            {stage >= 2 && (
              <DataPreview
                datasetKey={datasetKey}
                rowCount={dataset.rowCount}
                columnNames={dataset.columnNames}
                fetchRows={fetchRows}
              />
            )}
          </>
        )}
        <TrainingArea
          engine={engine}
          showTrain={dataset !== null && stage >= 3}
          loading={status.state === 'loading'}
          baseName={baseName}
          rowCount={dataset ? dataset.rowCount : null}
          columns={dataset ? dataset.schema.columns : null}
          datasetKey={datasetKey}
          resume={resume.state.request}
          schema={dataset ? dataset.schema : null}
          onFix={commands.applyFix}
        />
        <SequencePanel engine={engine} />
        <RulesTablePanel engine={engine} />
        <PrivacyPanel forgetEngine={() => forgetEngine(engine)} />
        {!dataset && status.state === 'idle' && !error && <EmptyState />}
      </main>
      <AppFooter />
    </div>
  );
}

function AppHeader() {
  return (
    <header className="app-header">
      <div>
        <h1>Facsimile</h1>
        <p className="tagline">
          Synthetic tables, made in your browser. Your data never leaves this page.
        </p>
      </div>
      <span
        className="privacy-badge"
        title="Facsimile has no server: files are read and modelled inside this page."
      >
        No uploads · runs in this page
      </span>
    </header>
  );
}

function AppFooter() {
  return (
    <footer className="app-footer">
      Facsimile is open source. Everything runs on this device: no server, no analytics, no fonts or
      scripts from anywhere else.
    </footer>
  );
}

/** Reading progress, then why a file could not be used (the table before it stays). */
function ReadingStatus(props: {
  status: DatasetState['status'];
  error: string | null;
  hadTable: boolean;
  onDismiss: () => void;
}) {
  const { status, error } = props;
  return (
    <>
      {status.state === 'loading' && (
        <ProgressBar
          label={`Reading ${status.name}`}
          value={
            status.progress
              ? status.progress.bytesRead / Math.max(1, status.progress.totalBytes)
              : 0
          }
          detail={
            status.progress
              ? `${formatCount(status.progress.rows)} rows, ${formatBytes(status.progress.bytesRead)}`
              : 'starting'
          }
        />
      )}
      {error && (
        <Alert tone="error" title="That file could not be used" onDismiss={props.onDismiss}>
          {error}
          {props.hadTable && <p className="hint">The table you had loaded before is still here.</p>}
        </Alert>
      )}
    </>
  );
}

/** Makes the engine drop everything it holds (the Privacy panel's "Forget everything"). */
function forgetEngine(engine: () => EngineClient | null) {
  const client = engine();
  return client ? client.forget() : Promise.reject(new Error('no engine'));
}

function EmptyState() {
  return (
    <p className="empty-state">
      Load a CSV or pick a demo data set to begin, or load a saved model to generate rows without
      any data.
    </p>
  );
}
