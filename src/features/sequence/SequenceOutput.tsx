import { useState } from 'react';
import { SEQUENCE_MODEL_REGISTRY } from '../../core/models/sequence-registry';
import type { Condition } from '../../core/rules/conditions';
import { Alert } from '../../ui/Alert';
import { downloadBlob } from '../../ui/download';
import { PreviewTable } from '../../ui/PreviewTable';
import { SubjectConditions } from './SubjectConditions';
import type { SequenceState } from './use-sequence';

const ROLE_LABEL = { long: 'table', subjects: 'subjects', events: 'events' } as const;

/** Generate N new entities, download the files in the input's shape, save the model file. */
export function SequenceOutput(props: {
  state: SequenceState;
  onGenerate: (entities: number, seed: number, conditions: Condition[]) => void;
  onSave: () => void;
}) {
  const { model, generated, busy } = props.state;
  const [entities, setEntities] = useState(String(model?.trainEntities ?? 50));
  const [seed, setSeed] = useState('7');
  const [conditions, setConditions] = useState<Condition[]>([]);
  if (!model) return null;
  const unsavable = SEQUENCE_MODEL_REGISTRY[model.kind].unsavable;
  return (
    <div className="seq-output">
      <div className="seq-settings">
        <label>
          Entities to write
          <input
            type="number"
            min={1}
            value={entities}
            onChange={(e) => setEntities(e.target.value)}
          />
        </label>
        <label>
          Generation seed
          <input type="number" value={seed} onChange={(e) => setSeed(e.target.value)} />
        </label>
        <button
          type="button"
          className="button button-primary"
          disabled={busy !== null || !(Number(entities) >= 1)}
          onClick={() =>
            props.onGenerate(Math.floor(Number(entities)), Number(seed) || 0, conditions)
          }
        >
          Generate entities
        </button>
        <button
          type="button"
          className="button"
          disabled={busy !== null || unsavable !== null}
          onClick={props.onSave}
        >
          Save sequence model
        </button>
      </div>
      <SubjectConditions
        columns={model.template.subjectColumns}
        values={model.subjectValues}
        conditions={conditions}
        onChange={setConditions}
      />
      {unsavable && <p className="hint">{unsavable}</p>}
      {generated && (
        <>
          <p data-testid="seq-generated-summary" role="status">
            Wrote {generated.entities.toLocaleString('en-US')} new entities with{' '}
            {generated.events.toLocaleString('en-US')} events in {generated.seconds.toFixed(1)} s;{' '}
            {(generated.integrity * 100).toFixed(1)} % of the events name a written subject.
          </p>
          {generated.message && <Alert tone="warning">{generated.message}</Alert>}
          <div className="seq-actions">
            {generated.files.map((f) => (
              <button
                key={f.role}
                type="button"
                className="button"
                onClick={() => downloadBlob(f.csv, f.name)}
              >
                Download {ROLE_LABEL[f.role]} ({f.name})
              </button>
            ))}
          </div>
          <PreviewTable
            names={generated.preview.names}
            rows={generated.preview.rows}
            label="First synthetic events"
          />
        </>
      )}
    </div>
  );
}
