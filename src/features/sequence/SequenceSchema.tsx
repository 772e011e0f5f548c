import { useState } from 'react';
import { CountBars } from '../../ui/CountBars';
import type {
  SequenceFilesView,
  SequenceReadOptions,
  SequenceReadView,
} from '../../worker/sequence-client';
import { lengthBars, lengthText } from './length-bars';
import { SequenceProblems } from './SequenceProblems';

/** Columns that can be the key: the event table's (two tables: those both tables have). */
function keyColumns(files: SequenceFilesView): string[] {
  const events = files.events.columns;
  return files.subjects ? events.filter((c) => files.subjects?.columns.includes(c)) : events;
}

/**
 * The key and order the engine proposed (the user can correct them), the entity's own columns
 * of a long table (tick to correct), the events-per-entity histogram, and every problem with
 * its message and choice.
 */
export function SequenceSchema(props: {
  files: SequenceFilesView;
  read: SequenceReadView;
  busy: boolean;
  onRead: (options: SequenceReadOptions) => void;
}) {
  const { files, read } = props;
  // the user's latest choice shows at once; the panel remounts this with the engine's answer
  const [options, setOptions] = useState(read.options);
  const choose = (o: SequenceReadOptions) => {
    setOptions(o);
    props.onRead(o);
  };
  const proposal = files.proposals.find((p) => p.key === options.key);
  const set = (o: Partial<SequenceReadOptions>) => choose({ ...options, ...o });
  return (
    <div className="seq-schema" data-testid="seq-schema">
      <div className="seq-key-order">
        <label>
          Entity key
          <select
            aria-label="Entity key"
            value={options.key}
            disabled={props.busy}
            onChange={(e) => {
              const next = files.proposals.find((p) => p.key === e.target.value);
              choose({ key: e.target.value, order: next?.order ?? null });
            }}
          >
            {keyColumns(files).map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Order column
          <select
            aria-label="Order column"
            value={options.order ?? ''}
            disabled={props.busy}
            onChange={(e) => set({ order: e.target.value || null })}
          >
            <option value="">none (file order)</option>
            {files.events.columns
              .filter((c) => c !== options.key)
              .map((c) => (
                <option key={c}>{c}</option>
              ))}
          </select>
        </label>
      </div>
      {proposal && <p className="hint">Proposed from the data: {proposal.reason}.</p>}
      {read.shape === 'long' && read.ok && <SubjectColumns {...props} onRead={choose} />}
      <SequenceProblems
        problems={read.problems}
        options={options}
        busy={props.busy}
        onChoose={choose}
      />
      {read.lengths && (
        <>
          <p data-testid="seq-read-summary">{lengthText(read.lengths)}</p>
          <CountBars
            title="Events per entity"
            bars={lengthBars(read.lengths)}
            series={['entities']}
            xLabel="events"
            testId="seq-length-histogram"
          />
        </>
      )}
    </div>
  );
}

/** A long table's columns, ticked when they are the entity's own (constant within it). */
function SubjectColumns(props: {
  files: SequenceFilesView;
  read: SequenceReadView;
  busy: boolean;
  onRead: (options: SequenceReadOptions) => void;
}) {
  const { read } = props;
  const own = read.subjectColumns;
  const candidates = props.files.events.columns.filter(
    (c) => c !== read.options.key && c !== read.options.order,
  );
  return (
    <fieldset className="seq-subject-columns">
      <legend>The entity&apos;s own columns (the same on each of its events)</legend>
      {candidates.map((c) => (
        <label key={c}>
          <input
            type="checkbox"
            checked={own.includes(c)}
            disabled={props.busy}
            onChange={(e) =>
              props.onRead({
                ...read.options,
                subjectColumns: e.target.checked ? [...own, c] : own.filter((x) => x !== c),
              })
            }
          />
          {c}
        </label>
      ))}
    </fieldset>
  );
}
