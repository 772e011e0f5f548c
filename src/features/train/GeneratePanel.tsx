import { PREVIEW_LIMIT, PreviewTable } from '../../ui/PreviewTable';
import { useState } from 'react';
import type { Condition } from '../../core/rules/conditions';
import {
  completeConditions,
  ConditionsEditor,
  type ConditionColumn,
} from '../rules/ConditionsEditor';
import { Alert } from '../../ui/Alert';
import { CancellableProgress } from '../../ui/CancellableProgress';
import { formatCount } from '../../ui/format';
import type { GenerateOptions } from '../../worker/engine-client';
import { MODELS } from './model-catalog';
import type { TrainingState } from './use-training';

const MAX_ROWS = 1_000_000;

/** Generate synthetic rows, preview them, and take them (and the model) away. */
export function GeneratePanel(props: {
  state: TrainingState;
  baseName: string;
  /** Columns a condition can name (with their values for category columns). */
  conditionColumns: readonly ConditionColumn[];
  onGenerate: (rows: number, seed: number, options: GenerateOptions) => void;
  /** Stops the generation under way. */
  onCancel?: () => void;
  onDownloadCsv: (name: string) => void;
  onSaveModel: () => void;
  onLoadModel: (file: File) => void;
}) {
  const [rows, setRows] = useState(1000);
  const [textMode, setTextMode] = useState<GenerateOptions['textMode']>('placeholder');
  const [allowOutOfRange, setAllowOutOfRange] = useState(false);
  const [neutraliseFormulas, setNeutraliseFormulas] = useState(true);
  const [conditions, setConditions] = useState<Condition[]>([]);
  const { model, generating, generated, message } = props.state;
  const ready = model !== null && generating === null;
  return (
    <section className="generate-panel" aria-labelledby="generate-title">
      <h2 id="generate-title">4. Generate synthetic rows</h2>
      <div className="button-row">
        <label>
          Rows to generate{' '}
          <input
            type="number"
            min={1}
            max={MAX_ROWS}
            value={rows}
            onChange={(e) =>
              setRows(Math.min(MAX_ROWS, Math.max(1, Math.floor(Number(e.target.value) || 1))))
            }
          />
        </label>
        <button
          type="button"
          className="button button-primary"
          disabled={!ready}
          onClick={() =>
            props.onGenerate(rows, 1, {
              textMode,
              allowOutOfRange,
              neutraliseFormulas,
              conditions: completeConditions(conditions),
            })
          }
        >
          Generate
        </button>
        <button
          type="button"
          className="button"
          disabled={!generated}
          onClick={() => props.onDownloadCsv(`${props.baseName}-synthetic.csv`)}
        >
          Download synthetic CSV
        </button>
        <button
          type="button"
          className="button"
          disabled={!model || !MODELS[model.kind].savable}
          title={
            model && !MODELS[model.kind].savable
              ? `${MODELS[model.kind].title} cannot be saved as a model file`
              : undefined
          }
          onClick={props.onSaveModel}
        >
          Download model
        </button>
        <label className="button">
          Load model
          <input
            type="file"
            accept=".json,application/json"
            aria-label="Load model"
            className="visually-hidden"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) props.onLoadModel(f);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <ConditionsEditor
        columns={props.conditionColumns}
        conditions={conditions}
        onChange={setConditions}
        disabled={generating !== null}
      />
      <div className="generate-options">
        <label>
          Free-text columns{' '}
          <select
            aria-label="Free-text columns"
            value={textMode}
            onChange={(e) => setTextMode(e.target.value as GenerateOptions['textMode'])}
          >
            <option value="placeholder">Fill with placeholder text</option>
            <option value="empty">Leave empty</option>
          </select>
        </label>
        <span className="hint">
          Free text is never learned, so real sentences cannot leak; the column is kept in the
          export.
        </span>
        <label>
          <input
            type="checkbox"
            checked={allowOutOfRange}
            onChange={(e) => setAllowOutOfRange(e.target.checked)}
          />{' '}
          Let numbers and dates go beyond the range seen in the data
        </label>
        <label>
          <input
            type="checkbox"
            checked={neutraliseFormulas}
            onChange={(e) => setNeutraliseFormulas(e.target.checked)}
          />{' '}
          Protect spreadsheets
        </label>
        <span className="hint">
          Puts &apos; before cells that start with = + - or @ (but not numbers such as -3.5), so
          Excel or Sheets shows them as text instead of running them as formulas. Turn it off only
          if the file goes to a program that needs those cells unchanged.
        </span>
      </div>
      <CancellableProgress
        progress={
          generating && {
            label: 'Generating',
            value: generating.done / generating.total,
            detail: `${formatCount(generating.done)} of ${formatCount(generating.total)} rows`,
          }
        }
        cancelLabel="Cancel generation"
        {...(props.onCancel ? { onCancel: props.onCancel } : {})}
        cancelled={
          props.state.generateCancelled ? 'Generation cancelled: no rows were kept.' : null
        }
        testId="generate-cancelled"
      />
      {message && <Alert tone="error">{message}</Alert>}
      {generated?.partial && (
        <Alert tone="warning" title="Fewer rows than asked for">
          {generated.message}
        </Alert>
      )}
      {generated && (
        <div className="generated">
          <p aria-live="polite" data-testid="generated-summary">
            {formatCount(generated.rows)} synthetic rows made in {generated.seconds.toFixed(1)} s.
            The first {Math.min(PREVIEW_LIMIT, generated.preview.length)} are below.
          </p>
          <PreviewTable
            label="Synthetic preview"
            names={generated.names}
            rows={generated.preview}
          />
        </div>
      )}
    </section>
  );
}
