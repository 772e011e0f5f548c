import { JsonFileButton } from '../../ui/JsonFileButton';
import { PREVIEW_LIMIT, PreviewTable } from '../../ui/PreviewTable';
import { useState } from 'react';
import type { Constraint } from '../../core/rules/constraints';
import type { RuleColumn } from '../../core/rules/rules-spec';
import { ProgressBar } from '../../ui/ProgressBar';
import { RowCountInput } from '../../ui/RowCountInput';
import { formatCount } from '../../ui/format';
import type { EngineClient } from '../../worker/engine-client';
import { ConstraintForm } from './ConstraintForm';
import { ConstraintList } from './ConstraintList';
import { describeRule, ruleColumnInfos } from './rule-column-draft';
import { RuleColumnForm } from './RuleColumnForm';
import { exportSpec, importSpec } from './spec-io';
import { useRulesTable } from './use-rules-table';
import './rules.css';
import { SeedInput } from '../../ui/SeedInput';

type Note = { error: boolean; text: string };

function RuleColumnList(props: { rules: readonly RuleColumn[]; onRemove: (i: number) => void }) {
  if (props.rules.length === 0) return <p className="hint">No columns yet.</p>;
  return (
    <ul className="rules-list" aria-label="Table columns">
      {props.rules.map((r, i) => (
        <li key={`${i}-${r.name}`}>
          <span className="rules-description">
            <strong>{r.name}</strong>: {describeRule(r)}
          </span>
          <button
            type="button"
            className="button rules-remove"
            aria-label={`Remove column ${r.name}`}
            onClick={() => props.onRemove(i)}
          >
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Rules without data: a table defined column by column (a distribution, a template or a
 * formula) plus rules its rows keep, made to any number of rows in the engine worker. For
 * teaching, test data and demos; no data is needed.
 */
export function RulesTablePanel(props: { engine: () => EngineClient | null }) {
  const [open, setOpen] = useState(false);
  const [rules, setRules] = useState<RuleColumn[]>([]);
  const [constraints, setConstraints] = useState<Constraint[]>([]);
  const [rows, setRows] = useState(1000);
  const [seed, setSeed] = useState(0);
  const [note, setNote] = useState<Note | null>(null);
  const table = useRulesTable(props.engine);
  const { making, made } = table.state;
  const infos = ruleColumnInfos(rules);

  return (
    <section className="rules-table-panel" aria-labelledby="rules-table-title">
      <h2 id="rules-table-title">Rules without data</h2>
      <p className="hint">
        Describe a table column by column and make as many rows as you like: for teaching, test data
        and demos. Nothing is learned from anyone&apos;s data.
      </p>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Hide the table rules' : 'Make a table from rules'}
      </button>
      {open && (
        <div className="rules-table-body">
          <h3>Columns</h3>
          <RuleColumnList
            rules={rules}
            onRemove={(i) => setRules(rules.filter((_, j) => j !== i))}
          />
          <RuleColumnForm taken={rules.map((r) => r.name)} onAdd={(r) => setRules([...rules, r])} />
          <h3>Rules the rows keep</h3>
          <ConstraintList
            constraints={constraints}
            checks={null}
            emptyText="No rules yet: each column is drawn on its own."
            onRemove={(i) => setConstraints(constraints.filter((_, j) => j !== i))}
          />
          <ConstraintForm
            columns={infos}
            needCombinations
            onAdd={(c) => setConstraints([...constraints, c])}
          />
          <SpecFileButtons
            rules={rules}
            constraints={constraints}
            note={note}
            setNote={setNote}
            onRead={(spec) => {
              setRules(spec.columns ?? []);
              setConstraints(spec.constraints);
            }}
          />
          <div className="button-row">
            <RowsAndSeed rows={rows} seed={seed} setRows={setRows} setSeed={setSeed} />
            <button
              type="button"
              className="button button-primary"
              disabled={rules.length === 0 || making !== null}
              onClick={() => void table.commands.make({ columns: rules, constraints }, rows, seed)}
            >
              Make rows
            </button>
            <button
              type="button"
              className="button"
              disabled={!made}
              onClick={() => table.commands.download('table-from-rules.csv')}
            >
              Download table (CSV)
            </button>
          </div>
          <MadeRows state={table.state} />
        </div>
      )}
    </section>
  );
}

/** Import and export the whole table definition (columns and rules) as one JSON spec. */
function SpecFileButtons(props: {
  rules: RuleColumn[];
  constraints: Constraint[];
  onRead: (spec: Awaited<ReturnType<typeof importSpec>>) => void;
  /** What the last import said (kept by the panel while this part is folded away). */
  note: Note | null;
  setNote: (note: Note | null) => void;
}) {
  const { note, setNote } = props;
  return (
    <>
      <div className="button-row">
        <JsonFileButton
          label="Import table rules (JSON)"
          onNote={setNote}
          read={(f) =>
            importSpec(f).then((spec) => {
              props.onRead(spec);
              return spec.columns
                ? `Read ${spec.columns.length} columns and ${spec.constraints.length} rules from ${f.name}.`
                : `${f.name} has rules but no "columns": add the columns here.`;
            })
          }
        />
        <button
          type="button"
          className="button"
          disabled={props.rules.length === 0}
          onClick={() => exportSpec(props.constraints, 'table.rules.json', props.rules)}
        >
          Export table rules (JSON)
        </button>
      </div>
      {note && (
        <p className={note.error ? 'rules-error' : 'hint'} role={note.error ? 'alert' : undefined}>
          {note.text}
        </p>
      )}
    </>
  );
}

/** Progress while rows are made, then the summary and the first rows. */
function MadeRows({ state }: { state: ReturnType<typeof useRulesTable>['state'] }) {
  const { making, made, error } = state;
  return (
    <>
      {making && (
        <ProgressBar
          label="Making rows"
          value={making.done / Math.max(1, making.total)}
          detail={`${formatCount(making.done)} of ${formatCount(making.total)} rows`}
        />
      )}
      {error && (
        <p className="rules-error" role="alert">
          {error}
        </p>
      )}
      {made && (
        <div className="generated">
          <p aria-live="polite" data-testid="rules-table-summary">
            {formatCount(made.rows)} rows made in {made.seconds.toFixed(1)} s. The first{' '}
            {Math.min(PREVIEW_LIMIT, made.preview.length)} are below.
          </p>
          {made.partial && <p className="rules-error">{made.message}</p>}
          <PreviewTable label="Rules table preview" names={made.names} rows={made.preview} />
        </div>
      )}
    </>
  );
}

/** How many rows to make, and the seed that makes them the same again. */
function RowsAndSeed(props: {
  rows: number;
  seed: number;
  setRows: (rows: number) => void;
  setSeed: (seed: number) => void;
}) {
  const { rows, seed, setRows, setSeed } = props;
  return (
    <>
      <label className="inline-field">
        Number of rows
        <RowCountInput value={rows} onChange={setRows} />
      </label>
      <label className="inline-field">
        Random seed
        <SeedInput value={seed} onChange={setSeed} />
      </label>
    </>
  );
}
