import { useState } from 'react';
import './sequence.css';
import { Alert } from '../../ui/Alert';
import { downloadBlob } from '../../ui/download';
import type { EngineClient } from '../../worker/engine-client';
import { SequenceEvaluate } from './SequenceEvaluate';
import { SequenceLoad } from './SequenceLoad';
import { SequenceOutput } from './SequenceOutput';
import { SequenceSchema } from './SequenceSchema';
import { SequenceStudio } from './SequenceStudio';
import { SequenceTrain } from './SequenceTrain';
import { useSequence } from './use-sequence';

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
      {open && <SequenceSteps engine={props.engine} />}
    </section>
  );
}

function SequenceSteps(props: { engine: () => EngineClient | null }) {
  const { state, commands } = useSequence(props.engine);
  const busy = state.busy !== null;
  const baseName = (state.files?.events.name ?? 'entities').replace(/\.[^.]+$/, '');
  return (
    <div className="sequence-steps">
      <SequenceLoad busy={busy} onLoad={(e, s) => void commands.load(e, s)} />
      {state.busy === 'reading' && <p role="status">Reading…</p>}
      {state.error && (
        <Alert tone="error" title="Entities and events" onDismiss={commands.dismissError}>
          {state.error}
        </Alert>
      )}
      {state.files && state.read && (
        <SequenceSchema
          key={JSON.stringify(state.read.options)}
          files={state.files}
          read={state.read}
          busy={busy}
          onRead={(o) => void commands.reread(o)}
        />
      )}
      {state.read?.ok && (
        <SequenceTrain
          state={state}
          onTrain={(c) => void commands.train(c)}
          onStop={commands.stop}
          onLoadModel={(f) => void commands.loadModel(f)}
        />
      )}
      <SequenceOutput
        key={state.model ? `${state.model.kind}-${state.model.seconds}` : 'none'}
        state={state}
        onGenerate={(n, seed) => void commands.generate(n, seed)}
        onSave={() => void commands.saveModel(downloadBlob)}
      />
      <SequenceStudio state={state} write={commands.trace} />
      <SequenceEvaluate
        state={state}
        baseName={baseName}
        onEvaluate={(seed) => void commands.evaluate(seed)}
      />
    </div>
  );
}
