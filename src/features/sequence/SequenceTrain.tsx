import { useState } from 'react';
import { SEQUENCE_MODEL_KINDS, SEQUENCE_MODEL_REGISTRY } from '../../core/models/sequence-registry';
import type { SequenceModelKind } from '../../worker/sequence-client';
import type { SequenceState, TrainChoice } from './use-sequence';

/** The model picker (each model with when to use it), the run's settings, Train and Stop. */
export function SequenceTrain(props: {
  state: SequenceState;
  onTrain: (choice: TrainChoice) => void;
  onStop: () => void;
  onLoadModel: (file: File) => void;
}) {
  const [model, setModel] = useState<SequenceModelKind>('seq-trees');
  const [epochs, setEpochs] = useState('');
  const [seed, setSeed] = useState('1');
  const [holdout, setHoldout] = useState('0.3');
  const entry = SEQUENCE_MODEL_REGISTRY[model];
  const training = props.state.busy === 'training';
  return (
    <div className="seq-train">
      <ModelPicker model={model} disabled={training} onModel={setModel} />
      <div className="seq-settings">
        {entry.trainsInEpochs && (
          <label>
            Sequence epochs (empty: chosen for your table)
            <input
              type="number"
              min={1}
              value={epochs}
              onChange={(e) => setEpochs(e.target.value)}
            />
          </label>
        )}
        <label>
          Entities set aside for the evaluation
          <select value={holdout} onChange={(e) => setHoldout(e.target.value)}>
            <option value="0">none</option>
            <option value="0.2">20 %</option>
            <option value="0.3">30 %</option>
          </select>
        </label>
        <label>
          Sequence seed
          <input type="number" value={seed} onChange={(e) => setSeed(e.target.value)} />
        </label>
      </div>
      <div className="seq-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={props.state.busy !== null}
          onClick={() =>
            props.onTrain({
              model,
              epochs:
                entry.trainsInEpochs && Number(epochs) >= 1 ? Math.floor(Number(epochs)) : null,
              seed: Number(seed) || 0,
              holdoutShare: Number(holdout),
            })
          }
        >
          Train sequence model
        </button>
        {training && (
          <button type="button" className="button" onClick={props.onStop}>
            Stop training
          </button>
        )}
        <label className="button">
          Load a sequence model
          <input
            type="file"
            accept=".json,application/json"
            aria-label="Load a sequence model file"
            className="visually-hidden"
            disabled={props.state.busy !== null}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) props.onLoadModel(f);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      <RunStatus state={props.state} />
    </div>
  );
}

function RunStatus(props: { state: SequenceState }) {
  const { busy, epochs, model, backend } = props.state;
  const last = epochs[epochs.length - 1];
  let text = '';
  if (busy === 'training')
    text = last
      ? `Training: epoch ${last.epoch} of ${last.epochs}, loss ${last.loss.toFixed(2)}, ${last.seconds.toFixed(1)} s per epoch`
      : 'Training…';
  else if (model) {
    const title = SEQUENCE_MODEL_REGISTRY[model.kind].title;
    text =
      model.trainEntities === null
        ? `Loaded: ${title} (from a model file).`
        : `Trained: ${title} on ${model.trainEntities.toLocaleString('en-US')} entities` +
          `${model.holdoutEntities ? ` (${model.holdoutEntities} set aside)` : ''}` +
          `${model.epochs ? `, ${model.epochs} epochs` : ''} in ${(model.seconds ?? 0).toFixed(1)} s.`;
  }
  if (!text) return null;
  return (
    <p
      className="seq-run-status"
      data-testid="seq-run-status"
      data-epoch-seconds={epochs.map((e) => e.seconds.toFixed(2)).join(' ')}
      role="status"
    >
      {text}
      {backend && busy === 'training' && <span className="hint"> Compute: {backend}</span>}
      {busy !== 'training' &&
        model?.notes.map((n) => (
          <span key={n} className="hint">
            {' '}
            {n}
          </span>
        ))}
    </p>
  );
}

/** The two sequence models, each with what it does and when to use it. */
function ModelPicker(props: {
  model: SequenceModelKind;
  disabled: boolean;
  onModel: (k: SequenceModelKind) => void;
}) {
  return (
    <fieldset className="seq-model-picker">
      <legend>Sequence model</legend>
      {SEQUENCE_MODEL_KINDS.map((k) => {
        const e = SEQUENCE_MODEL_REGISTRY[k];
        return (
          <label key={k} className="seq-model-option">
            <input
              type="radio"
              name="sequence-model"
              value={k}
              checked={props.model === k}
              disabled={props.disabled}
              onChange={() => props.onModel(k)}
            />
            <strong>{e.title}</strong>
            <span className="hint"> {e.explain}</span>
            <span className="seq-when"> When to use it: {e.whenToUse}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
