import { SEQUENCE_MODEL_REGISTRY } from '../../core/models/sequence-registry';
import { SequenceStudioViews } from '../studio/sequence';
import type { EntityTrace } from '../../worker/sequence-client';
import type { SequenceState } from './use-sequence';

/**
 * The studio for entities with events, mounted from the seq-views components: live losses,
 * real against synthetic lengths, timelines, transition heatmaps, "How it works" and "Write
 * one entity". It shows once a model trains or is loaded; every chart draws the engine's data.
 */
export function SequenceStudio(props: {
  state: SequenceState;
  write: (seed: number) => Promise<EntityTrace>;
}) {
  const { kind, model, generated, epochs, busy } = props.state;
  if (!kind) return null;
  const maxEvents = SEQUENCE_MODEL_REGISTRY[kind].maxEvents;
  return (
    <div className="seq-studio" data-testid="sequence-studio">
      <SequenceStudioViews
        views={generated?.views ?? null}
        epochs={epochs}
        outline={model?.outline ?? null}
        model={kind}
        {...(model && busy !== 'training' ? { write: props.write } : {})}
        {...(maxEvents !== null ? { maxEvents } : {})}
      />
    </div>
  );
}
