import { startTransition, useDeferredValue, useState, type KeyboardEvent } from 'react';
import type { SequenceViewsData } from '../../../core/eval/sequence/sequence-views';
import type { EntityTrace } from '../../../core/sequence/entity-trace';
import type { SequenceOutline } from '../../../core/sequence/outline';
import { EntityTimelines } from './EntityTimelines';
import { SequenceHowItWorks, type SequenceModelKind } from './SequenceHowItWorks';
import { SequenceLengthsChart } from './SequenceLengthsChart';
import { SequenceLossChart, type LossEpoch } from './SequenceLossChart';
import { TransitionHeatmaps } from './TransitionHeatmaps';

const TABS = [
  { id: 'seq-loss', label: 'Losses' },
  { id: 'seq-lengths', label: 'Lengths' },
  { id: 'seq-timelines', label: 'Timelines' },
  { id: 'seq-transitions', label: 'Transitions' },
  { id: 'seq-how', label: 'How it works' },
] as const;

export type SequenceViewsTab = (typeof TABS)[number]['id'];

const WAITING = (
  <p className="hint">
    The comparison appears once the model has written synthetic entities to set beside the real
    ones.
  </p>
);

/**
 * The studio for entities with events: live losses, real against synthetic lengths, a few
 * entities' timelines, the transition heatmaps, and how the model works with "Write one entity".
 * Every chart draws plain data computed by the engine (`sequenceViews`, `sequenceOutline`, the
 * traced draw); only the open tab is drawn.
 */
export function SequenceStudioViews(props: {
  /** `sequenceViews(real, synthetic)`, or null before the first synthetic sample. */
  views: SequenceViewsData | null;
  /** Finished epochs of the run (the engine's `SequenceEpoch`s fit as they are). */
  epochs: readonly LossEpoch[];
  /** `sequenceOutline(training table)`, or null before data is read. */
  outline: SequenceOutline | null;
  model: SequenceModelKind;
  /** The traced draw of the trained model; omit while it trains. */
  write?: (seed: number) => Promise<EntityTrace>;
  maxEvents?: number;
  /** Controlled tab (optional). */
  tab?: SequenceViewsTab;
  onTab?: (tab: SequenceViewsTab) => void;
}) {
  const [own, setOwn] = useState<SequenceViewsTab>('seq-loss');
  const tab = props.tab ?? own;
  const setTab = (t: SequenceViewsTab) => startTransition(() => (props.onTab ?? setOwn)(t));
  const views = useDeferredValue(props.views);
  const epochs = useDeferredValue(props.epochs);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.findIndex((x) => x.id === tab);
    const keys: Record<string, number> = {
      ArrowRight: (at + 1) % TABS.length,
      ArrowLeft: (at - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    };
    const next = TABS[keys[e.key] ?? -1];
    if (!next) return;
    e.preventDefault();
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <section
      className="studio-panel"
      aria-labelledby="sequence-views-title"
      data-testid="sequence-studio-views"
    >
      <h2 id="sequence-views-title">Watch it learn</h2>
      <div role="tablist" aria-label="Sequence views" className="tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className={`tab${tab === t.id ? ' tab-active' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`tabpanel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        className="tab-panel"
      >
        {tab === 'seq-loss' &&
          (props.model === 'seq-trees' ? (
            <p className="hint">
              The sequential trees are fitted in one pass, not trained over epochs: there is no loss
              curve to draw.
            </p>
          ) : (
            <SequenceLossChart epochs={epochs} />
          ))}
        {tab === 'seq-lengths' &&
          (views ? <SequenceLengthsChart comparison={views.lengths} /> : WAITING)}
        {tab === 'seq-timelines' &&
          (views ? <EntityTimelines timelines={views.timelines} /> : WAITING)}
        {tab === 'seq-transitions' &&
          (views ? <TransitionHeatmaps comparisons={views.transitions} /> : WAITING)}
        {tab === 'seq-how' &&
          (props.outline ? (
            <SequenceHowItWorks
              outline={props.outline}
              model={props.model}
              {...(props.write ? { write: props.write } : {})}
              {...(props.maxEvents !== undefined ? { maxEvents: props.maxEvents } : {})}
            />
          ) : (
            <p className="hint">Read entities to see how the model will write them.</p>
          ))}
      </div>
    </section>
  );
}
