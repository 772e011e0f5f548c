import { useEffect, useState } from 'react';
import type { EntityTrace, TraceChoice, TraceEvent } from '../../../core/sequence/entity-trace';
import { formatShare } from '../../../ui/format';
import { SeedInput } from '../../../ui/SeedInput';

function Choice({ c }: { c: TraceChoice }) {
  return (
    <li data-testid="entity-choice">
      <strong>{c.column}</strong>
      {c.orderPart ? ` (${c.orderPart})` : ''}: {c.options} {c.options === 1 ? 'option' : 'options'}
      ; the likeliest:
      <ul className="token-bars" aria-label={`Likeliest values of ${c.column}`}>
        {c.top.map((o, i) => {
          const drawn = o.label === c.drawn.label;
          return (
            <li
              key={`${i}:${o.label}`}
              style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}
            >
              <span style={{ minWidth: '12rem' }}>
                {drawn ? <strong>{o.label}</strong> : o.label}
              </span>
              <span
                aria-hidden="true"
                style={{
                  display: 'inline-block',
                  height: '0.7rem',
                  width: `${Math.max(0.1, o.probability * 12)}rem`,
                  background: drawn ? 'var(--accent)' : 'var(--accent-2)',
                  opacity: drawn ? 1 : 0.5,
                }}
              />
              <span>{formatShare(o.probability)}</span>
            </li>
          );
        })}
      </ul>
      Drawn: <em>{c.drawn.label}</em> ({formatShare(c.drawn.probability)}) → written:{' '}
      <strong>{c.value ?? '(missing)'}</strong>
    </li>
  );
}

function EventStep({ e }: { e: TraceEvent }) {
  return (
    <li data-testid="entity-event">
      <strong>Event {e.index + 1}</strong>
      <ol className="how-steps">
        {e.choices.map((c) => (
          <Choice key={c.column} c={c} />
        ))}
      </ol>
      <p data-testid="entity-end">
        Last event? The model gives it {formatShare(e.end.probability)}:{' '}
        <strong>
          {e.end.ended ? 'drawn: the entity ends here' : 'not drawn: another event follows'}
        </strong>
        .
      </p>
    </li>
  );
}

function WrittenEvents({ trace, shown }: { trace: EntityTrace; shown: number }) {
  return (
    <div className="table-scroll">
      <table className="anatomy-table" data-testid="written-entity">
        <thead>
          <tr>
            <th scope="col">#</th>
            {trace.subjectColumns.map((n) => (
              <th key={`s${n}`} scope="col">
                {n}
              </th>
            ))}
            {trace.eventColumns.map((n) => (
              <th key={`e${n}`} scope="col">
                {n}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {trace.events.slice(0, shown).map((e) => (
            <tr key={e.index}>
              <td>{e.index + 1}</td>
              {trace.subject.map((v, j) => (
                <td key={`s${j}`}>{v ?? ''}</td>
              ))}
              {e.cells.map((v, j) => (
                <td key={`e${j}`}>{v ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How the subject was written (and, for the trees, how to read the shares). */
function SubjectPart({ trace }: { trace: EntityTrace }) {
  return (
    <>
      {trace.model === 'seq-trees' && (
        <p className="chart-help">
          The shares are those of the training entities or events in the leaf each tree sends this
          one to; a random one of them gives the value. Numbers that few of them hold are blurred,
          so the written number can differ from the one drawn.
        </p>
      )}
      <h4>Subject</h4>
      {trace.subjectChoices.length === 0 ? (
        <p className="chart-help">The entities have no subject columns.</p>
      ) : (
        <ol className="how-steps" data-testid="entity-subject">
          {trace.subjectChoices.map((c) => (
            <Choice key={c.column} c={c} />
          ))}
        </ol>
      )}
      {trace.redraws > 0 && (
        <p className="chart-help">
          Drawn {trace.redraws + 1} times: the earlier entities copied a training entity.
        </p>
      )}
    </>
  );
}

/**
 * "Write one entity": the engine writes one synthetic entity for a seed (`write`, which the page
 * wires to the worker's traced draw) and the learner steps through it: the subject first, then
 * each event's columns and its "last event?" decision, one event at a time. The same seed
 * writes the same entity as the model's sample path.
 */
export function WriteOneEntity(props: {
  write: (seed: number) => Promise<EntityTrace>;
  /** Disables the button (e.g. while the model trains). */
  disabled?: boolean;
}) {
  const [seed, setSeed] = useState(1);
  const [trace, setTrace] = useState<EntityTrace | null>(null);
  const [shown, setShown] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const n = trace?.events.length ?? 0;
  // "Play": one more event every 0.8 s until the entity is written out
  const running = playing && shown < n;
  useEffect(() => {
    if (!running) return;
    const timer = setTimeout(() => setShown((s) => s + 1), 800);
    return () => clearTimeout(timer);
  }, [running, shown]);
  const write = async () => {
    setBusy(true);
    setError(null);
    try {
      setTrace(await props.write(seed));
      setShown(1);
      setPlaying(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="fitted-model" data-testid="write-one-entity" aria-label="Write one entity">
      <h3>Write one entity</h3>
      <p className="chart-help">
        The engine writes one synthetic entity: its subject columns, then one event at a time, each
        column drawn from what the model predicts given the subject and the events before, and after
        each event the decision whether it was the last. The same seed always writes the same
        entity.
      </p>
      <div className="inline-form">
        <label>
          Entity seed <SeedInput value={seed} onChange={setSeed} narrow />
        </label>{' '}
        <button type="button" disabled={busy || props.disabled} onClick={() => void write()}>
          Write one entity
        </button>
      </div>
      {error && (
        <p className="hint" role="alert">
          {error}
        </p>
      )}
      {trace && (
        <>
          <SubjectPart trace={trace} />
          <h4>Events</h4>
          <ol className="how-steps" data-testid="entity-events" aria-live="polite">
            {trace.events.slice(0, shown).map((e) => (
              <EventStep key={e.index} e={e} />
            ))}
          </ol>
          {n === 0 && <p className="chart-help">The model wrote this entity with no events.</p>}
          <p className="inline-form">
            <span data-testid="entity-progress">
              {Math.min(shown, n)} of {n} {n === 1 ? 'event' : 'events'} shown
              {shown >= n && trace.reachedCap
                ? ': the entity reached the most events the model writes'
                : ''}
              .
            </span>{' '}
            <button type="button" disabled={shown >= n} onClick={() => setShown((s) => s + 1)}>
              Next event
            </button>{' '}
            <button type="button" disabled={shown >= n} onClick={() => setPlaying(!running)}>
              {running ? 'Pause' : 'Play'}
            </button>{' '}
            <button type="button" disabled={shown >= n} onClick={() => setShown(n)}>
              Show all
            </button>
          </p>
          <WrittenEvents trace={trace} shown={shown} />
        </>
      )}
    </section>
  );
}
