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

/** The steps of "Entities with events", loaded with their own chunk when the panel opens. */
export default function SequenceSteps(props: { engine: () => EngineClient | null }) {
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
        onGenerate={(n, seed, conditions) => void commands.generate(n, seed, conditions)}
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
