import { useRef, useState } from 'react';

/**
 * The two ways in: one long CSV (events with a key column, the entity's own columns repeated),
 * or an event CSV plus a subject CSV (one row per key). Files are read by the engine worker.
 */
export function SequenceLoad(props: {
  busy: boolean;
  onLoad: (events: File, subjects: File | null) => void;
}) {
  const [events, setEvents] = useState<File | null>(null);
  const [subjects, setSubjects] = useState<File | null>(null);
  const subjectsInput = useRef<HTMLInputElement>(null);
  return (
    <div className="seq-load">
      <p className="hint">
        One long CSV with a key column (each row an event of the entity it names), or two CSVs: the
        events, and the subjects with one row per key. Both are read inside this page.
      </p>
      <div className="seq-load-files">
        <label>
          Events (or one long table)
          <input
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            aria-label="Event table CSV"
            disabled={props.busy}
            onChange={(e) => setEvents(e.target.files?.[0] ?? null)}
          />
        </label>
        <label>
          Subjects (optional: one row per key)
          <input
            ref={subjectsInput}
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            aria-label="Subject table CSV"
            disabled={props.busy}
            onChange={(e) => setSubjects(e.target.files?.[0] ?? null)}
          />
        </label>
        {subjects && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setSubjects(null);
              if (subjectsInput.current) subjectsInput.current.value = '';
            }}
          >
            No subject table
          </button>
        )}
      </div>
      <button
        type="button"
        className="button button-primary"
        disabled={props.busy || !events}
        onClick={() => events && props.onLoad(events, subjects)}
      >
        Read entities
      </button>
    </div>
  );
}
