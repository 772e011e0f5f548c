import { lazy, Suspense, useState } from 'react';
import './sequence.css';
import type { EngineClient } from '../../worker/engine-client';

// the steps (and the studio's charts) are fetched from this page's own files when first opened
const SequenceSteps = lazy(() => import('./SequenceSteps'));

/**
 * Entities with events (patients and visits, customers and transactions): load one long CSV or
 * two linked CSVs, check key, order and every problem, train a sequence model, write new
 * entities in the input's shape, and evaluate them. Its steps render only once opened.
 */
export function SequencePanel(props: { engine: () => EngineClient | null }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="sequence-panel" aria-labelledby="sequence-title">
      <h2 id="sequence-title">Entities with events</h2>
      <p className="hint">
        For data where each entity has several rows: patients and their visits, customers and their
        transactions.
      </p>
      <button
        type="button"
        className="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? 'Close entities and events' : 'Work with entities and events'}
      </button>
      {open && (
        <Suspense fallback={<p role="status">Opening…</p>}>
          <SequenceSteps engine={props.engine} />
        </Suspense>
      )}
    </section>
  );
}
