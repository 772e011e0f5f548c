import { useState } from 'react';
import type { DpColumn, PublicFacts } from '../../core/privacy/public-facts';
import { JsonFileButton } from '../../ui/JsonFileButton';
import { readJsonFile } from '../rules/spec-io';
import { boundText, editedFact, importFacts } from './dp-form';

interface Draft {
  min: string;
  max: string;
  levels: string;
}

function draftsOf(facts: PublicFacts, columns: readonly DpColumn[], dates: ReadonlySet<string>) {
  return Object.fromEntries(
    columns.map((c) => {
      const f = facts[c.name];
      const isDate = dates.has(c.name);
      return [
        c.name,
        {
          min: boundText(f?.min, isDate),
          max: boundText(f?.max, isDate),
          levels: f?.levels?.join(', ') ?? '',
        },
      ];
    }),
  ) as Record<string, Draft>;
}

/** One column's public range or levels, typed by hand. */
function FactRow(props: {
  column: DpColumn;
  isDate: boolean;
  draft: Draft;
  locked: boolean;
  onDraft: (draft: Draft) => void;
}) {
  const { column, draft } = props;
  const set = (field: keyof Draft) => (e: { target: { value: string } }) =>
    props.onDraft({ ...draft, [field]: e.target.value });
  if (column.type === 'discrete')
    return (
      <tr>
        <th scope="row">{column.name}</th>
        <td colSpan={2}>
          <input
            type="text"
            aria-label={`Public levels of ${column.name}`}
            placeholder="estimated under DP"
            value={draft.levels}
            disabled={props.locked}
            onChange={set('levels')}
          />
        </td>
      </tr>
    );
  const bound = (field: 'min' | 'max', words: string) => (
    <td>
      <input
        type="text"
        inputMode={props.isDate ? 'text' : 'decimal'}
        aria-label={`Public ${words} value of ${column.name}`}
        placeholder={props.isDate ? 'YYYY-MM-DD' : 'estimated'}
        value={draft[field]}
        disabled={props.locked}
        onChange={set(field)}
      />
    </td>
  );
  return (
    <tr>
      <th scope="row">{column.name}</th>
      {bound('min', 'lowest')}
      {bound('max', 'highest')}
    </tr>
  );
}

/** The public range or levels of every column, typed by hand. */
function FactTable(props: {
  columns: readonly DpColumn[];
  dates: ReadonlySet<string>;
  drafts: Record<string, Draft>;
  locked: boolean;
  onDraft: (column: DpColumn, draft: Draft) => void;
}) {
  return (
    <details className="dp-fact-table">
      <summary>Public facts per column</summary>
      <p className="hint">
        A public range or list of levels is one known without looking at this table (a standard, a
        form&apos;s choices). Values outside a range are clipped; levels not listed become
        &quot;other&quot;. Levels are separated by commas.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Public range: lowest, or levels</th>
            <th scope="col">Highest</th>
          </tr>
        </thead>
        <tbody>
          {props.columns.map((c) => (
            <FactRow
              key={c.name}
              column={c}
              isDate={props.dates.has(c.name)}
              draft={props.drafts[c.name] ?? { min: '', max: '', levels: '' }}
              locked={props.locked}
              onDraft={(d) => props.onDraft(c, d)}
            />
          ))}
        </tbody>
      </table>
    </details>
  );
}

/**
 * Which facts are public: imported from a JSON file (Facsimile's form or SDV metadata) or typed
 * per column ("public range", "public levels"). Public facts cost no budget; the rest are
 * estimated under differential privacy.
 */
export function PublicFactsEditor(props: {
  columns: readonly DpColumn[];
  /** Names of the date columns (their bounds are typed as dates). */
  dates: ReadonlySet<string>;
  facts: PublicFacts;
  locked: boolean;
  onFacts: (facts: PublicFacts) => void;
}) {
  const { columns, dates } = props;
  const [drafts, setDrafts] = useState(() => draftsOf(props.facts, columns, dates));
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const stated = columns.filter((c) => props.facts[c.name]).length;

  const replace = (facts: PublicFacts) => {
    setDrafts(draftsOf(facts, columns, dates));
    props.onFacts(facts);
  };
  const edit = (column: DpColumn, draft: Draft) => {
    setDrafts((d) => ({ ...d, [column.name]: draft }));
    const fact = editedFact(column, draft, dates.has(column.name));
    const rest = Object.fromEntries(
      Object.entries(props.facts).filter(([name]) => name !== column.name),
    );
    props.onFacts(fact ? { ...rest, [column.name]: fact } : rest);
  };
  const read = async (file: File) => {
    const got = importFacts(await readJsonFile(file), columns);
    replace(got.facts);
    setNotes(got.notes);
    const n = Object.keys(got.facts).length;
    return `${file.name}: ${n} public ${n === 1 ? 'fact' : 'facts'} read (${got.format === 'sdv' ? 'SDV metadata' : 'Facsimile public facts'}).`;
  };

  return (
    <div className="dp-facts">
      <p className="hint" data-testid="dp-facts-summary">
        {stated} of {columns.length} modelled columns have public facts; the ranges and levels of
        the others are estimated from the data with noise, from part of the budget.
      </p>
      <div className="button-row">
        <JsonFileButton
          label="Import public facts (JSON or SDV metadata)"
          disabled={props.locked}
          read={read}
          onNote={setNote}
        />
        <button
          type="button"
          className="button"
          disabled={props.locked || stated === 0}
          onClick={() => {
            replace({});
            setNotes([]);
            setNote(null);
          }}
        >
          Clear public facts
        </button>
      </div>
      {note && (
        <p
          className={note.error ? 'dp-error' : 'hint'}
          role={note.error ? 'alert' : undefined}
          aria-live="polite"
        >
          {note.text}
        </p>
      )}
      {notes.length > 0 && (
        <ul className="hint">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <FactTable
        columns={columns}
        dates={dates}
        drafts={drafts}
        locked={props.locked}
        onDraft={edit}
      />
    </div>
  );
}
